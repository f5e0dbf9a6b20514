// ping.c: the console command "ping N SIZE [PROC [LOCKSTEP]]" and its receive side.
// Payloads follow nicsim's stack.EncodePing: "nsp1", proc (2 bytes), seq (4 bytes), all
// big-endian, then filler byte i = base(proc, seq) + i.
#include "nicsim.h"

#define PING_HDR 10
#define MAX_PAYLOAD 1472

int ns_rx_count, ns_tx_count, ns_tx_fail, ns_tx_frames;
static uint8 payload[MAX_PAYLOAD];
static volatile long last_rx_seq = -1; // of the current ping command's proc
static int cur_proc;

static uint8
filler_base(uint16 proc, uint32 seq)
{
  uint32 x = seq * 2654435761U + (uint32)proc * 40503U;
  return (uint8)((x >> 24) ^ (x >> 8));
}

static int
encode_ping(uint8 *p, uint16 proc, uint32 seq, int size)
{
  if (size < PING_HDR)
    size = PING_HDR;
  p[0] = 'n';
  p[1] = 's';
  p[2] = 'p';
  p[3] = '1';
  ns_put16(p + 4, proc);
  ns_put32(p + 6, seq);
  uint8 b = filler_base(proc, seq);
  for (int i = PING_HDR; i < size; i++)
    p[i] = b + (uint8)i;
  return size;
}

static int
decode_ping(const uint8 *p, int len, uint16 *proc, uint32 *seq)
{
  if (len < PING_HDR || p[0] != 'n' || p[1] != 's' || p[2] != 'p' || p[3] != '1')
    return 0;
  *proc = ns_get16(p + 4);
  *seq = ns_get32(p + 6);
  uint8 b = filler_base(*proc, *seq);
  for (int i = PING_HDR; i < len; i++)
    if (p[i] != (uint8)(b + i))
      return 0;
  return 1;
}

// SETTLE_US of virtual time lets QEMU's own timers run out before the guest says
// it is idle: the e1000 postpones interrupts by up to 128 us (interrupt mitigation),
// and a frame that arrives while that timer is pending would be delivered at a
// host-dependent point. Sleeping costs no wall time under -icount sleep=off.
#define SETTLE_US 200

// wait_echo idles until the echo of seq arrives; it gives up (returns -1) when the
// host types a command instead, e.g. its liveness probe.
static int
wait_echo(int seq)
{
  for (;;) {
    ns_sleep_us(SETTLE_US);
    ns_intr_off();
    if (last_rx_seq == seq || ns_console_pending())
      break;
    // Everything sent so far is on the wire and the guest is about to idle with
    // no timer pending: the host holds its replies until it reads this.
    printf("nicsim: idle tx=%d\n", ns_tx_frames);
    ns_idle();
    ns_intr_on();
  }
  ns_intr_on();
  return last_rx_seq == seq ? 0 : -1;
}

// ns_cmd_ping sends n datagrams to 10.0.2.2:7 from the command loop. In lockstep
// mode it waits for each echo before sending the next, so that every frame reaches
// the guest while it idles, at a virtual time that does not depend on the host.
void
ns_cmd_ping(int n, int size, int proc, int lockstep)
{
  if (size > MAX_PAYLOAD)
    size = MAX_PAYLOAD;
  cur_proc = proc;
  last_rx_seq = -1;
  int sent = 0;
  for (int seq = 0; seq < n; seq++) {
    int len = encode_ping(payload, proc, seq, size);
    if (ns_send_udp(payload, len) == 0) {
      sent++;
      ns_tx_count++;
    } else {
      ns_tx_fail++;
      printf("nicsim: tx-fail seq=%d\n", seq);
    }
    if (lockstep && wait_echo(seq) < 0) {
      printf("nicsim: abort seq=%d\n", seq);
      break;
    }
  }
  printf("nicsim: done sent=%d\n", sent);
}

// ns_udp_deliver is the socket layer: it reports each datagram on the console. It
// runs in the driver's receive path (interrupt context).
void
ns_udp_deliver(uint32 sip, uint16 sport, uint16 dport, const uint8 *p, int len)
{
  uint16 proc;
  uint32 seq;
  ns_rx_count++;
  if (ns_sock_deliver(sip, sport, dport, p, len))
    return; // a lab program's socket took it, or dropped it
  if (dport == NS_LOCAL_PORT && decode_ping(p, len, &proc, &seq)) {
    printf("nicsim: rx seq=%d proc=%d len=%d\n", (int)seq, proc, len);
    if (proc == cur_proc)
      last_rx_seq = seq;
  }
  else
    printf("nicsim: rx other src=%x sport=%d dport=%d len=%d\n", sip, sport, dport, len);
}

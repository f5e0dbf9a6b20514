/*
 * workload.c: the JOS guest's workload, a UDP and ARP exchange with the peer
 * at the driver level.
 *
 * After jos_mem_init, it attaches the driver (jos_pci_attach: the student's
 * attach function for 8086:100E), waits out QEMU's one-second receive blackout
 * after the RCTL write (free under -icount sleep=off: the guest halts with the
 * PIT armed), says "nicsim: ready", then through the student's transmit and
 * receive functions only (the adapter nicsim_tx/nicsim_rx): sends an ARP
 * request for 10.0.2.2 and polls for the reply, sends NICSIM_PINGS UDP pings
 * (stack.EncodePing's payload) to 10.0.2.2:7 one at a time and polls for each
 * echo, answering every ARP request for 10.0.2.15 on the way, and prints
 * "nicsim: done". A transmit that returns < 0 (ring full) is retried.
 *
 * The driver is polled, so the workload polls: there is no timer, and the
 * host decides when an answer will not come. Any console input (the host's
 * liveness probe) makes the workload print a "nicsim: stat" line and send the
 * request or ping it waits on again, at most TRIES times in all; a transmit
 * still refused by then is given up ("nicsim: tx ... rc=R" with R < 0).
 *
 * Console lines (parsed by guest/qemu/jospc):
 *   nicsim: attach rc=R
 *   nicsim: ready pings=N
 *   nicsim: tx kind=K seq=S len=L rc=R retries=T
 *   nicsim: rx n=N len=L crc=C kind=K seq=S
 *   nicsim: rx-bad rc=R          (the receive function claimed more than the buffer)
 *   nicsim: rx-overrun rc=R wrote=W (it wrote W bytes into a NICSIM_RX_LEN buffer)
 *   nicsim: stat tx=N rx=N echoes=E/N gw=G
 *   nicsim: done rx=N echoes=E
 */
#include "guest.h"
#include "frames.h"
#include "pc.h"

#ifndef NICSIM_PINGS
#define NICSIM_PINGS 4
#endif

#define PING_PROC 1
#ifndef NICSIM_PING_SIZE
#define NICSIM_PING_SIZE 64 /* UDP payload bytes of a ping */
#endif
#define PING_SIZE NICSIM_PING_SIZE
#ifndef NICSIM_BURST
#define NICSIM_BURST 0 /* full-size datagrams to the discard port after the pings */
#endif
#define BURST_PROC 2
#define BURST_SIZE (1514 - 42)
#define DISCARD_PORT 9
#ifndef NICSIM_RX_LEN
#define NICSIM_RX_LEN 2048 /* the buffer size the receive function is told */
#endif
#ifndef NICSIM_RX_SHORT_EVERY
#define NICSIM_RX_SHORT_EVERY 0 /* every Nth frame is received into RX_SHORT bytes (0: none) */
#endif
#define RX_SHORT 64        /* as the simulation's workload (a buffer shorter than an echo) */
#define RX_SLACK 2048      /* guarded bytes after it */
#define CANARY 0xA5
#define TRIES 5
#define ARP_QUEUE 8

static uint8_t gw_mac[6];
static int gw_known, rx_frames, tx_calls, echoes, tries_left = TRIES;
static int echoed[NICSIM_PINGS];
static uint8_t rx_buf[NICSIM_RX_LEN + RX_SLACK]; /* the slack catches overruns */

static struct {
	uint8_t mac[6], ip[4];
} arp_asks[ARP_QUEUE];
static unsigned arp_in, arp_out;

/* classify names a received frame, notes ARP requests, the gateway's MAC and
 * echoes, and returns an echo's sequence number in *seq. */
static const char *classify(const uint8_t *f, int n, int *seq)
{
	enum nicsim_kind k = nicsim_frame_kind(f, (unsigned)n, seq);
	switch (k) {
	case NICSIM_ARP_REQUEST:
		if (arp_in - arp_out < ARP_QUEUE) {
			unsigned slot = arp_in++ % ARP_QUEUE;
			memcpy(arp_asks[slot].mac, f + 22, 6);
			memcpy(arp_asks[slot].ip, f + 28, 4);
		}
		break;
	case NICSIM_ARP_REPLY:
		memcpy(gw_mac, f + 22, 6);
		gw_known = 1;
		break;
	case NICSIM_ECHO:
		if ((uint32_t)*seq < NICSIM_PINGS && !echoed[*seq]) {
			echoed[*seq] = 1;
			echoes++;
		}
		break;
	default:
		break;
	}
	return nicsim_kind_name(k);
}

/* probed drains console input and reports whether there was any: the host's
 * liveness probe, answered with a stat line. */
static int probed(void)
{
	int asked = 0;
	while (pc_getc() >= 0)
		asked = 1;
	if (asked)
		pc_printf("nicsim: stat tx=%d rx=%d echoes=%d/%d gw=%d\n", tx_calls, rx_frames, echoes,
			  NICSIM_PINGS, gw_known);
	return asked;
}

/* rx_cap is the buffer size of the next receive call: RX_SHORT while the
 * frame to come is every NICSIM_RX_SHORT_EVERY-th (counted by frames, not
 * calls, so the same frames get it in every run), else NICSIM_RX_LEN. */
static int rx_cap(void)
{
	if (NICSIM_RX_SHORT_EVERY > 0 && (rx_frames + 1) % NICSIM_RX_SHORT_EVERY == 0 && RX_SHORT < NICSIM_RX_LEN)
		return RX_SHORT;
	return NICSIM_RX_LEN;
}

/* poll_rx takes every frame the driver has and reports whether it got any. */
static int poll_rx(void)
{
	int got = 0;
	for (;;) {
		int cap = rx_cap();
		memset(rx_buf + cap, CANARY, NICSIM_RX_LEN + RX_SLACK - cap);
		int n = nicsim_rx(rx_buf, cap);
		int wrote = NICSIM_RX_LEN + RX_SLACK;
		while (wrote > cap && rx_buf[wrote - 1] == CANARY)
			wrote--;
		if (wrote > cap)
			pc_printf("nicsim: rx-overrun rc=%d wrote=%d cap=%d\n", n, wrote, cap);
		if (n <= 0)
			return got;
		got = 1;
		if (n > cap) {
			pc_printf("nicsim: rx-bad rc=%d cap=%d\n", n, cap);
			return got;
		}
		int seq;
		const char *kind = classify(rx_buf, n, &seq);
		pc_printf("nicsim: rx n=%d len=%d cap=%d crc=%08x kind=%s seq=%d\n", rx_frames++, n, cap,
			  (unsigned)nicsim_crc32(rx_buf, (unsigned)n), kind, seq);
	}
}

/* transmit hands a frame to the driver, retrying while it returns < 0 (the
 * ring is full), and polling the receive side in between. */
static int transmit(const uint8_t *f, unsigned len, const char *kind, int seq)
{
	int rc, retries = 0;
	while ((rc = nicsim_tx(f, len)) < 0) {
		retries++;
		poll_rx();
		if (probed() && --tries_left <= 0)
			break;
	}
	tx_calls++;
	pc_printf("nicsim: tx kind=%s seq=%d len=%u rc=%d retries=%d\n", kind, seq, len, rc, retries);
	return rc;
}

static void answer_arps(void)
{
	while (arp_out != arp_in) {
		uint8_t f[60];
		unsigned slot = arp_out++ % ARP_QUEUE;
		unsigned n = nicsim_arp_frame(f, arp_asks[slot].mac, 2, arp_asks[slot].mac, arp_asks[slot].ip);
		transmit(f, n, "arp-reply", -1);
	}
}

/* wait_for polls and answers ARP until *flag is set (1), or the host probes
 * (0: send again). */
static int wait_for(const int *flag)
{
	for (;;) {
		poll_rx();
		answer_arps();
		if (*flag)
			return 1;
		if (probed())
			return 0;
	}
}

void guest_main(void)
{
	static uint8_t f[1514];
	static const uint8_t zero[6];
	int rc;

	jos_mem_init();
	if (!jos_pci_attach(&rc)) {
		pc_printf("nicsim: no e1000 (8086:100e) on PCI bus 0\n");
		pc_halt();
	}
	pc_printf("nicsim: attach rc=%d\n", rc);
	pc_wait_ticks(PC_HZ + PC_HZ / 10); /* QEMU's receive blackout after RCTL */
	pc_printf("nicsim: ready pings=%d\n", NICSIM_PINGS);
	while (!gw_known && tries_left-- > 0) {
		transmit(f, nicsim_arp_frame(f, nicsim_broadcast, 1, zero, nicsim_gw_ip), "arp-request", -1);
		wait_for(&gw_known);
	}
	for (uint32_t seq = 0; seq < NICSIM_PINGS && gw_known; seq++) {
		while (!echoed[seq] && tries_left > 0) {
			transmit(f, nicsim_udp_frame(f, gw_mac, NICSIM_ECHO_PORT, PING_PROC, seq, PING_SIZE), "ping", (int)seq);
			if (!wait_for(&echoed[seq]))
				tries_left--;
		}
	}
	/* As the simulation's workload: once every ping came back, a burst of
	 * full-size datagrams to the discard port, back to back. */
	for (uint32_t i = 0; i < NICSIM_BURST && gw_known && echoed[NICSIM_PINGS - 1]; i++)
		transmit(f, nicsim_udp_frame(f, gw_mac, DISCARD_PORT, BURST_PROC, i, BURST_SIZE), "burst", (int)i);
	pc_printf("nicsim: done rx=%d echoes=%d\n", rx_frames, echoes);
	for (;;) {
		poll_rx();
		answer_arps();
		probed();
	}
}

// sock.c: the UDP sockets of the lab programs (nettests.c, nettest.c): per-port
// queues filled by the receive path (interrupt context) and drained by ns_recv, which
// idles until a datagram comes. The bound is the 2024 lab's (16 per port: ping3
// relies on replies being dropped); the 2020-2023 lab's mbuf queues are unbounded,
// here 64, more than any of its tests has in flight.
#include "nicsim.h"

#define NSOCK 16
#ifdef NICSIM_ABI_2024
#define QMAX 16
#else
#define QMAX 64
#endif
#define DGMAX 1024

struct dgram {
  uint32 sip;
  uint16 sport;
  int len;
  uint8 data[DGMAX];
};

struct sock {
  uint16 port; // 0: free
  int head, n;
  struct dgram q[QMAX];
};

static struct sock socks[NSOCK];
static int active; // a lab program runs: its sockets take every datagram
int ns_lab_lines;

// ns_sock_begin starts a lab program: every datagram goes to its sockets from now on.
void
ns_sock_begin(void)
{
  ns_intr_off();
  for (int i = 0; i < NSOCK; i++)
    socks[i].port = 0;
  active = 1;
  ns_intr_on();
}

void
ns_sock_end(void)
{
  ns_intr_off();
  active = 0;
  ns_lab_lines = 0;
  ns_intr_on();
}

static struct sock *
lookup(uint16 port)
{
  for (int i = 0; i < NSOCK; i++)
    if (socks[i].port == port)
      return &socks[i];
  return 0;
}

// ns_bind binds port; it returns 0, or -1 when it is bound already or no socket is free.
int
ns_bind(uint16 port)
{
  int r = -1;
  ns_intr_off();
  struct sock *s = lookup(0);
  if (port != 0 && !lookup(port) && s) {
    s->port = port;
    s->head = s->n = 0;
    r = 0;
  }
  ns_intr_on();
  return r;
}

void
ns_unbind(uint16 port)
{
  ns_intr_off();
  struct sock *s = lookup(port);
  if (port != 0 && s)
    s->port = 0;
  ns_intr_on();
}

// ns_sock_deliver queues a datagram on its port's socket (dropping it when the port
// is not bound or its queue is full) and returns 1, or returns 0 when no lab program
// runs. It runs in the receive path.
int
ns_sock_deliver(uint32 sip, uint16 sport, uint16 dport, const uint8 *p, int len)
{
  if (!active)
    return 0;
  struct sock *s = lookup(dport);
  if (dport == 0 || !s || s->n == QMAX)
    return 1;
  struct dgram *d = &s->q[(s->head + s->n) % QMAX];
  s->n++;
  d->sip = sip;
  d->sport = sport;
  d->len = len < DGMAX ? len : DGMAX;
  memmove(d->data, (void *)p, d->len);
  return 1;
}

// ns_queued returns the number of datagrams queued on port.
int
ns_queued(uint16 port)
{
  ns_intr_off();
  struct sock *s = lookup(port);
  int n = (port != 0 && s) ? s->n : 0;
  ns_intr_on();
  return n;
}

// ns_recv waits for a datagram on port and copies at most max bytes of it to buf; it
// returns the datagram's length (truncated to max), or -1 when port is not bound. A
// datagram that never comes keeps it waiting, as the lab's recv does.
int
ns_recv(uint16 port, uint32 *sip, uint16 *sport, uint8 *buf, int max)
{
  ns_intr_off();
  struct sock *s = lookup(port);
  if (port == 0 || !s) {
    ns_intr_on();
    return -1;
  }
  while (s->n == 0)
    ns_idle();
  struct dgram *d = &s->q[s->head];
  s->head = (s->head + 1) % QMAX;
  s->n--;
  int n = d->len < max ? d->len : max;
  memmove(buf, d->data, n);
  *sip = d->sip;
  *sport = d->sport;
  ns_intr_on();
  return n;
}

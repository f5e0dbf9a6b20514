// nettest.c: the xv6 2024+ net lab's guest program (user/nettest.c) as nicsim's guest
// runs "nettest grade": countfree, txone, ping0..ping3, dns and countfree again, with
// two seconds of (virtual) sleep between them, the same datagrams and the same console
// lines. The host echoes every datagram sent to 10.0.2.2:NET_TESTS_PORT except txone's.
// A failing test prints why and the next one runs, as in the lab's grade.
#include "nicsim.h"

extern char end[];

#define PKT 16

// sendto sends len bytes of p from sport to 10.0.2.2:dport; 0 or -1.
static int
sendto(const char *who, uint16 sport, uint16 dport, const char *p, int len)
{
  if (ns_send_udp_to(NS_HOST_IP, sport, dport, (const uint8 *)p, len) < 0) {
    printf("%s: send() failed\n", who);
    return -1;
  }
  return 0;
}

// expect receives one datagram on port and checks that it is the host's echo of
// want (source 10.0.2.2:dport, same bytes, same length).
static int
expect(const char *who, uint16 port, uint16 dport, const char *want, int len)
{
  char ibuf[128];
  uint32 src;
  uint16 sport;
  memset(ibuf, 0, sizeof(ibuf));
  int cc = ns_recv(port, &src, &sport, (uint8 *)ibuf, sizeof(ibuf) - 1);
  if (cc < 0) {
    printf("%s: recv() failed\n", who);
    return -1;
  }
  if (src != NS_HOST_IP) {
    printf("%s: wrong ip src %x\n", who, src);
    return -1;
  }
  if (sport != dport) {
    printf("%s: wrong sport %d\n", who, sport);
    return -1;
  }
  if (memcmp(want, ibuf, len) != 0) {
    printf("%s: wrong content\n", who);
    return -1;
  }
  if (cc != len) {
    printf("%s: wrong length %d\n", who, cc);
    return -1;
  }
  return 0;
}

// label writes "NAME" followed by the three digits of i: each datagram of a test
// differs, so an echo out of order is seen.
static int
label(char *buf, const char *name, int i)
{
  int n = 0;
  while (name[n]) {
    buf[n] = name[n];
    n++;
  }
  buf[n++] = '0' + i / 100 % 10;
  buf[n++] = '0' + i / 10 % 10;
  buf[n++] = '0' + i % 10;
  return n;
}

static void
txone(uint16 dport)
{
  printf("txone: sending one packet\n");
  sendto("txone", 2003, dport, "txone", 5);
}

static int
ping0(uint16 dport)
{
  printf("ping0: starting\n");
  ns_bind(2004);
  if (sendto("ping0", 2004, dport, "ping0", 5) < 0 || expect("ping0", 2004, dport, "ping0", 5) < 0)
    return 0;
  ns_unbind(2004);
  printf("ping0: OK\n");
  return 1;
}

static int
ping1(uint16 dport)
{
  char buf[PKT];
  printf("ping1: starting\n");
  ns_bind(2005);
  for (int i = 0; i < 20; i++) {
    int n = label(buf, "ping1-", i);
    if (sendto("ping1", 2005, dport, buf, n) < 0 || expect("ping1", 2005, dport, buf, n) < 0)
      return 0;
  }
  ns_unbind(2005);
  printf("ping1: OK\n");
  return 1;
}

static int
ping2(uint16 dport)
{
  char buf[PKT];
  printf("ping2: starting\n");
  ns_bind(2006);
  ns_bind(2007);
  for (int i = 0; i < 5; i++) {
    if (sendto("ping2", 2006, dport, buf, label(buf, "ping2a-", i)) < 0 ||
        sendto("ping2", 2007, dport, buf, label(buf, "ping2b-", i)) < 0)
      return 0;
  }
  for (int i = 0; i < 5; i++)
    if (expect("ping2", 2006, dport, buf, label(buf, "ping2a-", i)) < 0)
      return 0;
  for (int i = 0; i < 5; i++)
    if (expect("ping2", 2007, dport, buf, label(buf, "ping2b-", i)) < 0)
      return 0;
  ns_unbind(2006);
  ns_unbind(2007);
  printf("ping2: OK\n");
  return 1;
}

// ping3 floods port 2008 (and the unbound 2010) with 257 echoes between two
// datagrams of 2009: both of 2009's must come back although 2008's queue overflows,
// and 2008 must hold a bounded queue of its echoes, in order.
static int
ping3(uint16 dport)
{
  char buf[PKT];
  printf("ping3: starting\n");
  ns_bind(2008);
  ns_bind(2009);
  if (sendto("ping3", 2009, dport, buf, label(buf, "ping3b-", 0)) < 0)
    return 0;
  for (int i = 0; i < 257; i++)
    if (sendto("ping3", i % 2 ? 2010 : 2008, dport, buf, label(buf, "ping3a-", i)) < 0)
      return 0;
  if (sendto("ping3", 2009, dport, buf, label(buf, "ping3b-", 1)) < 0)
    return 0;
  for (int i = 0; i < 2; i++)
    if (expect("ping3", 2009, dport, buf, label(buf, "ping3b-", i)) < 0)
      return 0;
  int n = ns_queued(2008);
  if (n == 0 || n > 16) {
    printf("ping3: %d packets queued for port 2008\n", n);
    return 0;
  }
  for (int i = 0; i < n; i++)
    if (expect("ping3", 2008, dport, buf, label(buf, "ping3a-", 2 * i)) < 0)
      return 0;
  ns_unbind(2008);
  ns_unbind(2009);
  printf("ping3: OK\n");
  return 1;
}

static int
countfree(void)
{
  return (NS_RAM_END - PGROUNDUP((uint64)end)) / PGSIZE - ns_pages_in_use();
}

static void
grade(uint16 dport)
{
  int free0 = countfree();
  txone(dport);
  ns_sleep_us(2000000);
  ping0(dport);
  ns_sleep_us(2000000);
  ping1(dport);
  ns_sleep_us(2000000);
  ping2(dport);
  ns_sleep_us(2000000);
  ping3(dport);
  ns_sleep_us(2000000);
  printf("dns: starting\n");
  if (ns_dns("dns"))
    printf("dns: OK\n");
  ns_sleep_us(2000000);
  int free1 = countfree();
  if (free1 + 32 < free0)
    printf("free: FAILED -- lost too many free pages %d (out of %d)\n", free1, free0);
  else
    printf("free: OK\n");
}

// ns_cmd_nettest runs "nettest grade [PORT]" (PORT: NET_TESTS_PORT, by default the
// lab's SERVERPORT for uid 0).
void
ns_cmd_nettest(const char *args)
{
  while (*args == ' ')
    args++;
  if (memcmp(args, "grade", 5) != 0) {
    printf("Usage: nettest grade\n");
    return;
  }
  args += 5;
  uint16 dport = ns_atoi_next(&args, NS_NET_TESTS_PORT);
  ns_sock_begin();
  ns_lab_lines = 1;
  grade(dport);
  ns_sock_end();
}

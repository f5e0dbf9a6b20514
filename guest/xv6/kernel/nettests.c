// nettests.c: the xv6 2020-2023 net lab's guest program (user/nettests.c) as nicsim's
// guest runs it: the same datagrams and the same console lines. ping sends "a message
// from xv6!" from its port to 10.0.2.2:NET_TESTS_PORT and expects the host's fixed
// reply "this is the host!"; the multi-process test's 10 processes become 10 sockets
// (ports 2001..2010) that all send before any receives. A failing test ends the
// program, as exit(1) does in the lab's.
#include "nicsim.h"

#define NS_PING_SPORT 2000

static const char request[] = "a message from xv6!";
static const char reply[] = "this is the host!";

// ping_send binds sport and sends the request attempts times; it returns 0 or -1.
static int
ping_send(uint16 sport, uint16 dport, int attempts)
{
  if (ns_bind(sport) < 0) {
    printf("ping: connect() failed\n");
    return -1;
  }
  for (int i = 0; i < attempts; i++) {
    if (ns_send_udp_to(NS_HOST_IP, sport, dport, (const uint8 *)request, sizeof(request) - 1) < 0) {
      printf("ping: send() failed\n");
      ns_unbind(sport);
      return -1;
    }
  }
  return 0;
}

// ping_recv waits for the host's reply on sport, checks it and closes the socket.
static int
ping_recv(uint16 sport)
{
  uint8 ibuf[128];
  uint32 sip;
  uint16 from;
  int cc = ns_recv(sport, &sip, &from, ibuf, sizeof(ibuf) - 1);
  ns_unbind(sport);
  if (cc < 0) {
    printf("ping: recv() failed\n");
    return -1;
  }
  ibuf[cc] = 0;
  if (cc != sizeof(reply) - 1 || memcmp(ibuf, reply, cc) != 0) {
    printf("ping didn't receive correct payload\n");
    return -1;
  }
  return 0;
}

static int
ping(uint16 sport, uint16 dport, int attempts)
{
  if (ping_send(sport, dport, attempts) < 0)
    return -1;
  return ping_recv(sport);
}

static int
tests(uint16 dport)
{
  printf("testing ping: ");
  if (ping(NS_PING_SPORT, dport, 1) < 0)
    return -1;
  printf("OK\n");
  printf("testing single-process pings: ");
  for (int i = 0; i < 100; i++)
    if (ping(NS_PING_SPORT, dport, 1) < 0)
      return -1;
  printf("OK\n");
  printf("testing multi-process pings: ");
  for (int i = 0; i < 10; i++)
    if (ping_send(NS_PING_SPORT + i + 1, dport, 1) < 0)
      return -1;
  for (int i = 0; i < 10; i++)
    if (ping_recv(NS_PING_SPORT + i + 1) < 0)
      return -1;
  printf("OK\n");
  printf("testing DNS\n");
  if (!ns_dns("dns"))
    return -1;
  printf("DNS OK\n");
  return 0;
}

// ns_cmd_nettests runs "nettests [PORT]" (PORT: NET_TESTS_PORT, by default the lab's
// SERVERPORT for uid 0).
void
ns_cmd_nettests(const char *args)
{
  uint16 dport = ns_atoi_next(&args, NS_NET_TESTS_PORT);
  ns_sock_begin();
  printf("nettests running on port %d\n", dport);
  if (tests(dport) == 0)
    printf("all tests passed.\n");
  ns_sock_end();
}

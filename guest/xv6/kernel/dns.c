// dns.c: the labs' DNS test, as user/nettests.c (2020-2023) and user/nettest.c
// (2024+) make it: an A query for pdos.csail.mit.edu (id 6828, recursion desired)
// from port 10000 to 8.8.8.8:53, and the checks on the answer: the id, a response,
// rcode 0, an A record of class IN, and the address 128.52.129.126.
#include "nicsim.h"

#define DNS_SPORT 10000
#define DNS_ID 6828
#define DNS_HDR 12
#define DNS_MAX 1000

static const char qname[] = "pdos.csail.mit.edu.";

// dns_req writes the query into q and returns its length (36 bytes).
static int
dns_req(uint8 *q)
{
  memset(q, 0, DNS_HDR);
  ns_put16(q, DNS_ID);
  q[2] = 0x01;       // rd
  ns_put16(q + 4, 1); // qdcount
  int n = DNS_HDR;
  for (const char *s = qname; *s;) { // labels: "pdos" "csail" "mit" "edu"
    const char *dot = s;
    while (*dot != '.')
      dot++;
    q[n++] = dot - s;
    while (s < dot)
      q[n++] = *s++;
    s++;
  }
  q[n++] = 0;
  ns_put16(q + n, 1); // qtype A
  ns_put16(q + n + 2, 1); // qclass IN
  return n + 4;
}

// skipname returns the offset after the (possibly compressed) name at off, or -1.
static int
skipname(const uint8 *r, int len, int off)
{
  while (off < len) {
    if ((r[off] & 0xc0) == 0xc0)
      return off + 2 <= len ? off + 2 : -1;
    if (r[off] == 0)
      return off + 1;
    off += r[off] + 1;
  }
  return -1;
}

// dns_rep checks the answer as the lab's dns_rep does; it prints why it fails.
static int
dns_rep(const char *who, const uint8 *r, int len)
{
  if (len < DNS_HDR || ns_get16(r) != DNS_ID || (r[2] & 0x80) == 0) {
    printf("%s: not a DNS response for %d\n", who, DNS_ID);
    return 0;
  }
  if (r[3] & 0x0f) {
    printf("%s: DNS rcode error: %x\n", who, r[3] & 0x0f);
    return 0;
  }
  int off = DNS_HDR;
  for (int i = 0; i < ns_get16(r + 4) && off >= 0; i++) {
    off = skipname(r, len, off);
    off = off < 0 ? -1 : off + 4;
  }
  int arecord = 0;
  for (int i = 0; i < ns_get16(r + 6) && off >= 0 && off < len; i++) {
    off = skipname(r, len, off);
    if (off < 0 || off + 10 > len)
      break;
    int type = ns_get16(r + off), class = ns_get16(r + off + 2), rdlen = ns_get16(r + off + 8);
    off += 10;
    if (off + rdlen > len)
      break;
    if (type == 1 && class == 1 && rdlen == 4) {
      const uint8 *ip = r + off;
      printf("DNS arecord for %s is %d.%d.%d.%d\n", qname, ip[0], ip[1], ip[2], ip[3]);
      if (ip[0] != 128 || ip[1] != 52 || ip[2] != 129 || ip[3] != 126) {
        printf("%s: wrong ip address\n", who);
        return 0;
      }
      arecord = 1;
    }
    off += rdlen;
  }
  if (!arecord) {
    printf("%s: didn't receive an arecord\n", who);
    return 0;
  }
  return 1;
}

// ns_dns runs the DNS test; it returns 1 when the answer is right.
int
ns_dns(const char *who)
{
  static uint8 q[DNS_MAX], r[DNS_MAX];
  int n = dns_req(q);
  if (ns_bind(DNS_SPORT) < 0 || ns_send_udp_to(NS_DNS_IP, DNS_SPORT, 53, q, n) < 0) {
    printf("%s: send() failed\n", who);
    ns_unbind(DNS_SPORT);
    return 0;
  }
  uint32 sip;
  uint16 sport;
  int cc = ns_recv(DNS_SPORT, &sip, &sport, r, sizeof(r));
  ns_unbind(DNS_SPORT);
  if (cc < 0) {
    printf("%s: recv() failed\n", who);
    return 0;
  }
  return dns_rep(who, r, cc);
}

// net.c: the protocol work of xv6's net.c shared by both ABIs, on raw frames:
// Ethernet, ARP replies for 10.0.2.15, IPv4 validation and UDP to the console.
// Frame layout: Ethernet 0..13, IP or ARP from 14, UDP from 34, payload from 42.
#include "nicsim.h"

#define ETH_LEN 14
#define IP_LEN 20
#define UDP_LEN 8
#define ARP_LEN 28
#define ETHTYPE_IPV4 0x0800
#define ETHTYPE_ARPV 0x0806

uint8 ns_local_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
uint8 ns_host_mac[6] = {0x52, 0x55, 0x0a, 0x00, 0x02, 0x02};
uint8 ns_bcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
int ns_arp_replies;
static uint16 ip_id;

uint16
ns_get16(const uint8 *p)
{
  return (p[0] << 8) | p[1];
}

uint32
ns_get32(const uint8 *p)
{
  return ((uint32)p[0] << 24) | ((uint32)p[1] << 16) | ((uint32)p[2] << 8) | p[3];
}

void
ns_put16(uint8 *p, uint16 v)
{
  p[0] = v >> 8;
  p[1] = v;
}

void
ns_put32(uint8 *p, uint32 v)
{
  ns_put16(p, v >> 16);
  ns_put16(p + 2, v);
}

// ns_cksum is the Internet checksum; a valid header sums to 0.
uint16
ns_cksum(const uint8 *p, int len)
{
  uint32 sum = 0;
  for (; len > 1; p += 2, len -= 2)
    sum += ns_get16(p);
  if (len == 1)
    sum += p[0] << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

static void
put_eth(uint8 *f, const uint8 *dmac, uint16 type)
{
  memmove(f, (void *)dmac, 6);
  memmove(f + 6, ns_local_mac, 6);
  ns_put16(f + 12, type);
}

// ns_build_udp writes a whole UDP/IPv4/Ethernet frame from 10.0.2.15 to dip, like
// xv6's net_tx_udp; it returns the frame length.
int
ns_build_udp(uint8 *f, const uint8 *dmac, uint32 dip, uint16 sport, uint16 dport,
             const uint8 *payload, int len)
{
  uint8 *ip = f + ETH_LEN, *udp = ip + IP_LEN;
  put_eth(f, dmac, ETHTYPE_IPV4);
  memset(ip, 0, IP_LEN);
  ip[0] = 0x45;
  ns_put16(ip + 2, IP_LEN + UDP_LEN + len);
  ns_put16(ip + 4, ip_id++);
  ip[8] = 100; // ttl
  ip[9] = 17;  // UDP
  ns_put32(ip + 12, NS_LOCAL_IP);
  ns_put32(ip + 16, dip);
  ns_put16(ip + 10, ns_cksum(ip, IP_LEN));
  ns_put16(udp, sport);
  ns_put16(udp + 2, dport);
  ns_put16(udp + 4, UDP_LEN + len);
  ns_put16(udp + 6, 0); // no checksum, as in xv6
  memmove(udp + UDP_LEN, (void *)payload, len);
  return ETH_LEN + IP_LEN + UDP_LEN + len;
}

int
ns_is_arp_request_for_us(const uint8 *f, int len)
{
  const uint8 *a = f + ETH_LEN;
  if (len < ETH_LEN + ARP_LEN || ns_get16(f + 12) != ETHTYPE_ARPV)
    return 0;
  if (ns_get16(a) != 1 || ns_get16(a + 2) != ETHTYPE_IPV4 || a[4] != 6 || a[5] != 4)
    return 0;
  return ns_get16(a + 6) == 1 && ns_get32(a + 24) == NS_LOCAL_IP;
}

// ns_build_arp_reply answers the ARP request req (a whole frame) into f, as
// xv6's net_tx_arp (2020-23) and arp_rx (2024) do: Ethernet destination broadcast
// before 2024, the requester's Ethernet source from 2024 on. It returns the length.
int
ns_build_arp_reply(uint8 *f, const uint8 *req)
{
  const uint8 *ra = req + ETH_LEN;
  uint8 *a = f + ETH_LEN;
#ifdef NICSIM_ABI_2024
  const uint8 *tha = req + 6; // the request's Ethernet source
  put_eth(f, tha, ETHTYPE_ARPV);
#else
  const uint8 *tha = ra + 8; // the request's sender hardware address
  put_eth(f, ns_bcast_mac, ETHTYPE_ARPV);
#endif
  ns_put16(a, 1);
  ns_put16(a + 2, ETHTYPE_IPV4);
  a[4] = 6;
  a[5] = 4;
  ns_put16(a + 6, 2); // reply
  memmove(a + 8, ns_local_mac, 6);
  ns_put32(a + 14, NS_LOCAL_IP);
  memmove(a + 18, (void *)tha, 6);
  memmove(a + 24, (void *)(ra + 14), 4);
  ns_arp_replies++;
  return ETH_LEN + ARP_LEN;
}

// ns_ip_rx validates an IPv4/UDP frame as xv6's net_rx_ip and net_rx_udp do and
// hands the datagram to ns_udp_deliver. The caller frees the buffer.
void
ns_ip_rx(const uint8 *f, int len)
{
  const uint8 *ip = f + ETH_LEN, *udp = ip + IP_LEN;
  if (len < ETH_LEN + IP_LEN + UDP_LEN || ip[0] != 0x45 || ns_cksum(ip, IP_LEN) != 0)
    return;
  if ((ns_get16(ip + 6) & 0x3fff) != 0 || ns_get32(ip + 16) != NS_LOCAL_IP || ip[9] != 17)
    return;
  int iplen = ns_get16(ip + 2), ulen = ns_get16(udp + 4);
  if (iplen > len - ETH_LEN || ulen < UDP_LEN || ulen > iplen - IP_LEN)
    return;
  ns_udp_deliver(ns_get32(ip + 12), ns_get16(udp), ns_get16(udp + 2), udp + UDP_LEN,
                 ulen - UDP_LEN);
}

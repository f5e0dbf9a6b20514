// net_mbuf.c: net_rx and the UDP send path of the mbuf ABI (xv6 2020-2023). As in
// xv6's net.c, an ARP request is answered by calling e1000_transmit from inside
// net_rx, i.e. from the driver's receive path in interrupt context.
#include "nicsim.h"
#ifndef NICSIM_ABI_2024

#define HDRS (14 + 20 + 8)

static void
arp_reply(const uint8 *req)
{
  struct mbuf *m = mbufalloc(MBUF_DEFAULT_HEADROOM);
  if (!m)
    panic("net_rx_arp: mbufalloc");
  mbufput(m, 28);
  mbufpush(m, 14);
  ns_build_arp_reply((uint8 *)m->head, req);
  if (e1000_transmit(m))
    mbuffree(m);
  else
    ns_tx_frames++;
}

// net_rx takes ownership of m (the driver must not touch it afterwards).
void
net_rx(struct mbuf *m)
{
  const uint8 *f = (const uint8 *)m->head;
  if (ns_is_arp_request_for_us(f, m->len))
    arp_reply(f);
  else if (m->len >= 14 && ns_get16(f + 12) == 0x0800)
    ns_ip_rx(f, m->len);
  mbuffree(m);
}

// ns_send_udp_to sends one datagram to dip:dport from sport (Ethernet broadcast, as xv6 does),
// retrying while e1000_transmit returns nonzero. It returns 0, or -1 after giving up.
int
ns_send_udp_to(uint32 dip, uint16 sport, uint16 dport, const uint8 *payload, int len)
{
  struct mbuf *m = mbufalloc(MBUF_DEFAULT_HEADROOM);
  if (!m)
    panic("ns_send_udp: mbufalloc");
  mbufput(m, len);
  mbufpush(m, HDRS);
  ns_build_udp((uint8 *)m->head, ns_bcast_mac, dip, sport, dport, payload, len);
  for (int tries = 0; e1000_transmit(m) != 0; tries++) {
    if (tries == 1000) {
      mbuffree(m);
      return -1;
    }
    ns_sleep_us(100);
  }
  ns_tx_frames++;
  return 0;
}

// ns_send_udp sends one ping datagram from port 2000 to 10.0.2.2:7.
int
ns_send_udp(const uint8 *payload, int len)
{
  return ns_send_udp_to(NS_HOST_IP, NS_LOCAL_PORT, NS_ECHO_PORT, payload, len);
}

#endif

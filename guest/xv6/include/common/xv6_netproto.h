/*
 * nicsim: the protocol half of xv6's kernel/net.h, the same in both net-lab
 * generations: byte order helpers and the Ethernet, IPv4, UDP, ARP and DNS
 * headers. xv6/net.h adds the mbuf API on top; xv6-2024/net.h is just this.
 * The lab kernels run little-endian, so network order is a byte swap.
 */
#ifndef NICSIM_XV6_NETPROTO_H
#define NICSIM_XV6_NETPROTO_H

#include "xv6_types.h"

/* Byte order. */
static inline uint16 bswaps(uint16 val) {
  return (uint16)(((val & 0x00ffU) << 8) | ((val & 0xff00U) >> 8));
}

static inline uint32 bswapl(uint32 val) {
  return ((val & 0x000000ffU) << 24) | ((val & 0x0000ff00U) << 8) |
         ((val & 0x00ff0000U) >> 8) | ((val & 0xff000000U) >> 24);
}

#define ntohs bswaps
#define ntohl bswapl
#define htons bswaps
#define htonl bswapl

/* Ethernet. */
#define ETHADDR_LEN 6

struct eth {
  uint8 dhost[ETHADDR_LEN];
  uint8 shost[ETHADDR_LEN];
  uint16 type; /* ETHTYPE_*, network order */
} __attribute__((packed));

#define ETHTYPE_IP 0x0800
#define ETHTYPE_ARP 0x0806

/* IPv4 (no options). */
struct ip {
  uint8 ip_vhl; /* version << 4 | header length in words */
  uint8 ip_tos;
  uint16 ip_len; /* total length */
  uint16 ip_id;
  uint16 ip_off; /* flags and fragment offset */
  uint8 ip_ttl;
  uint8 ip_p; /* IPPROTO_* */
  uint16 ip_sum;
  uint32 ip_src, ip_dst;
};

#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

/* Host-order IPv4 address a.b.c.d. */
#define MAKE_IP_ADDR(a, b, c, d)                                               \
  (((uint32)(a) << 24) | ((uint32)(b) << 16) | ((uint32)(c) << 8) | (uint32)(d))

/* UDP. */
struct udp {
  uint16 sport;
  uint16 dport;
  uint16 ulen; /* header plus payload */
  uint16 sum;
};

/* ARP for IPv4 over Ethernet. */
struct arp {
  uint16 hrd;            /* ARP_HRD_* */
  uint16 pro;            /* ETHTYPE_* */
  uint8 hln;             /* hardware address length */
  uint8 pln;             /* protocol address length */
  uint16 op;             /* ARP_OP_* */
  char sha[ETHADDR_LEN]; /* sender hardware address */
  uint32 sip;            /* sender IP */
  char tha[ETHADDR_LEN]; /* target hardware address */
  uint32 tip;            /* target IP */
} __attribute__((packed));

#define ARP_HRD_ETHER 1

enum {
  ARP_OP_REQUEST = 1,
  ARP_OP_REPLY = 2,
};

/* DNS (used by the lab's user-level tests, not by drivers). */
struct dns {
  uint16 id;
  uint8 rd : 1; /* recursion desired */
  uint8 tc : 1; /* truncated */
  uint8 aa : 1; /* authoritative */
  uint8 opcode : 4;
  uint8 qr : 1;    /* query (0) or response (1) */
  uint8 rcode : 4; /* response code */
  uint8 cd : 1;    /* checking disabled */
  uint8 ad : 1;    /* authenticated data */
  uint8 z : 1;
  uint8 ra : 1;   /* recursion available */
  uint16 qdcount; /* question entries */
  uint16 ancount; /* answer records */
  uint16 nscount; /* authority records */
  uint16 arcount; /* additional records */
} __attribute__((packed));

struct dns_question {
  uint16 qtype;
  uint16 qclass;
} __attribute__((packed));

#define ARECORD (0x0001)
#define QCLASS (0x0001)

struct dns_data {
  uint16 type;
  uint16 class;
  uint32 ttl;
  uint16 len;
} __attribute__((packed));

#endif /* NICSIM_XV6_NETPROTO_H */

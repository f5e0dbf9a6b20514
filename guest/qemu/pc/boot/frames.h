/*
 * frames.h: the frames of the workloads that run on nicsim's bare i386 guest
 * (guest/eth/qemu, guest/jos/qemu), as stack.Peer expects them: ARP between
 * the guest (10.0.2.15, 52:54:00:12:34:56) and the gateway 10.0.2.2, and UDP
 * datagrams with stack.EncodePing's payload from 10.0.2.15:4000. Every name
 * starts with nicsim_ so that none meets a name of the driver under test.
 */
#ifndef NICSIM_FRAMES_H
#define NICSIM_FRAMES_H

#include <stdint.h>

#define NICSIM_PING_PORT 4000 /* the guest's UDP port */
#define NICSIM_ECHO_PORT 7    /* the peer's echo port */

extern const uint8_t nicsim_my_mac[6], nicsim_my_ip[4], nicsim_gw_ip[4], nicsim_broadcast[6];

/* nicsim_crc32 is the IEEE CRC-32 of n bytes (Go's crc32.ChecksumIEEE). */
uint32_t nicsim_crc32(const uint8_t *p, unsigned n);
/* nicsim_get16 reads a big-endian 16-bit field. */
uint16_t nicsim_get16(const uint8_t *p);

/* nicsim_arp_frame builds a 60-byte ARP frame from the guest to dst with
 * operation op (1 request, 2 reply) and target tha/tpa, and returns 60. */
unsigned nicsim_arp_frame(uint8_t *f, const uint8_t *dst, uint16_t op, const uint8_t *tha, const uint8_t *tpa);

/* nicsim_udp_frame builds a datagram to gw_mac, 10.0.2.2:dport, of size
 * payload bytes (stack.EncodePing's for proc and seq), and returns its length. */
unsigned nicsim_udp_frame(uint8_t *f, const uint8_t *gw_mac, uint16_t dport, uint16_t proc, uint32_t seq,
			  unsigned size);

/* The kinds of received frame nicsim_frame_kind tells apart. */
enum nicsim_kind {
	NICSIM_ARP_REQUEST, /* an ARP request for 10.0.2.15: asker's MAC at f+22, IP at f+28 */
	NICSIM_ARP_REPLY,   /* an ARP reply from 10.0.2.2: its MAC at f+22 */
	NICSIM_ARP,         /* another ARP frame */
	NICSIM_ECHO,        /* the echo of a ping: *seq is its sequence number */
	NICSIM_UDP,         /* another UDP datagram */
	NICSIM_OTHER,
};

/* nicsim_frame_kind classifies a received frame of n bytes; *seq is an
 * echo's sequence number, else -1. */
enum nicsim_kind nicsim_frame_kind(const uint8_t *f, unsigned n, int *seq);
/* nicsim_kind_name names a kind in the console's "kind=" words. */
const char *nicsim_kind_name(enum nicsim_kind k);

#endif

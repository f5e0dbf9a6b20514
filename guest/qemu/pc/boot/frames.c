/*
 * frames.c: the workloads' ARP and UDP frames (frames.h).
 */
#include "frames.h"

#include "pc.h"

const uint8_t nicsim_my_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
const uint8_t nicsim_my_ip[4] = {10, 0, 2, 15};
const uint8_t nicsim_gw_ip[4] = {10, 0, 2, 2};
const uint8_t nicsim_broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

uint32_t nicsim_crc32(const uint8_t *p, unsigned n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (unsigned i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
	}
	return ~c;
}

uint16_t nicsim_get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8, p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16), put16(p + 2, (uint16_t)v); }

unsigned nicsim_arp_frame(uint8_t *f, const uint8_t *dst, uint16_t op, const uint8_t *tha, const uint8_t *tpa)
{
	memset(f, 0, 60);
	memcpy(f, dst, 6);
	memcpy(f + 6, nicsim_my_mac, 6);
	put16(f + 12, 0x0806);
	put16(f + 14, 1);
	put16(f + 16, 0x0800);
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, op);
	memcpy(f + 22, nicsim_my_mac, 6);
	memcpy(f + 28, nicsim_my_ip, 4);
	memcpy(f + 32, tha, 6);
	memcpy(f + 38, tpa, 4);
	return 60;
}

static uint16_t ip_checksum(const uint8_t *h)
{
	uint32_t sum = 0;
	for (int i = 0; i < 20; i += 2)
		sum += nicsim_get16(h + i);
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

/* filler_base is the first filler byte of a ping payload (stack.EncodePing). */
static uint8_t filler_base(uint16_t proc, uint32_t seq)
{
	uint32_t x = seq * 2654435761u + (uint32_t)proc * 40503u;
	return (uint8_t)((x >> 24) ^ (x >> 8));
}

unsigned nicsim_udp_frame(uint8_t *f, const uint8_t *gw_mac, uint16_t dport, uint16_t proc, uint32_t seq,
			  unsigned size)
{
	uint8_t *ip = f + 14, *udp = ip + 20, *p = udp + 8;
	memcpy(f, gw_mac, 6);
	memcpy(f + 6, nicsim_my_mac, 6);
	put16(f + 12, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + 8 + size));
	put16(ip + 4, (uint16_t)(0x100 + seq));
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, nicsim_my_ip, 4);
	memcpy(ip + 16, nicsim_gw_ip, 4);
	put16(ip + 10, ip_checksum(ip));
	put16(udp, NICSIM_PING_PORT);
	put16(udp + 2, dport);
	put16(udp + 4, (uint16_t)(8 + size));
	put16(udp + 6, 0);
	memcpy(p, "nsp1", 4);
	put16(p + 4, proc);
	put32(p + 6, seq);
	uint8_t b = filler_base(proc, seq);
	for (unsigned i = 10; i < size; i++)
		p[i] = (uint8_t)(b + i);
	return 14 + 20 + 8 + size;
}

enum nicsim_kind nicsim_frame_kind(const uint8_t *f, unsigned n, int *seq)
{
	*seq = -1;
	if (n >= 42 && nicsim_get16(f + 12) == 0x0806) {
		uint16_t op = nicsim_get16(f + 20);
		if (op == 1 && memcmp(f + 38, nicsim_my_ip, 4) == 0)
			return NICSIM_ARP_REQUEST;
		if (op == 2 && memcmp(f + 28, nicsim_gw_ip, 4) == 0)
			return NICSIM_ARP_REPLY;
		return NICSIM_ARP;
	}
	if (n >= 14 + 20 + 8 + 10 && nicsim_get16(f + 12) == 0x0800 && f[14 + 9] == 17) {
		const uint8_t *udp = f + 14 + 20, *p = udp + 8;
		if (nicsim_get16(udp) == NICSIM_ECHO_PORT && nicsim_get16(udp + 2) == NICSIM_PING_PORT &&
		    memcmp(p, "nsp1", 4) == 0) {
			*seq = (int)((uint32_t)nicsim_get16(p + 6) << 16 | nicsim_get16(p + 8));
			return NICSIM_ECHO;
		}
		return NICSIM_UDP;
	}
	return NICSIM_OTHER;
}

const char *nicsim_kind_name(enum nicsim_kind k)
{
	static const char *const names[] = {
		[NICSIM_ARP_REQUEST] = "arp-request", [NICSIM_ARP_REPLY] = "arp-reply", [NICSIM_ARP] = "arp",
		[NICSIM_ECHO] = "echo", [NICSIM_UDP] = "udp", [NICSIM_OTHER] = "other",
	};
	return names[k];
}

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
#include "pc.h"

#ifndef NICSIM_PINGS
#define NICSIM_PINGS 4
#endif

#define PING_PORT 4000
#define ECHO_PORT 7
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

static const uint8_t my_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t my_ip[4] = {10, 0, 2, 15};
static const uint8_t gw_ip[4] = {10, 0, 2, 2};
static const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static uint8_t gw_mac[6];
static int gw_known, rx_frames, tx_calls, echoes, tries_left = TRIES;
static int echoed[NICSIM_PINGS];
static uint8_t rx_buf[NICSIM_RX_LEN + RX_SLACK]; /* the slack catches overruns */

static struct {
	uint8_t mac[6], ip[4];
} arp_asks[ARP_QUEUE];
static unsigned arp_in, arp_out;

static uint32_t crc32(const uint8_t *p, unsigned n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (unsigned i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
	}
	return ~c;
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8, p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16), put16(p + 2, (uint16_t)v); }

static unsigned arp_frame(uint8_t *f, const uint8_t *dst, uint16_t op, const uint8_t *tha, const uint8_t *tpa)
{
	memset(f, 0, 60);
	memcpy(f, dst, 6);
	memcpy(f + 6, my_mac, 6);
	put16(f + 12, 0x0806);
	put16(f + 14, 1);
	put16(f + 16, 0x0800);
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, op);
	memcpy(f + 22, my_mac, 6);
	memcpy(f + 28, my_ip, 4);
	memcpy(f + 32, tha, 6);
	memcpy(f + 38, tpa, 4);
	return 60;
}

static uint16_t ip_checksum(const uint8_t *h)
{
	uint32_t sum = 0;
	for (int i = 0; i < 20; i += 2)
		sum += get16(h + i);
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

/* udp_frame builds a datagram of size payload bytes (stack.EncodePing's,
 * for proc and seq) from 10.0.2.15:4000 to 10.0.2.2:dport. */
static unsigned udp_frame(uint8_t *f, uint16_t dport, uint16_t proc, uint32_t seq, unsigned size)
{
	uint8_t *ip = f + 14, *udp = ip + 20, *p = udp + 8;
	memcpy(f, gw_mac, 6);
	memcpy(f + 6, my_mac, 6);
	put16(f + 12, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + 8 + size));
	put16(ip + 4, (uint16_t)(0x100 + seq));
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, my_ip, 4);
	memcpy(ip + 16, gw_ip, 4);
	put16(ip + 10, ip_checksum(ip));
	put16(udp, PING_PORT);
	put16(udp + 2, dport);
	put16(udp + 4, (uint16_t)(8 + size));
	put16(udp + 6, 0);
	memcpy(p, "nsp1", 4);
	put16(p + 4, proc);
	put32(p + 6, seq);
	uint32_t x = seq * 2654435761u + proc * 40503u;
	uint8_t b = (uint8_t)((x >> 24) ^ (x >> 8));
	for (unsigned i = 10; i < size; i++)
		p[i] = (uint8_t)(b + i);
	return 14 + 20 + 8 + size;
}

/* classify names a received frame, notes ARP requests, the gateway's MAC and
 * echoes, and returns an echo's sequence number in *seq. */
static const char *classify(const uint8_t *f, int n, int *seq)
{
	*seq = -1;
	if (n >= 42 && get16(f + 12) == 0x0806) {
		uint16_t op = get16(f + 20);
		if (op == 1 && memcmp(f + 38, my_ip, 4) == 0) {
			if (arp_in - arp_out < ARP_QUEUE) {
				unsigned slot = arp_in++ % ARP_QUEUE;
				memcpy(arp_asks[slot].mac, f + 22, 6);
				memcpy(arp_asks[slot].ip, f + 28, 4);
			}
			return "arp-request";
		}
		if (op == 2 && memcmp(f + 28, gw_ip, 4) == 0) {
			memcpy(gw_mac, f + 22, 6);
			gw_known = 1;
			return "arp-reply";
		}
		return "arp";
	}
	if (n >= 14 + 20 + 8 + 10 && get16(f + 12) == 0x0800 && f[14 + 9] == 17) {
		const uint8_t *udp = f + 14 + 20, *p = udp + 8;
		if (get16(udp) == ECHO_PORT && get16(udp + 2) == PING_PORT && memcmp(p, "nsp1", 4) == 0) {
			uint32_t s = (uint32_t)get16(p + 6) << 16 | get16(p + 8);
			*seq = (int)s;
			if (s < NICSIM_PINGS && !echoed[s]) {
				echoed[s] = 1;
				echoes++;
			}
			return "echo";
		}
		return "udp";
	}
	return "other";
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
			  (unsigned)crc32(rx_buf, (unsigned)n), kind, seq);
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
		unsigned n = arp_frame(f, arp_asks[slot].mac, 2, arp_asks[slot].mac, arp_asks[slot].ip);
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
		transmit(f, arp_frame(f, broadcast, 1, zero, gw_ip), "arp-request", -1);
		wait_for(&gw_known);
	}
	for (uint32_t seq = 0; seq < NICSIM_PINGS && gw_known; seq++) {
		while (!echoed[seq] && tries_left > 0) {
			transmit(f, udp_frame(f, ECHO_PORT, PING_PROC, seq, PING_SIZE), "ping", (int)seq);
			if (!wait_for(&echoed[seq]))
				tries_left--;
		}
	}
	/* As the simulation's workload: once every ping came back, a burst of
	 * full-size datagrams to the discard port, back to back. */
	for (uint32_t i = 0; i < NICSIM_BURST && gw_known && echoed[NICSIM_PINGS - 1]; i++)
		transmit(f, udp_frame(f, DISCARD_PORT, BURST_PROC, i, BURST_SIZE), "burst", (int)i);
	pc_printf("nicsim: done rx=%d echoes=%d\n", rx_frames, echoes);
	for (;;) {
		poll_rx();
		answer_arps();
		probed();
	}
}

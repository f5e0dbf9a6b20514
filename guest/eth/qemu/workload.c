/*
 * workload.c: the eth guest's workload on nicsim's bare i386 guest.
 *
 * It drives the driver under test through the eth API only: set the callbacks,
 * load the station address twice (id 0, kernel-internal, then id 1), say
 * "nicsim: ready", check that a 2^14-byte transmit is refused with ETH_TOO_LARGE
 * (id 9), announce 10.0.2.15 with a gratuitous ARP (id 0), ARP for the
 * gateway 10.0.2.2 (id 2), then send NICSIM_PINGS
 * UDP pings to 10.0.2.2:7 (ids 100, 101, ...), one at a time, each after the
 * echo of the one before; then, with interrupts disabled as in a callback, a
 * burst of BURST full-size datagrams to the discard port (ids 200, 201, ...),
 * which must fill the driver's command area: each call returns ETH_SUCCESS or
 * ETH_NO_MEM, and each accepted one is reported once interrupts are back on.
 * ARP requests for 10.0.2.15 are answered with id-0 transmits. It prints one
 * line per transmit call, per command callback and per received frame, and
 * "nicsim: done" at the end, whether or not everything arrived: the host judges.
 *
 * The workload has no timeouts of its own: virtual time stands still while it
 * waits (see boot/pc.h), and the host decides when an answer will not come.
 * Before it halts waiting, the workload prints "nicsim: idle sent=N" (N frames
 * handed to the driver so far) whenever something happened since the last such
 * line. Any console input makes it print a "nicsim: stat" line (the host's
 * liveness probe) and, if it is waiting for an answer, send the request or ping
 * again with id 0 (a frame the device dropped for lack of receive resources is
 * a loss Ethernet allows), at most TRIES times in all, then give up.
 *
 * Console lines (parsed by guest/qemu/pc):
 *   nicsim: tx id=I kind=K seq=S len=L rc=R
 *   nicsim: cmd id=I status=S
 *   nicsim: rx n=N status=S len=L crc=C kind=K seq=S
 */
#include "eth.h"

#include <cio.h>
#include <common.h>
#include <kdefs.h>

#include "pc.h"

#ifndef NICSIM_PINGS
#define NICSIM_PINGS 4
#endif

#ifdef NICSIM_ETH_EARLY /* the early "__eth_" spelling of the API */
#define ETH_INIT __eth_init
#define ETH_LOADADDR __eth_loadaddr
#define ETH_TX __eth_tx
#define ETH_SET_CMD_CALLBACK __eth_set_cmd_callback
#define ETH_SET_RX_CALLBACK __eth_set_rx_callback
#else
#define ETH_INIT _eth_init
#define ETH_LOADADDR _eth_loadaddr
#define ETH_TX _eth_tx
#define ETH_SET_CMD_CALLBACK _eth_set_cmd_callback
#define ETH_SET_RX_CALLBACK _eth_set_rx_callback
#endif

#ifdef ETH_NO_MEM
#define NICSIM_NO_MEM ETH_NO_MEM
#else
#define NICSIM_NO_MEM 3
#endif

#define PING_PORT 4000
#define ECHO_PORT 7
#define PING_PROC 1
#define BURST_PROC 2
#define PING_SIZE 64
#define ID_IAS 1
#define ID_ARP 2
#define ID_PING 100
#define ID_TOO_LARGE 9
#define ID_BURST 200
#define BURST 24
#define DISCARD_PORT 9
#define MAX_FRAME 1514
#define TOO_LARGE (1u << 14) /* the smallest length _eth_tx must refuse */
#define ARP_QUEUE 8
#define TRIES 5

static const uint8_t my_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t my_ip[4] = {10, 0, 2, 15};
static const uint8_t gw_ip[4] = {10, 0, 2, 2};
static const uint8_t broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static uint8_t too_large[TOO_LARGE];
static uint8_t big_frame[MAX_FRAME];

static volatile bool gw_known;
static uint8_t gw_mac[6];
static volatile int rx_frames, cmds_nonzero, echoes;
static volatile bool echoed[NICSIM_PINGS];
static int tx_nonzero; /* non-zero-id commands the driver accepted */
static int tx_calls;   /* transmit and load-address calls made */
static int sent;       /* frames the driver accepted (transmits with rc 0) */
static int inputs;     /* console inputs answered */
static int idle_mark = -1; /* progress() at the last idle line */
static bool retry;     /* the host asked to send again */

/* ARP requests seen by the rx callback, answered from the main loop. */
static struct {
	uint8_t mac[6], ip[4];
} arp_asks[ARP_QUEUE];
static volatile unsigned arp_in, arp_out;

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

static uint8_t filler_base(uint16_t proc, uint32_t seq)
{
	uint32_t x = seq * 2654435761u + (uint32_t)proc * 40503u;
	return (uint8_t)((x >> 24) ^ (x >> 8));
}

/* transmit sends len bytes with id and logs the call. */
static uint8_t transmit(uint8_t *frame, uint16_t len, uint16_t id, const char *kind, int seq)
{
	uint8_t rc = ETH_TX(frame, len, id);
	tx_calls++;
	if (rc == 0)
		sent++;
	__cio_printf("nicsim: tx id=%u kind=%s seq=%d len=%u rc=%u\n", id, kind, seq, len, rc);
	if (rc == 0 && id != 0)
		tx_nonzero++;
	return rc;
}

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

/* udp_frame builds a datagram with a ping payload (stack.EncodePing's format)
 * of size bytes, from process proc, from 10.0.2.15:4000 to 10.0.2.2:port. */
static unsigned udp_frame(uint8_t *f, uint16_t port, uint16_t proc, uint32_t seq, unsigned size)
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
	put16(udp + 2, port);
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

/* classify names a received frame and, for an echo, its sequence number. */
static const char *classify(const uint8_t *f, uint16_t n, int *seq)
{
	*seq = -1;
	if (n >= 42 && get16(f + 12) == 0x0806) {
		uint16_t op = get16(f + 20);
		if (op == 1 && memcmp(f + 38, my_ip, 4) == 0) {
			if (arp_in - arp_out == ARP_QUEUE)
				return "arp-request"; /* answered already often enough */
			unsigned slot = arp_in % ARP_QUEUE;
			memcpy(arp_asks[slot].mac, f + 22, 6);
			memcpy(arp_asks[slot].ip, f + 28, 4);
			arp_in++;
			return "arp-request";
		}
		if (op == 2 && memcmp(f + 28, gw_ip, 4) == 0) {
			memcpy(gw_mac, f + 22, 6);
			gw_known = true;
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
				echoed[s] = true;
				echoes++;
			}
			return "echo";
		}
		return "udp";
	}
	return "other";
}

static void on_rx(uint16_t status, const uint8_t *data, uint16_t count)
{
	int seq;
	int n = rx_frames++;
	const char *kind = status == 0 ? classify(data, count, &seq) : (seq = -1, "error");
	__cio_printf("nicsim: rx n=%d status=%u len=%u crc=%08x kind=%s seq=%d\n", n, status, count,
		     (unsigned)crc32(data, count), kind, seq);
}

static void on_cmd(uint16_t id, uint16_t status)
{
	__cio_printf("nicsim: cmd id=%u status=%u\n", id, status);
	if (id != 0)
		cmds_nonzero++;
}

static void answer_arps(void)
{
	while (arp_out != arp_in) {
		uint8_t f[60];
		unsigned slot = arp_out % ARP_QUEUE;
		unsigned n = arp_frame(f, arp_asks[slot].mac, 2, arp_asks[slot].mac, arp_asks[slot].ip);
		arp_out++;
		transmit(f, n, 0, "arp-reply", -1);
	}
}

/* answer_input answers console input (the host's probe) with a stat line and
 * notes it as a request to send again. */
static void answer_input(void)
{
	bool asked = false;
	while (__cio_getchar() >= 0)
		asked = true;
	if (!asked)
		return;
	inputs++;
	retry = true;
	__cio_printf("nicsim: stat tx=%d rx=%d cmds=%d/%d echoes=%d/%d gw=%d\n", tx_calls, rx_frames,
		     cmds_nonzero, tx_nonzero, echoes, NICSIM_PINGS, gw_known);
}

static int progress(void) { return tx_calls + rx_frames + cmds_nonzero + inputs; }

/* idle halts until an interrupt, with interrupts disabled up to the halt so
 * that no wake-up is lost; it says "idle" first if anything happened. */
static void idle(bool (*done)(void *), void *arg)
{
	pc_irq_save();
	if ((done != NULL && done(arg)) || arp_in != arp_out || pc_has_input()) {
		pc_irq_restore(0x200);
		return;
	}
	if (progress() != idle_mark) {
		idle_mark = progress();
		__cio_printf("nicsim: idle sent=%d\n", sent);
	}
	pc_idle();
}

/* wait_for serves ARP and the console until done() holds (true) or the host
 * asks to send again (false). */
static bool wait_for(bool (*done)(void *), void *arg)
{
	for (;;) {
		answer_arps();
		answer_input();
		if (done(arg))
			return true;
		if (retry) {
			retry = false;
			return false;
		}
		idle(done, arg);
	}
}

static bool gw_resolved(void *arg) { return (void)arg, gw_known; }
static bool echo_of(void *arg) { return echoed[*(uint32_t *)arg]; }
static bool all_reported(void *arg) { return (void)arg, cmds_nonzero >= tx_nonzero; }

/* burst transmits BURST full-size frames with the CPU's interrupts off, so no
 * completion is reaped in between. */
static void burst(void)
{
	uint32_t flags = pc_irq_save();
	for (uint32_t i = 0; i < BURST; i++) {
		unsigned n = udp_frame(big_frame, DISCARD_PORT, BURST_PROC, i, MAX_FRAME - 42);
		transmit(big_frame, (uint16_t)n, (uint16_t)(ID_BURST + i), "burst", (int)i);
	}
	pc_irq_restore(flags);
}

static void load_address(uint16_t id)
{
#ifdef NICSIM_ETH_LOADADDR_U64
	uint64_t a = 0;
	for (int i = 0; i < 6; i++)
		a = a << 8 | my_mac[i];
	uint8_t rc = ETH_LOADADDR(a, id);
#else
	uint8_t addr[6];
	memcpy(addr, my_mac, 6);
	uint8_t rc = ETH_LOADADDR(addr, id);
#endif
	tx_calls++;
	__cio_printf("nicsim: tx id=%u kind=ias seq=-1 len=6 rc=%u\n", id, rc);
	if (rc == 0 && id != 0)
		tx_nonzero++;
}

void guest_main(void)
{
	uint8_t f[128];

	ETH_INIT();
	ETH_SET_CMD_CALLBACK(on_cmd);
	ETH_SET_RX_CALLBACK(on_rx);
	load_address(0);
	load_address(ID_IAS);
	/* the driver's own codes (before 2021-04-08 ETH_TOO_LARGE was -2), as
	 * the uint8_t _eth_tx returns them */
	__cio_printf("nicsim: ready pings=%d too_large=%u no_mem=%u\n", NICSIM_PINGS,
		     (unsigned)(uint8_t)(ETH_TOO_LARGE), (unsigned)(uint8_t)(NICSIM_NO_MEM));
	static const uint8_t zero[6];
	transmit(too_large, (uint16_t)TOO_LARGE, ID_TOO_LARGE, "too-large", -1);
	transmit(f, (uint16_t)arp_frame(f, broadcast, 1, zero, my_ip), 0, "arp-announce", -1);
	for (int try = 0; try < TRIES && !gw_known; try++) {
		unsigned n = arp_frame(f, broadcast, 1, zero, gw_ip);
		transmit(f, (uint16_t)n, try == 0 ? ID_ARP : 0, "arp-request", -1);
		wait_for(gw_resolved, NULL);
	}
	for (uint32_t seq = 0; seq < NICSIM_PINGS && gw_known; seq++) {
		for (int try = 0; try < TRIES && !echoed[seq]; try++) {
			uint16_t id = try == 0 ? (uint16_t)(ID_PING + seq) : 0;
			transmit(f, (uint16_t)udp_frame(f, ECHO_PORT, PING_PROC, seq, PING_SIZE), id, "ping", (int)seq);
			wait_for(echo_of, &seq);
		}
	}
	if (gw_known)
		burst();
	for (int try = 0; try < TRIES && !wait_for(all_reported, NULL); try++)
		;
	__cio_printf("nicsim: done rx=%d cmds=%d echoes=%d\n", rx_frames, cmds_nonzero, echoes);
	for (;;) {
		answer_arps();
		answer_input();
		idle(NULL, NULL);
	}
}

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

#include "frames.h"
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

/* classify names a received frame, notes ARP requests, the gateway's MAC and
 * echoes, and returns an echo's sequence number in *seq. */
static const char *classify(const uint8_t *f, uint16_t n, int *seq)
{
	enum nicsim_kind k = nicsim_frame_kind(f, n, seq);
	switch (k) {
	case NICSIM_ARP_REQUEST: {
		if (arp_in - arp_out == ARP_QUEUE)
			break; /* answered already often enough */
		unsigned slot = arp_in % ARP_QUEUE;
		memcpy(arp_asks[slot].mac, f + 22, 6);
		memcpy(arp_asks[slot].ip, f + 28, 4);
		arp_in++;
		break;
	}
	case NICSIM_ARP_REPLY:
		memcpy(gw_mac, f + 22, 6);
		gw_known = true;
		break;
	case NICSIM_ECHO:
		if ((uint32_t)*seq < NICSIM_PINGS && !echoed[*seq]) {
			echoed[*seq] = true;
			echoes++;
		}
		break;
	default:
		break;
	}
	return nicsim_kind_name(k);
}

static void on_rx(uint16_t status, const uint8_t *data, uint16_t count)
{
	int seq;
	int n = rx_frames++;
	const char *kind = status == 0 ? classify(data, count, &seq) : (seq = -1, "error");
	__cio_printf("nicsim: rx n=%d status=%u len=%u crc=%08x kind=%s seq=%d\n", n, status, count,
		     (unsigned)nicsim_crc32(data, count), kind, seq);
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
		unsigned n = nicsim_arp_frame(f, arp_asks[slot].mac, 2, arp_asks[slot].mac, arp_asks[slot].ip);
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
		unsigned n = nicsim_udp_frame(big_frame, gw_mac, DISCARD_PORT, BURST_PROC, i, MAX_FRAME - 42);
		transmit(big_frame, (uint16_t)n, (uint16_t)(ID_BURST + i), "burst", (int)i);
	}
	pc_irq_restore(flags);
}

static void load_address(uint16_t id)
{
#ifdef NICSIM_ETH_LOADADDR_U64
	uint64_t a = 0;
	for (int i = 0; i < 6; i++)
		a = a << 8 | nicsim_my_mac[i];
	uint8_t rc = ETH_LOADADDR(a, id);
#else
	uint8_t addr[6];
	memcpy(addr, nicsim_my_mac, 6);
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
	transmit(f, (uint16_t)nicsim_arp_frame(f, nicsim_broadcast, 1, zero, nicsim_my_ip), 0, "arp-announce", -1);
	for (int try = 0; try < TRIES && !gw_known; try++) {
		unsigned n = nicsim_arp_frame(f, nicsim_broadcast, 1, zero, nicsim_gw_ip);
		transmit(f, (uint16_t)n, try == 0 ? ID_ARP : 0, "arp-request", -1);
		wait_for(gw_resolved, NULL);
	}
	for (uint32_t seq = 0; seq < NICSIM_PINGS && gw_known; seq++) {
		for (int try = 0; try < TRIES && !echoed[seq]; try++) {
			uint16_t id = try == 0 ? (uint16_t)(ID_PING + seq) : 0;
			transmit(f, (uint16_t)nicsim_udp_frame(f, gw_mac, NICSIM_ECHO_PORT, PING_PROC, seq, PING_SIZE), id, "ping", (int)seq);
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

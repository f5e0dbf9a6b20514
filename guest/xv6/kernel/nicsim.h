// nicsim.h: internal declarations of the nicsim guest, a bare-metal stand-in for the
// xv6 kernel that hosts an unmodified xv6 net-lab e1000.c on QEMU's virt machine.
//
// It includes the xv6 headers in the order a lab e1000.c does, so that every function
// the driver calls is defined here with the exact xv6 signature. The ABI is chosen with
// -DNICSIM_ABI_2024 (char*/len, 2024+); without it the mbuf ABI (2020-2023) is built.
// Helpers of our own carry an ns_ prefix so they never collide with the lab headers.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#ifndef NICSIM_ABI_2024
#include "net.h"
#endif

#ifdef NICSIM_ABI_2024
#define NS_ABI_NAME "xv6-2024"
#define NS_PRINTF_RET int
#else
#define NS_ABI_NAME "xv6"
#define NS_PRINTF_RET void
#endif

// Machine addresses of QEMU's virt board.
#define NS_UART 0x10000000UL
#define NS_UART_IRQ 10
#define NS_PLIC 0x0c000000UL
#define NS_CLINT_MTIMECMP 0x02004000UL
#define NS_CLINT_MTIME 0x0200bff8UL
#define NS_MTIME_HZ 10000000UL
#define NS_ECAM 0x30000000UL
#define NS_E1000_REGS 0x40000000UL
#define NS_RAM_END 0x88000000UL

// Machine-mode CSR bits.
#define NS_MSTATUS_MIE (1UL << 3)
#define NS_MIE_MTIE (1UL << 7)
#define NS_MIE_MEIE (1UL << 11)

static inline uint64
ns_r_mstatus(void)
{
  uint64 x;
  asm volatile("csrr %0, mstatus" : "=r"(x));
  return x;
}

static inline void ns_intr_on(void) { asm volatile("csrs mstatus, %0" ::"r"(NS_MSTATUS_MIE)); }
static inline void ns_intr_off(void) { asm volatile("csrc mstatus, %0" ::"r"(NS_MSTATUS_MIE)); }
static inline int ns_intr_get(void) { return (ns_r_mstatus() & NS_MSTATUS_MIE) != 0; }
static inline void ns_wfi(void) { asm volatile("wfi"); }
static inline uint64 ns_mtime(void) { return *(volatile uint64 *)NS_CLINT_MTIME; }

// console.c
void ns_uartinit(void);
void ns_uartintr(void);
int ns_getline(char *buf, int n);
int ns_console_pending(void);
void ns_halt(void) __attribute__((noreturn));
void ns_panic_trap(uint64 cause, uint64 epc, uint64 tval) __attribute__((noreturn));

// trap.c
extern int ns_e1000_irq;
void ns_trapinit(void);
void ns_plic_enable(int irq);
void ns_sleep_us(uint64 us);
void ns_idle(void);

// kalloc.c
void ns_kinit(void);
int ns_pages_in_use(void);
void *memcpy(void *dst, const void *src, unsigned long n);

// net.c: the parts shared by both ABIs
#define NS_LOCAL_IP 0x0a00020fU   // 10.0.2.15
#define NS_HOST_IP 0x0a000202U    // 10.0.2.2
#define NS_ECHO_PORT 7
#define NS_LOCAL_PORT 2000
extern uint8 ns_local_mac[6];
extern uint8 ns_host_mac[6];
extern uint8 ns_bcast_mac[6];
extern int ns_arp_replies;
uint16 ns_cksum(const uint8 *p, int len);
uint16 ns_get16(const uint8 *p);
uint32 ns_get32(const uint8 *p);
void ns_put16(uint8 *p, uint16 v);
void ns_put32(uint8 *p, uint32 v);
int ns_build_udp(uint8 *frame, const uint8 *dmac, uint32 dip, uint16 sport, uint16 dport,
                 const uint8 *payload, int len);
int ns_build_arp_reply(uint8 *frame, const uint8 *req);
int ns_is_arp_request_for_us(const uint8 *frame, int len);
void ns_ip_rx(const uint8 *frame, int len);

// net_mbuf.c / net_buf.c: the ABI-specific send path
int ns_send_udp(const uint8 *payload, int len);
int ns_send_udp_to(uint32 dip, uint16 sport, uint16 dport, const uint8 *payload, int len);

// ping.c
void ns_cmd_ping(int n, int size, int proc, int lockstep);
void ns_udp_deliver(uint32 sip, uint16 sport, uint16 dport, const uint8 *p, int len);
extern int ns_rx_count;
extern int ns_tx_count;
extern int ns_tx_fail;
extern int ns_tx_frames; // frames e1000_transmit accepted

// sock.c: UDP sockets of the lab programs
extern int ns_lab_lines; // print the lab net.c's own lines (nettest grade)
void ns_sock_begin(void);
void ns_sock_end(void);
int ns_bind(uint16 port);
void ns_unbind(uint16 port);
int ns_sock_deliver(uint32 sip, uint16 sport, uint16 dport, const uint8 *p, int len);
int ns_queued(uint16 port);
int ns_recv(uint16 port, uint32 *sip, uint16 *sport, uint8 *buf, int max);

// dns.c: the labs' DNS test
#define NS_DNS_IP 0x08080808U // 8.8.8.8
int ns_dns(const char *who);

// nettests.c, nettest.c: the labs' own guest programs ("nettests", "nettest grade")
#define NS_NET_TESTS_PORT 25099 // the labs' SERVERPORT for uid 0 (id -u % 5000 + 25099)
void ns_cmd_nettests(const char *args);
void ns_cmd_nettest(const char *args);
int ns_atoi_next(const char **sp, int def);

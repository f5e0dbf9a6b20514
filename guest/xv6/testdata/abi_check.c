/*
 * nicsim header self-check, compiled by compile_test.go for every ABI and
 * toolchain (never linked). It pins the layouts and values of
 * shared/specs/guest-abis.md §1b-§2b with static assertions and calls every
 * riscv.h helper so that its inline asm is really assembled on riscv64.
 * NICSIM_GEN_2024 selects the buffer generation's expectations.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "e1000_dev.h"
#include "net.h"

#define OFF(t, f) __builtin_offsetof(t, f)
#define CHECK(cond) _Static_assert(cond, #cond)

CHECK(sizeof(uint8) == 1 && sizeof(uint16) == 2 && sizeof(uint32) == 4);
CHECK(sizeof(uint64) == 8 && sizeof(pde_t) == 8 && sizeof(pte_t) == 8);
CHECK(sizeof(struct spinlock) == 24 && OFF(struct spinlock, name) == 8);
CHECK(OFF(struct spinlock, cpu) == 16);

CHECK(sizeof(struct tx_desc) == 16 && sizeof(struct rx_desc) == 16);
CHECK(OFF(struct tx_desc, length) == 8 && OFF(struct tx_desc, cso) == 10);
CHECK(OFF(struct tx_desc, cmd) == 11 && OFF(struct tx_desc, status) == 12);
CHECK(OFF(struct tx_desc, css) == 13 && OFF(struct tx_desc, special) == 14);
CHECK(OFF(struct rx_desc, length) == 8 && OFF(struct rx_desc, csum) == 10);
CHECK(OFF(struct rx_desc, status) == 12 && OFF(struct rx_desc, errors) == 13);
CHECK(OFF(struct rx_desc, special) == 14);

CHECK(E1000_CTL == 0 && E1000_ICR == 0x30 && E1000_IMS == 0x34);
CHECK(E1000_RCTL == 0x40 && E1000_TCTL == 0x100 && E1000_TIPG == 0x104);
CHECK(E1000_RDBAL == 0xA00 && E1000_RDLEN == 0xA02 && E1000_RDH == 0xA04);
CHECK(E1000_RDT == 0xA06 && E1000_RDTR == 0xA08 && E1000_RADV == 0xA0B);
CHECK(E1000_RSRPD == 0xB00 && E1000_TDBAL == 0xE00 && E1000_TDLEN == 0xE02);
CHECK(E1000_TDH == 0xE04 && E1000_TDT == 0xE06);
CHECK(E1000_MTA == 0x1480 && E1000_RA == 0x1500);
CHECK((E1000_TCTL_EN | E1000_TCTL_PSP | (0x10 << E1000_TCTL_CT_SHIFT) |
       (0x40 << E1000_TCTL_COLD_SHIFT)) == 0x0004010A);
CHECK((E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SZ_2048 |
       E1000_RCTL_SECRC) == 0x04008002);
CHECK(E1000_TXD_CMD_EOP == 0x01 && E1000_TXD_CMD_RS == 0x08);
CHECK(E1000_TXD_STAT_DD == 1 && E1000_RXD_STAT_DD == 1);
CHECK(E1000_RXD_STAT_EOP == 2 && DATA_MAX == 1518);

CHECK(PGSIZE == 4096 && PGROUNDDOWN(4097) == 4096 && PGROUNDUP(4097) == 8192);
CHECK(NCPU == 8 && KERNBASE == 0x80000000L && E1000_IRQ == 33);

CHECK(sizeof(struct eth) == 14 && sizeof(struct ip) == 20);
CHECK(sizeof(struct udp) == 8 && sizeof(struct arp) == 28);
CHECK(MAKE_IP_ADDR(10, 0, 2, 15) == 0x0a00020f);

#ifdef NICSIM_GEN_2024
CHECK(E1000_CTL_RST == 0x04000000);
#else
CHECK(E1000_CTL_RST == 0x00400000);
CHECK(MBUF_SIZE == 2048 && MBUF_DEFAULT_HEADROOM == 128);
CHECK(OFF(struct mbuf, next) == 0 && OFF(struct mbuf, head) == 8);
CHECK(OFF(struct mbuf, len) == 16 && OFF(struct mbuf, buf) == 20);
CHECK(sizeof(struct mbuf) == 2072);
#endif

/* Every riscv.h helper, so riscv64 assembles each inline asm. */
uint64 nicsim_abi_check_csrs(void) {
  uint64 x = r_mhartid() + r_mstatus() + r_sstatus() + r_sip() + r_sie();
  x += r_mie() + r_sepc() + r_medeleg() + r_mideleg() + r_stvec() + r_satp();
  x += r_scause() + r_stval() + r_mcounteren() + r_time() + r_menvcfg();
  x += r_stimecmp() + r_sp() + r_tp() + r_ra() + (uint64)intr_get();
  w_mstatus(x), w_mepc(x), w_sstatus(x), w_sip(x), w_sie(x), w_mie(x);
  w_sepc(x), w_medeleg(x), w_mideleg(x), w_stvec(x), w_mtvec(x);
  w_pmpcfg0(x), w_pmpaddr0(x), w_satp(x), w_mscratch(x), w_mcounteren(x);
  w_menvcfg(x), w_stimecmp(x), w_tp(x);
  intr_off();
  intr_on();
  sfence_vma();
  return x + bswaps(1) + bswapl(1) + ntohs(2) + htonl(3);
}

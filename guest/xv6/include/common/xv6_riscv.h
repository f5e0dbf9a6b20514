/*
 * nicsim stand-in for xv6 kernel/riscv.h (both lab generations).
 *
 * Two builds share this header:
 *   - the riscv64 guest kernel (riscv64-unknown-elf-gcc): real CSR accessors
 *     written with inline asm, as in the xv6 kernel;
 *   - the hosted build on x86-64 (gcc, optionally -fsanitize=thread): the
 *     same names as stubs that compile and do nothing (reads return 0).
 * Drivers of the net lab do not call the CSR helpers, but every e1000.c
 * includes this file, so all of it must compile on both targets.
 *
 * The page-table macros and types are target independent.
 */
#ifndef NICSIM_XV6_RISCV_H
#define NICSIM_XV6_RISCV_H

/* Machine status register bits. */
#define MSTATUS_MPP_MASK (3L << 11) /* previous privilege mode */
#define MSTATUS_MPP_M (3L << 11)
#define MSTATUS_MPP_S (1L << 11)
#define MSTATUS_MPP_U (0L << 11)
#define MSTATUS_MIE (1L << 3) /* machine interrupt enable */

/* Supervisor status register bits. */
#define SSTATUS_SPP (1L << 8)  /* previous mode: 1 = supervisor, 0 = user */
#define SSTATUS_SPIE (1L << 5) /* supervisor previous interrupt enable */
#define SSTATUS_UPIE (1L << 4) /* user previous interrupt enable */
#define SSTATUS_SIE (1L << 1)  /* supervisor interrupt enable */
#define SSTATUS_UIE (1L << 0)  /* user interrupt enable */

/* Supervisor interrupt enable bits. */
#define SIE_SEIE (1L << 9) /* external */
#define SIE_STIE (1L << 5) /* timer */
#define SIE_SSIE (1L << 1) /* software */

/* Machine interrupt enable bits. */
#define MIE_MEIE (1L << 11) /* external */
#define MIE_MTIE (1L << 7)  /* timer */
#define MIE_MSIE (1L << 3)  /* software */
#define MIE_STIE (1L << 5)  /* supervisor timer */

/* satp: Sv39 paging mode and the value for a given page table. */
#define SATP_SV39 (8L << 60)
#define MAKE_SATP(pagetable) (SATP_SV39 | (((uint64)pagetable) >> 12))

/* Pages and page-table entries. */
#define PGSIZE 4096 /* bytes per page */
#define PGSHIFT 12  /* bits of offset within a page */

#define PGROUNDUP(sz) (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

#define PTE_V (1L << 0) /* valid */
#define PTE_R (1L << 1)
#define PTE_W (1L << 2)
#define PTE_X (1L << 3)
#define PTE_U (1L << 4) /* user can access */

/* Physical address <-> page-table entry. */
#define PA2PTE(pa) ((((uint64)pa) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte)&0x3FF)

/* The three 9-bit page-table indices of a virtual address. */
#define PXMASK 0x1FF
#define PXSHIFT(level) (PGSHIFT + (9 * (level)))
#define PX(level, va) ((((uint64)(va)) >> PXSHIFT(level)) & PXMASK)

/*
 * One past the highest virtual address: Sv39 allows 39 bits, xv6 uses one
 * bit less to avoid sign-extending addresses with the top bit set.
 */
#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

#ifndef __ASSEMBLER__

#include "xv6_types.h"

typedef uint64 pte_t;
typedef uint64 *pagetable_t; /* 512 PTEs */

#if defined(__riscv)

/* Read and write a CSR by name (the name must be a literal). */
#define NICSIM_CSRR(csr)                                                       \
  ({                                                                           \
    uint64 v_;                                                                 \
    asm volatile("csrr %0, " #csr : "=r"(v_));                                 \
    v_;                                                                        \
  })
#define NICSIM_CSRW(csr, x) asm volatile("csrw " #csr ", %0" : : "r"(x))

static inline uint64 r_mhartid(void) { return NICSIM_CSRR(mhartid); }
static inline uint64 r_mstatus(void) { return NICSIM_CSRR(mstatus); }
static inline void w_mstatus(uint64 x) { NICSIM_CSRW(mstatus, x); }
static inline void w_mepc(uint64 x) { NICSIM_CSRW(mepc, x); }
static inline uint64 r_sstatus(void) { return NICSIM_CSRR(sstatus); }
static inline void w_sstatus(uint64 x) { NICSIM_CSRW(sstatus, x); }
static inline uint64 r_sip(void) { return NICSIM_CSRR(sip); }
static inline void w_sip(uint64 x) { NICSIM_CSRW(sip, x); }
static inline uint64 r_sie(void) { return NICSIM_CSRR(sie); }
static inline void w_sie(uint64 x) { NICSIM_CSRW(sie, x); }
static inline uint64 r_mie(void) { return NICSIM_CSRR(mie); }
static inline void w_mie(uint64 x) { NICSIM_CSRW(mie, x); }
static inline uint64 r_sepc(void) { return NICSIM_CSRR(sepc); }
static inline void w_sepc(uint64 x) { NICSIM_CSRW(sepc, x); }
static inline uint64 r_medeleg(void) { return NICSIM_CSRR(medeleg); }
static inline void w_medeleg(uint64 x) { NICSIM_CSRW(medeleg, x); }
static inline uint64 r_mideleg(void) { return NICSIM_CSRR(mideleg); }
static inline void w_mideleg(uint64 x) { NICSIM_CSRW(mideleg, x); }
static inline uint64 r_stvec(void) { return NICSIM_CSRR(stvec); }
static inline void w_stvec(uint64 x) { NICSIM_CSRW(stvec, x); }
static inline void w_mtvec(uint64 x) { NICSIM_CSRW(mtvec, x); }
static inline void w_pmpcfg0(uint64 x) { NICSIM_CSRW(pmpcfg0, x); }
static inline void w_pmpaddr0(uint64 x) { NICSIM_CSRW(pmpaddr0, x); }
static inline uint64 r_satp(void) { return NICSIM_CSRR(satp); }
static inline void w_satp(uint64 x) { NICSIM_CSRW(satp, x); }
static inline void w_mscratch(uint64 x) { NICSIM_CSRW(mscratch, x); }
static inline uint64 r_scause(void) { return NICSIM_CSRR(scause); }
static inline uint64 r_stval(void) { return NICSIM_CSRR(stval); }
static inline uint64 r_mcounteren(void) { return NICSIM_CSRR(mcounteren); }
static inline void w_mcounteren(uint64 x) { NICSIM_CSRW(mcounteren, x); }
static inline uint64 r_time(void) { return NICSIM_CSRR(time); }
/* menvcfg (0x30a), stimecmp (0x14d) by number: old assemblers lack names. */
static inline uint64 r_menvcfg(void) { return NICSIM_CSRR(0x30a); }
static inline void w_menvcfg(uint64 x) { NICSIM_CSRW(0x30a, x); }
static inline uint64 r_stimecmp(void) { return NICSIM_CSRR(0x14d); }
static inline void w_stimecmp(uint64 x) { NICSIM_CSRW(0x14d, x); }

/* Enable, disable and test supervisor interrupts on this hart. */
static inline void intr_on(void) { w_sstatus(r_sstatus() | SSTATUS_SIE); }
static inline void intr_off(void) { w_sstatus(r_sstatus() & ~SSTATUS_SIE); }
static inline int intr_get(void) { return (r_sstatus() & SSTATUS_SIE) != 0; }

static inline uint64 r_sp(void) {
  uint64 x;
  asm volatile("mv %0, sp" : "=r"(x));
  return x;
}

/* xv6 keeps the hart id (cpuid) in tp. */
static inline uint64 r_tp(void) {
  uint64 x;
  asm volatile("mv %0, tp" : "=r"(x));
  return x;
}
static inline void w_tp(uint64 x) { asm volatile("mv tp, %0" : : "r"(x)); }

static inline uint64 r_ra(void) {
  uint64 x;
  asm volatile("mv %0, ra" : "=r"(x));
  return x;
}

/* Flush the whole TLB. */
static inline void sfence_vma(void) { asm volatile("sfence.vma zero, zero"); }

#else /* hosted build: same names, no effect */

#define NICSIM_CSR_R(name)                                                     \
  static inline uint64 name(void) { return 0; }
#define NICSIM_CSR_W(name)                                                     \
  static inline void name(uint64 x) { (void)x; }

NICSIM_CSR_R(r_mhartid)
NICSIM_CSR_R(r_mstatus)
NICSIM_CSR_W(w_mstatus)
NICSIM_CSR_W(w_mepc)
NICSIM_CSR_R(r_sstatus)
NICSIM_CSR_W(w_sstatus)
NICSIM_CSR_R(r_sip)
NICSIM_CSR_W(w_sip)
NICSIM_CSR_R(r_sie)
NICSIM_CSR_W(w_sie)
NICSIM_CSR_R(r_mie)
NICSIM_CSR_W(w_mie)
NICSIM_CSR_R(r_sepc)
NICSIM_CSR_W(w_sepc)
NICSIM_CSR_R(r_medeleg)
NICSIM_CSR_W(w_medeleg)
NICSIM_CSR_R(r_mideleg)
NICSIM_CSR_W(w_mideleg)
NICSIM_CSR_R(r_stvec)
NICSIM_CSR_W(w_stvec)
NICSIM_CSR_W(w_mtvec)
NICSIM_CSR_W(w_pmpcfg0)
NICSIM_CSR_W(w_pmpaddr0)
NICSIM_CSR_R(r_satp)
NICSIM_CSR_W(w_satp)
NICSIM_CSR_W(w_mscratch)
NICSIM_CSR_R(r_scause)
NICSIM_CSR_R(r_stval)
NICSIM_CSR_R(r_mcounteren)
NICSIM_CSR_W(w_mcounteren)
NICSIM_CSR_R(r_time)
NICSIM_CSR_R(r_menvcfg)
NICSIM_CSR_W(w_menvcfg)
NICSIM_CSR_R(r_stimecmp)
NICSIM_CSR_W(w_stimecmp)
NICSIM_CSR_R(r_sp)
NICSIM_CSR_R(r_tp)
NICSIM_CSR_W(w_tp)
NICSIM_CSR_R(r_ra)

#undef NICSIM_CSR_R
#undef NICSIM_CSR_W

/* The simulator models interrupt masking itself (push_off/pop_off). */
static inline void intr_on(void) {}
static inline void intr_off(void) {}
static inline int intr_get(void) { return 0; }
static inline void sfence_vma(void) {}

#endif /* __riscv */

#endif /* __ASSEMBLER__ */

#endif /* NICSIM_XV6_RISCV_H */

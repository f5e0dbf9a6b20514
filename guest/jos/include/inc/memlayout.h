/*
 * nicsim stand-in for JOS inc/memlayout.h: the virtual memory map (all of
 * physical memory is mapped at KERNBASE; MMIO regions go between MMIOBASE
 * and MMIOLIM, just below the kernel stacks) and struct PageInfo.
 */
#ifndef JOS_INC_MEMLAYOUT_H
#define JOS_INC_MEMLAYOUT_H

#ifndef __ASSEMBLER__
#include <inc/types.h>
#include <inc/mmu.h>
#endif

/* Global descriptor numbers. */
#define GD_KT 0x08   /* kernel text */
#define GD_KD 0x10   /* kernel data */
#define GD_UT 0x18   /* user text */
#define GD_UD 0x20   /* user data */
#define GD_TSS0 0x28 /* task segment selector for CPU 0 */

/* Physical memory is mapped from here up; PADDR/KADDR convert. */
#define KERNBASE 0xF0000000

/* The legacy I/O hole and extended memory, as physical addresses. */
#define IOPHYSMEM 0x0A0000
#define EXTPHYSMEM 0x100000

/* Kernel stacks: one per CPU, each below a guard gap. */
#define KSTACKTOP KERNBASE
#define KSTKSIZE (8 * PGSIZE)
#define KSTKGAP (8 * PGSIZE)

/* mmio_map_region hands out addresses in [MMIOBASE, MMIOLIM). */
#define MMIOLIM (KSTACKTOP - PTSIZE)
#define MMIOBASE (MMIOLIM - PTSIZE)

#define ULIM (MMIOBASE)

/* Read-only user mappings: page tables, pages[], envs[]. */
#define UVPT (ULIM - PTSIZE)
#define UPAGES (UVPT - PTSIZE)
#define UENVS (UPAGES - PTSIZE)

/* Top of user memory; the exception stack; the normal stack. */
#define UTOP UENVS
#define UXSTACKTOP UTOP
#define USTACKTOP (UTOP - 2 * PGSIZE)

/* Where user programs start, and scratch mappings below them. */
#define UTEXT (2 * PTSIZE)
#define UTEMP ((void *)PTSIZE)
#define PFTEMP (UTEMP + PTSIZE - PGSIZE)
#define USTABDATA (PTSIZE / 2)

/* The low physical page holding the application processors' boot code. */
#define MPENTRY_PADDR 0x7000

#ifndef __ASSEMBLER__

typedef uint32_t pte_t;
typedef uint32_t pde_t;

#if JOS_USER
/* The current page tables and directory, mapped read-only at UVPT. */
extern volatile pte_t uvpt[];
extern volatile pde_t uvpd[];
#endif

/*
 * One per physical page, in the pages[] array. page2pa and page2kva (in
 * kern/pmap.h) turn one into the page's addresses.
 */
struct PageInfo {
  struct PageInfo *pp_link; /* next page on the free list */
  uint16_t pp_ref;          /* references to the page (mappings) */
};

#endif /* !__ASSEMBLER__ */
#endif /* !JOS_INC_MEMLAYOUT_H */

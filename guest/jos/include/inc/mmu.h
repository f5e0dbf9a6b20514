/*
 * nicsim stand-in for JOS inc/mmu.h: i386 two-level paging, as the lab
 * kernel uses it. A linear address is PDX (10 bits) | PTX (10) | PGOFF (12).
 */
#ifndef JOS_INC_MMU_H
#define JOS_INC_MMU_H

/* Page number and the three parts of a linear address. */
#define PGNUM(la) (((uintptr_t)(la)) >> PTXSHIFT)
#define PDX(la) ((((uintptr_t)(la)) >> PDXSHIFT) & 0x3FF)
#define PTX(la) ((((uintptr_t)(la)) >> PTXSHIFT) & 0x3FF)
#define PGOFF(la) (((uintptr_t)(la)) & 0xFFF)
#define PGADDR(d, t, o) ((void *)((d) << PDXSHIFT | (t) << PTXSHIFT | (o)))

#define NPDENTRIES 1024 /* page directory entries per page directory */
#define NPTENTRIES 1024 /* page table entries per page table */

#define PGSIZE 4096 /* bytes mapped by a page */
#define PGSHIFT 12  /* log2(PGSIZE) */

/* Bytes mapped by a page directory entry. */
#define PTSIZE (PGSIZE * NPTENTRIES)
#define PTSHIFT 22 /* log2(PTSIZE) */

#define PTXSHIFT 12 /* offset of PTX in a linear address */
#define PDXSHIFT 22 /* offset of PDX in a linear address */

/* Page table and page directory entry flags. */
#define PTE_P 0x001   /* present */
#define PTE_W 0x002   /* writeable */
#define PTE_U 0x004   /* user */
#define PTE_PWT 0x008 /* write-through */
#define PTE_PCD 0x010 /* cache-disable */
#define PTE_A 0x020   /* accessed */
#define PTE_D 0x040   /* dirty */
#define PTE_PS 0x080  /* page size */
#define PTE_G 0x100   /* global */

/* Bits the kernel leaves to user environments. */
#define PTE_AVAIL 0xE00

/* Flags a user environment may pass to the page system calls. */
#define PTE_SYSCALL (PTE_AVAIL | PTE_P | PTE_W | PTE_U)

/* Physical address of a page table or page directory entry. */
#define PTE_ADDR(pte) ((physaddr_t)(pte) & ~0xFFF)

/* Control register flags. */
#define CR0_PE 0x00000001  /* protection enable */
#define CR0_WP 0x00010000  /* write protect */
#define CR0_PG 0x80000000  /* paging */
#define CR4_PSE 0x00000010 /* page size extensions */

/* EFLAGS. */
#define FL_IF 0x00000200 /* interrupts enabled */

#ifndef __ASSEMBLER__

#include <inc/types.h>

/* The i386 task state segment: where the CPU finds the kernel stack. */
/* Registers are uint32_t, as in struct Trapframe (inc/trap.h). */
struct Taskstate {
  uint32_t ts_link;  /* old task selector */
  uint32_t ts_esp0; /* stack pointers and segment selectors */
  uint16_t ts_ss0;   /* after an increase in privilege level */
  uint16_t ts_padding1;
  uint32_t ts_esp1;
  uint16_t ts_ss1;
  uint16_t ts_padding2;
  uint32_t ts_esp2;
  uint16_t ts_ss2;
  uint16_t ts_padding3;
  physaddr_t ts_cr3; /* page directory base */
  uint32_t ts_eip;  /* saved state from the last task switch */
  uint32_t ts_eflags;
  uint32_t ts_eax;
  uint32_t ts_ecx;
  uint32_t ts_edx;
  uint32_t ts_ebx;
  uint32_t ts_esp;
  uint32_t ts_ebp;
  uint32_t ts_esi;
  uint32_t ts_edi;
  uint16_t ts_es;
  uint16_t ts_padding4;
  uint16_t ts_cs;
  uint16_t ts_padding5;
  uint16_t ts_ss;
  uint16_t ts_padding6;
  uint16_t ts_ds;
  uint16_t ts_padding7;
  uint16_t ts_fs;
  uint16_t ts_padding8;
  uint16_t ts_gs;
  uint16_t ts_padding9;
  uint16_t ts_ldt;
  uint16_t ts_padding10;
  uint16_t ts_t;    /* trap on task switch */
  uint16_t ts_iomb; /* I/O map base address */
};

#endif /* !__ASSEMBLER__ */

#endif /* !JOS_INC_MMU_H */

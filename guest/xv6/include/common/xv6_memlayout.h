/*
 * nicsim stand-in for xv6 kernel/memlayout.h (both lab generations).
 * Physical addresses of the qemu "virt" machine as the xv6 kernel sees them.
 * E1000_IRQ exists only when the lab is built with -DLAB_NET.
 */
#ifndef NICSIM_XV6_MEMLAYOUT_H
#define NICSIM_XV6_MEMLAYOUT_H

#include "xv6_riscv.h" /* MAXVA and PGSIZE for TRAMPOLINE and friends */

/* UART 16550 registers and its PLIC interrupt source. */
#define UART0 0x10000000L
#define UART0_IRQ 10

/* virtio-mmio disk and its PLIC interrupt source. */
#define VIRTIO0 0x10001000
#define VIRTIO0_IRQ 1

#ifdef LAB_NET
/* The e1000 behind PCIe is routed to PLIC source 33. */
#define E1000_IRQ 33
#endif

/* Core-local interruptor: timer compare per hart, free-running mtime. */
#define CLINT 0x2000000L
#define CLINT_MTIMECMP(hartid) (CLINT + 0x4000 + 8 * (hartid))
#define CLINT_MTIME (CLINT + 0xBFF8)

/* Platform-level interrupt controller. */
#define PLIC 0x0c000000L
#define PLIC_PRIORITY (PLIC + 0x0)
#define PLIC_PENDING (PLIC + 0x1000)
#define PLIC_MENABLE(hart) (PLIC + 0x2000 + (hart)*0x100)
#define PLIC_SENABLE(hart) (PLIC + 0x2080 + (hart)*0x100)
#define PLIC_MPRIORITY(hart) (PLIC + 0x200000 + (hart)*0x2000)
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + (hart)*0x2000)
#define PLIC_MCLAIM(hart) (PLIC + 0x200004 + (hart)*0x2000)
#define PLIC_SCLAIM(hart) (PLIC + 0x201004 + (hart)*0x2000)

/* RAM the kernel uses: 128 MiB from KERNBASE, mapped virtual == physical. */
#define KERNBASE 0x80000000L
#define PHYSTOP (KERNBASE + 128 * 1024 * 1024)

/* Top of every address space: trampoline page, then kernel stacks below it. */
#define TRAMPOLINE (MAXVA - PGSIZE)
#define KSTACK(p) (TRAMPOLINE - ((p) + 1) * 2 * PGSIZE)

/* User address space: trap frame just below the trampoline. */
#define TRAPFRAME (TRAMPOLINE - PGSIZE)

#endif /* NICSIM_XV6_MEMLAYOUT_H */

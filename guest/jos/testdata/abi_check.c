/*
 * Pins the values of the JOS stand-in headers to the lab's (specs/
 * guest-abis.md §3a, §3b). Compiled by TestHeaderFixtures with the lab's
 * flags once per side (the kernel's and the user library's declarations of
 * envs and pages conflict, as in JOS); a wrong value is a compile error.
 */
#include <inc/types.h>
#include <inc/error.h>
#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/syscall.h>
#include <inc/trap.h>
#include <inc/env.h>
#include <inc/ns.h>
#ifdef JOS_KERNEL
#include <kern/pmap.h>
#include <kern/pci.h>
#include <kern/env.h>
#include <kern/picirq.h>
#else
#include "ns.h"
#endif

#define CHECK(x) _Static_assert(x, #x)

/* 32-bit addresses and sizes on i386. */
CHECK(sizeof(uintptr_t) == 4);
CHECK(sizeof(physaddr_t) == 4);
CHECK(sizeof(size_t) == 4);
CHECK(sizeof(ssize_t) == 4);
CHECK(sizeof(void *) == 4);
CHECK(sizeof(uint64_t) == 8);
CHECK((ssize_t)-1 < 0);

/* Memory layout and paging. */
CHECK(KERNBASE == 0xF0000000);
CHECK(PGSIZE == 4096 && PGSHIFT == 12);
CHECK(PTSIZE == 0x400000);
CHECK(PTE_P == 0x1 && PTE_W == 0x2 && PTE_U == 0x4);
CHECK(PTE_PWT == 0x8 && PTE_PCD == 0x10);
CHECK(PTE_SYSCALL == 0xE07);
CHECK(KSTACKTOP == KERNBASE);
CHECK(MMIOLIM == 0xEFC00000 && MMIOBASE == 0xEF800000);
CHECK(ULIM == MMIOBASE);
CHECK(UVPT == 0xEF400000 && UPAGES == 0xEF000000 && UENVS == 0xEEC00000);
CHECK(UTOP == 0xEEC00000 && UXSTACKTOP == UTOP);
CHECK(USTACKTOP == 0xEEBFE000);
CHECK(UTEXT == 0x00800000);

/* Errors. */
CHECK(E_UNSPECIFIED == 1 && E_BAD_ENV == 2 && E_INVAL == 3);
CHECK(E_NO_MEM == 4 && E_NO_FREE_ENV == 5 && E_FAULT == 6);
CHECK(E_IPC_NOT_RECV == 7 && E_EOF == 8 && E_NO_DISK == 9);
CHECK(E_MAX_OPEN == 10 && E_NOT_FOUND == 11 && E_BAD_PATH == 12);
CHECK(E_FILE_EXISTS == 13 && E_NOT_EXEC == 14 && E_NOT_SUPP == 15);
CHECK(MAXERROR == 16);

/* System calls. */
CHECK(SYS_cputs == 0 && SYS_cgetc == 1 && SYS_getenvid == 2);
CHECK(SYS_env_destroy == 3 && SYS_page_alloc == 4 && SYS_page_map == 5);
CHECK(SYS_page_unmap == 6 && SYS_exofork == 7 && SYS_env_set_status == 8);
CHECK(SYS_env_set_trapframe == 9 && SYS_env_set_pgfault_upcall == 10);
CHECK(SYS_yield == 11 && SYS_ipc_try_send == 12 && SYS_ipc_recv == 13);
CHECK(SYS_time_msec == 14 && NSYSCALLS == 15);
CHECK(T_SYSCALL == 48 && IRQ_OFFSET == 32 && IRQ_TIMER == 0);

/* Environments. */
CHECK(ENV_FREE == 0 && ENV_DYING == 1 && ENV_RUNNABLE == 2);
CHECK(ENV_RUNNING == 3 && ENV_NOT_RUNNABLE == 4);
CHECK(NENV == 1024 && ENVX(0x1405) == 0x5);
CHECK(ENV_TYPE_NS == 2);
CHECK(sizeof(struct Trapframe) == 68);

/* The network server. */
CHECK(NSREQ_ACCEPT == 1 && NSREQ_BIND == 2 && NSREQ_SHUTDOWN == 3);
CHECK(NSREQ_CLOSE == 4 && NSREQ_CONNECT == 5 && NSREQ_LISTEN == 6);
CHECK(NSREQ_RECV == 7 && NSREQ_SEND == 8 && NSREQ_SOCKET == 9);
CHECK(NSREQ_INPUT == 10 && NSREQ_OUTPUT == 11 && NSREQ_TIMER == 12);
CHECK(sizeof(union Nsipc) == PGSIZE);

#ifdef JOS_KERNEL
CHECK(ALLOC_ZERO == 1);
CHECK(MAX_IRQS == 16 && IO_PIC1 == 0x20 && IO_PIC2 == 0xA0);
#else
CHECK(TIMER_INTERVAL == 250 && QUEUE_SIZE == 20);
CHECK(REQVA == 0x0ffff000 - 20 * PGSIZE);
#endif

/*
 * nicsim hosted runtime: what an unmodified xv6 e1000.c links against when
 * nicsim runs it under its deterministic scheduler.
 *
 * The driver is compiled with -fsanitize=thread (every load and store calls
 * a __tsan_* hook) and -fsanitize-coverage=trace-pc (every basic block calls
 * __sanitizer_cov_trace_pc). This runtime is NOT instrumented. It defines
 * the hooks, the xv6 kernel functions a driver calls, and the coroutines the
 * driver's entry points run on.
 *
 * Protocol: the host (Go) calls nicsim_run(i) to resume coroutine i. The
 * coroutine runs until it reaches an event (a register access, an access to
 * DMA-visible memory, a lock operation, a kernel call...), stores the event
 * in nicsim_ctl and switches back to the host stack, so nicsim_run returns.
 * The host performs the event and stores its result in nicsim_ctl.reply
 * before resuming. The host is never called from here: no function of the
 * host process is reachable from the image.
 *
 * The layout of struct nicsim_ctl is mirrored by guest/hosted/ctl.go.
 */
#ifndef NICSIM_RT_H
#define NICSIM_RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define NICSIM_MAGIC 0x215f6d697363696eULL /* "nicsim_!" */
/* A kernel's kit with its own layout (guest.HostedLayout) sets
 * NICSIM_MMIO_BASE, NICSIM_RAM_BASE, NICSIM_STACKS_BASE and NICSIM_PHYS_BASE
 * (the bus address of RAM) with -D; these are xv6's. */
#ifndef NICSIM_MMIO_BASE
#define NICSIM_MMIO_BASE 0x40000000UL
#endif
#define NICSIM_MMIO_SIZE 0x20000UL
#define NICSIM_NCORO 16
/* The driver's memory: RAM (image, then the kalloc heap), then the
 * coroutine stacks (NCORO+1 slots of a guard page and 64 KiB) at fixed
 * addresses. Mirrored by guest/hosted/stacks.go. */
#ifndef NICSIM_RAM_BASE
#define NICSIM_RAM_BASE 0x80000000UL
#endif
#ifndef NICSIM_PHYS_BASE
#define NICSIM_PHYS_BASE NICSIM_RAM_BASE
#endif
#define NICSIM_RAM_SIZE 0x1000000UL
/* A kernel's window of user pages at fixed addresses (JOS: REQVA), set
 * with -D by its kit's layout; none by default. */
#ifndef NICSIM_USER_SIZE
#define NICSIM_USER_BASE 0UL
#define NICSIM_USER_SIZE 0UL
#endif
#ifndef NICSIM_STACKS_BASE
#define NICSIM_STACKS_BASE 0x81000000UL
#endif
#define NICSIM_STACKS_SIZE ((NICSIM_NCORO + 1) * 0x11000UL)
#define NICSIM_MEM_SIZE (NICSIM_RAM_SIZE + NICSIM_STACKS_SIZE)
/* Pseudo signal of EV_CRASH: an instrumented access outside the driver's
 * memory and the register window (a=NICSIM_SIG_WILD, b=address, c=pc). */
#define NICSIM_SIG_WILD 0x100
#define NICSIM_SHADOW 32
#define NICSIM_MSG 512
#define NICSIM_NCPU 8

/* Events. Below EV_INLINE they are scheduling points. */
enum {
  EV_NONE = 0,
  EV_MMIO_READ = 1, /* a=addr b=size */
  EV_MMIO_WRITE,    /* a=addr b=size; the store happens after the resume */
  EV_MEM,           /* a=addr b=size c=write */
  EV_FENCE,
  EV_ACQUIRE, /* a=lock */
  EV_RELEASE, /* a=lock */
  EV_PUSH_OFF,
  EV_POP_OFF,
  EV_SLEEP, /* a=chan */
  EV_INLINE = 32,
  EV_INITLOCK, /* a=lock b=name */
  EV_HOLDING,  /* a=lock; reply 0/1 */
  EV_KALLOC,   /* reply page */
  EV_KFREE,    /* a=page */
  EV_MBUFALLOC, /* a=headroom; reply mbuf */
  EV_MBUFFREE,  /* a=mbuf */
  EV_NETRX,     /* a=buf b=len; reply buffer to transmit (0: none), reply2 its length */
  EV_CPUID,     /* reply cpu */
  EV_PRINTF,    /* msg, a=len */
  EV_PANIC,     /* msg */
  EV_RETURN,    /* a=value */
  EV_CRASH,     /* a=signal b=fault address (SIGSYS: the call's number) c=faulting pc */
  EV_HANG,      /* a=basic blocks c=pc */
  EV_UNPROVIDED, /* msg: the driver called a function nothing defines */
};

/* Entry points a coroutine runs. */
enum { ENTRY_INIT = 1, ENTRY_TRANSMIT, ENTRY_INTR, ENTRY_KERNEL };

/* Coroutine states. */
enum { CORO_FREE = 0, CORO_NEW, CORO_RUNNING, CORO_DONE };

struct nicsim_coro {
  uint64_t magic;
  uint64_t sp; /* saved stack pointer while suspended */
  uint64_t state;
  uint64_t entry;
  uint64_t arg0, arg1;
  int64_t ret;
  uint64_t stack_lo, stack_hi;
  uint64_t depth; /* shadow call stack depth (may exceed NICSIM_SHADOW) */
  uint64_t shadow[NICSIM_SHADOW]; /* return addresses from __tsan_func_entry */
};

#define NICSIM_DMA_MAP 4096

struct nicsim_ctl {
  uint64_t magic;
  uint64_t host_sp; /* host stack pointer while a coroutine runs */
  uint64_t cur;     /* running coroutine index, or ~0 */
  uint64_t in_coro; /* 1 while a coroutine runs (read by the fault handler) */
  uint64_t ev, a, b, c, pc; /* the event that stopped the coroutine */
  uint64_t reply, reply2;   /* the host's answer */
  uint64_t budget; /* basic blocks a resume may run without an event */
  uint64_t dma_lo, dma_span; /* DMA-visible RAM: driver data, bss and heap */
  uint64_t scratch_sp;
  char msg[NICSIM_MSG]; /* printf and panic text */
  struct nicsim_coro coro[NICSIM_NCORO];
  /* DMA visibility: the heap from heap_lo up, and the granules of the
   * driver's data and bss the host marked (descriptor rings, once the
   * driver programs TDBAL/TDLEN and RDBAL/RDLEN). The driver's private
   * globals (regs, tx_mbufs, ...) are not DMA-visible and do not yield. */
  uint64_t heap_lo;
  uint8_t dma_map[NICSIM_DMA_MAP]; /* one bit per 16-byte granule from dma_lo */
  uint64_t magic2;
};

/* struct spinlock of xv6 (LP64): locked@0, name@8, cpu@16. */
struct nicsim_spinlock {
  unsigned int locked;
  char *name;
  void *cpu;
};

/* struct mbuf of xv6 2020-2023 (LP64): next@0, head@8, len@16, buf@20. */
#define MBUF_SIZE 2048
#define MBUF_DEFAULT_HEADROOM 128
struct mbuf {
  struct mbuf *next;
  char *head;
  unsigned int len;
  char buf[MBUF_SIZE];
};
struct mbufq {
  struct mbuf *head;
  struct mbuf *tail;
};

extern struct nicsim_ctl nicsim_ctl;
extern struct nicsim_coro *nicsim_cur;
extern int64_t nicsim_bb;

void nicsim_switch(uint64_t *save_sp, uint64_t to_sp);
uint64_t nicsim_yield(uint64_t ev, uint64_t a, uint64_t b, uint64_t c, uint64_t pc);
void nicsim_check(uint64_t addr, uint64_t n, uint64_t write, uint64_t pc);
int nicsim_vformat(char *out, int size, const char *fmt, va_list ap);

/* The driver's entry points (signatures differ per ABI; extra args are
 * ignored). rt_coro.c defines weak ones that panic: a driver of another
 * kernel defines none of them. */
extern void e1000_init(uint32_t *regs);
extern int e1000_transmit(uint64_t a, uint64_t b);
extern void e1000_intr(void);

/* ENTRY_KERNEL | op << 8 runs nicsim_kernel_entry(op, arg0, arg1): the
 * entry points of a kernel whose runtime files (a kernel model's hosted
 * kit) define it; rt_coro.c's weak one panics. */
extern int64_t nicsim_kernel_entry(uint64_t op, uint64_t a0, uint64_t a1);

#define NICSIM_RA() ((uint64_t)__builtin_return_address(0))
#define NICSIM_WEAK __attribute__((weak))

#endif /* NICSIM_RT_H */

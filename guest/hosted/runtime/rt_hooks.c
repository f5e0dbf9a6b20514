/*
 * ThreadSanitizer hooks: every load and store of the driver. An access to
 * the register window or to DMA-visible RAM is an event; the rest (stack,
 * rodata, this runtime's own data) returns at once.
 */
#include "rt.h"

/* nicsim_visible: is [a, a+n) DMA-visible (heap, or a marked granule)? */
static inline int nicsim_visible(uint64_t a, uint64_t n) {
  if (a >= nicsim_ctl.heap_lo)
    return 1;
  uint64_t g = (a - nicsim_ctl.dma_lo) >> 4;
  uint64_t last = (a + (n ? n : 1) - 1 - nicsim_ctl.dma_lo) >> 4;
  if (last >= NICSIM_DMA_MAP * 8)
    return 1;
  for (; g <= last; g++)
    if (nicsim_ctl.dma_map[g >> 3] & (1u << (g & 7)))
      return 1;
  return 0;
}

/*
 * An access outside the driver's memory (a wild pointer into the host
 * process: nicsim's own data, Go's heap, libc) never happens: it is a crash
 * of the driver, reported before the access, so it cannot change nicsim or
 * read host addresses into the trace.
 */
static void __attribute__((noreturn, noinline)) nicsim_wild(uint64_t a, uint64_t w, uint64_t pc) {
  for (;;)
    nicsim_yield(EV_CRASH, NICSIM_SIG_WILD | w, a, pc - 1, pc);
}

void nicsim_check(uint64_t a, uint64_t n, uint64_t w, uint64_t pc) {
  if (__builtin_expect(a - NICSIM_MMIO_BASE < NICSIM_MMIO_SIZE, 0)) {
    nicsim_yield(w ? EV_MMIO_WRITE : EV_MMIO_READ, a, n, 0, pc);
    return;
  }
  uint64_t off = a - NICSIM_RAM_BASE;
  if (__builtin_expect(off >= NICSIM_MEM_SIZE || n > NICSIM_MEM_SIZE - off, 0)) {
#if NICSIM_USER_SIZE
    if (a - NICSIM_USER_BASE < NICSIM_USER_SIZE && n <= NICSIM_USER_SIZE - (a - NICSIM_USER_BASE))
      return; /* a kernel's window of user pages (JOS: REQVA) */
#endif
    nicsim_wild(a, w, pc);
  }
  if (__builtin_expect(a - nicsim_ctl.dma_lo < nicsim_ctl.dma_span, 0) && nicsim_visible(a, n))
    nicsim_yield(EV_MEM, a, n, w, pc);
}

#define CHECK(p, n, w) nicsim_check((uint64_t)(p), (n), (w), NICSIM_RA())

#define SIZED_HOOKS(n)                                                    \
  void __tsan_read##n(void *p) { CHECK(p, n, 0); }                        \
  void __tsan_write##n(void *p) { CHECK(p, n, 1); }                       \
  void __tsan_unaligned_read##n(void *p) { CHECK(p, n, 0); }              \
  void __tsan_unaligned_write##n(void *p) { CHECK(p, n, 1); }             \
  void __tsan_read##n##_pc(void *p, void *pc) { CHECK(p, n, 0); }         \
  void __tsan_write##n##_pc(void *p, void *pc) { CHECK(p, n, 1); }
SIZED_HOOKS(1)
SIZED_HOOKS(2)
SIZED_HOOKS(4)
SIZED_HOOKS(8)
SIZED_HOOKS(16)

#define VOLATILE_HOOKS(n)                                                 \
  void __tsan_volatile_read##n(void *p) { CHECK(p, n, 0); }               \
  void __tsan_volatile_write##n(void *p) { CHECK(p, n, 1); }
VOLATILE_HOOKS(1)
VOLATILE_HOOKS(2)
VOLATILE_HOOKS(4)
VOLATILE_HOOKS(8)
VOLATILE_HOOKS(16)

void __tsan_read_range(void *p, unsigned long n) { CHECK(p, n, 0); }
void __tsan_write_range(void *p, unsigned long n) { CHECK(p, n, 1); }

void __tsan_func_entry(void *pc) {
  struct nicsim_coro *co = nicsim_cur;
  uint64_t d = co->depth++;
  if (d < NICSIM_SHADOW)
    co->shadow[d] = (uint64_t)pc;
}

void __tsan_func_exit(void) { nicsim_cur->depth--; }

/* Runs from .init_array in a real TSan program; never called here. */
void __tsan_init(void) {}
void __tsan_vptr_update(void **p, void *v) {}
void __tsan_vptr_read(void **p) {}

/* Fences: __sync_synchronize() and __atomic_thread_fence(). */
void __tsan_atomic_thread_fence(int mo) { nicsim_yield(EV_FENCE, 0, 0, 0, NICSIM_RA()); }
void __tsan_atomic_signal_fence(int mo) {}

/*
 * Atomics (__atomic_* and __sync_* builtins): one event for the access, then
 * the operation. Only one coroutine runs at a time, so plain code is atomic.
 */
#define ATOMIC_OPS(n, T)                                                              \
  T __tsan_atomic##n##_load(const volatile T *a, int mo) {                            \
    CHECK(a, n / 8, 0);                                                               \
    return *a;                                                                        \
  }                                                                                   \
  void __tsan_atomic##n##_store(volatile T *a, T v, int mo) {                         \
    CHECK(a, n / 8, 1);                                                               \
    *a = v;                                                                           \
  }                                                                                   \
  T __tsan_atomic##n##_exchange(volatile T *a, T v, int mo) {                         \
    CHECK(a, n / 8, 1);                                                               \
    T o = *a;                                                                         \
    *a = v;                                                                           \
    return o;                                                                         \
  }                                                                                   \
  ATOMIC_RMW(n, T, fetch_add, o + v)                                                  \
  ATOMIC_RMW(n, T, fetch_sub, o - v)                                                  \
  ATOMIC_RMW(n, T, fetch_and, o &v)                                                   \
  ATOMIC_RMW(n, T, fetch_or, o | v)                                                   \
  ATOMIC_RMW(n, T, fetch_xor, o ^ v)                                                  \
  ATOMIC_RMW(n, T, fetch_nand, ~(o & v))                                              \
  int __tsan_atomic##n##_compare_exchange_strong(volatile T *a, T *c, T v, int mo,    \
                                                 int fmo) {                           \
    CHECK(a, n / 8, 1);                                                               \
    T o = *a;                                                                         \
    if (o == *c) {                                                                    \
      *a = v;                                                                         \
      return 1;                                                                       \
    }                                                                                 \
    *c = o;                                                                           \
    return 0;                                                                         \
  }                                                                                   \
  int __tsan_atomic##n##_compare_exchange_weak(volatile T *a, T *c, T v, int mo,      \
                                               int fmo) {                             \
    return __tsan_atomic##n##_compare_exchange_strong(a, c, v, mo, fmo);              \
  }                                                                                   \
  T __tsan_atomic##n##_compare_exchange_val(volatile T *a, T c, T v, int mo, int fmo) { \
    CHECK(a, n / 8, 1);                                                               \
    T o = *a;                                                                         \
    if (o == c)                                                                       \
      *a = v;                                                                         \
    return o;                                                                         \
  }

#define ATOMIC_RMW(n, T, op, expr)                                 \
  T __tsan_atomic##n##_##op(volatile T *a, T v, int mo) {          \
    CHECK(a, n / 8, 1);                                            \
    T o = *a;                                                      \
    *a = (T)(expr);                                                \
    return o;                                                      \
  }

ATOMIC_OPS(8, uint8_t)
ATOMIC_OPS(16, uint16_t)
ATOMIC_OPS(32, uint32_t)
ATOMIC_OPS(64, uint64_t)

/*
 * The driver is compiled with -fstack-protector-strong: a function that
 * wrote past a local array overwrote its stack canary and calls this
 * instead of returning through a smashed frame. It is the driver's panic,
 * named at the function that overflowed.
 */
void __attribute__((noreturn)) __stack_chk_fail(void) {
  static const char m[] = "stack smashing detected: the function wrote past the end of a local array and overwrote its stack canary";
  for (unsigned i = 0; i < sizeof m; i++)
    nicsim_ctl.msg[i] = m[i];
  for (;;)
    nicsim_yield(EV_PANIC, 0, 0, 0, NICSIM_RA());
}

/*
 * Coroutines: the driver's entry points run on their own stacks and switch
 * back to the host stack at every event.
 */
#include "rt.h"

struct nicsim_ctl nicsim_ctl = {.magic = NICSIM_MAGIC, .cur = ~0ULL, .magic2 = NICSIM_MAGIC};
struct nicsim_coro *nicsim_cur;
int64_t nicsim_bb;

/*
 * nicsim_switch(save, to): save the callee-saved registers on the current
 * stack, store the stack pointer in *save, load `to` and pop the registers
 * saved there. A new coroutine's stack is laid out to look like a suspended
 * switch whose return address is nicsim_coro_main.
 */
__asm__(".text\n"
        ".globl nicsim_switch\n"
        ".type nicsim_switch,@function\n"
        "nicsim_switch:\n"
        "  pushq %rbp\n"
        "  pushq %rbx\n"
        "  pushq %r12\n"
        "  pushq %r13\n"
        "  pushq %r14\n"
        "  pushq %r15\n"
        "  movq %rsp, (%rdi)\n"
        "  movq %rsi, %rsp\n"
        "  popq %r15\n"
        "  popq %r14\n"
        "  popq %r13\n"
        "  popq %r12\n"
        "  popq %rbx\n"
        "  popq %rbp\n"
        "  ret\n"
        ".size nicsim_switch, .-nicsim_switch\n");

uint64_t nicsim_yield(uint64_t ev, uint64_t a, uint64_t b, uint64_t c, uint64_t pc) {
  struct nicsim_ctl *x = &nicsim_ctl;
  x->ev = ev;
  x->a = a;
  x->b = b;
  x->c = c;
  x->pc = pc;
  nicsim_switch(&nicsim_cur->sp, x->host_sp);
  return x->reply;
}

/* An entry point the driver does not define: a panic naming it. */
static void __attribute__((noreturn)) nicsim_missing(const char *name) {
  static const char pre[] = "the driver defines no ";
  int i = 0;
  for (; pre[i]; i++)
    nicsim_ctl.msg[i] = pre[i];
  for (int j = 0; name[j] && i < NICSIM_MSG - 1; j++)
    nicsim_ctl.msg[i++] = name[j];
  nicsim_ctl.msg[i] = 0;
  for (;;)
    nicsim_yield(EV_PANIC, 0, 0, 0, 0);
}

NICSIM_WEAK void e1000_init(uint32_t *regs) { nicsim_missing("e1000_init"); }
NICSIM_WEAK int e1000_transmit(uint64_t a, uint64_t b) { nicsim_missing("e1000_transmit"); }
NICSIM_WEAK void e1000_intr(void) { nicsim_missing("e1000_intr"); }
NICSIM_WEAK int64_t nicsim_kernel_entry(uint64_t op, uint64_t a0, uint64_t a1) {
  nicsim_missing("kernel entry (no kernel runtime linked)");
}

static void __attribute__((noreturn)) nicsim_coro_main(void) {
  struct nicsim_coro *co = nicsim_cur;
  int64_t r = 0;
  switch (co->entry) {
  case ENTRY_INIT:
    e1000_init((uint32_t *)NICSIM_MMIO_BASE);
    break;
  case ENTRY_TRANSMIT:
    r = e1000_transmit(co->arg0, co->arg1);
    break;
  case ENTRY_INTR:
    e1000_intr();
    break;
  default:
    if ((co->entry & 0xff) == ENTRY_KERNEL)
      r = nicsim_kernel_entry(co->entry >> 8, co->arg0, co->arg1);
    break;
  }
  co->ret = r;
  co->state = CORO_DONE;
  for (;;)
    nicsim_yield(EV_RETURN, (uint64_t)r, 0, 0, 0);
}

/* Lay out a new coroutine's stack as a suspended nicsim_switch. */
static void nicsim_coro_prepare(struct nicsim_coro *co) {
  uint64_t *sp = (uint64_t *)(co->stack_hi & ~15ULL);
  *--sp = 0;                           /* fake return address of coro_main */
  *--sp = (uint64_t)nicsim_coro_main;  /* nicsim_switch returns here */
  for (int i = 0; i < 6; i++)
    *--sp = 0; /* rbp rbx r12 r13 r14 r15 */
  co->sp = (uint64_t)sp;
  co->depth = 0;
  co->state = CORO_RUNNING;
}

/* A kernel's runtime files may watch every resume and stop of a coroutine
 * (JOS: the user pages of the environment it runs). */
NICSIM_WEAK void nicsim_resume_hook(uint64_t i) {}
NICSIM_WEAK void nicsim_suspend_hook(uint64_t i) {}

/* Called by the host (through a function pointer): run coroutine i until its next event. */
uint64_t nicsim_run(uint64_t i) {
  struct nicsim_ctl *x = &nicsim_ctl;
  struct nicsim_coro *co = &x->coro[i];
  if (co->state == CORO_NEW)
    nicsim_coro_prepare(co);
  x->cur = i;
  nicsim_cur = co;
  nicsim_bb = (int64_t)x->budget;
  nicsim_resume_hook(i);
  x->in_coro = 1;
  nicsim_switch(&x->host_sp, co->sp);
  x->in_coro = 0;
  nicsim_suspend_hook(i);
  return x->ev;
}

/*
 * The fault handler (in the host) rewrites a faulting coroutine's context to
 * continue here, on a spare stack: report the crash and go back to the host
 * for good. The coroutine is abandoned.
 */
void __attribute__((noreturn)) nicsim_crash_landing(uint64_t sig, uint64_t addr, uint64_t pc) {
  struct nicsim_ctl *x = &nicsim_ctl;
  x->ev = EV_CRASH;
  x->a = sig;
  x->b = addr;
  x->c = pc;
  x->pc = pc;
  for (;;)
    nicsim_switch(&x->scratch_sp, x->host_sp);
}

/* Every basic block of the driver: a loop that reaches no event is a hang. */
void __sanitizer_cov_trace_pc(void) {
  if (__builtin_expect(--nicsim_bb < 0, 0)) {
    uint64_t pc = NICSIM_RA();
    for (;;)
      nicsim_yield(EV_HANG, nicsim_ctl.budget, 0, pc, pc);
  }
}

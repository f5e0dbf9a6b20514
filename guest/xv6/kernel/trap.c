// trap.c: machine-mode traps. External interrupts come through the PLIC (context 0 is
// hart 0 in M-mode); the e1000 interrupt calls the driver's e1000_intr exactly as xv6's
// devintr does. The CLINT timer only wakes ns_sleep_us. Exceptions panic.
#include "nicsim.h"

#define NS_PLIC_PRIORITY(irq) ((volatile uint32 *)(NS_PLIC + 4 * (irq)))
#define NS_PLIC_MENABLE(word) ((volatile uint32 *)(NS_PLIC + 0x2000 + 4 * (word)))
#define NS_PLIC_MTHRESHOLD ((volatile uint32 *)(NS_PLIC + 0x200000))
#define NS_PLIC_MCLAIM ((volatile uint32 *)(NS_PLIC + 0x200004))
#define NS_MTIMECMP ((volatile uint64 *)NS_CLINT_MTIMECMP)

int ns_e1000_irq;
extern uint64 ns_trap_epc;
static volatile int timer_fired;


static inline uint64
r_csr_mcause(void)
{
  uint64 x;
  asm volatile("csrr %0, mcause" : "=r"(x));
  return x;
}

static inline uint64
r_csr_mepc(void)
{
  uint64 x;
  asm volatile("csrr %0, mepc" : "=r"(x));
  return x;
}

static inline uint64
r_csr_mtval(void)
{
  uint64 x;
  asm volatile("csrr %0, mtval" : "=r"(x));
  return x;
}

static void
arm(uint64 deadline)
{
  *NS_MTIMECMP = deadline;
  asm volatile("csrs mie, %0" ::"r"(NS_MIE_MTIE));
}

void
ns_plic_enable(int irq)
{
  *NS_PLIC_PRIORITY(irq) = 1;
  *NS_PLIC_MENABLE(irq / 32) |= 1U << (irq % 32);
}

// ns_trapinit enables external interrupts. The timer stays masked (mie.MTIE) until
// ns_sleep_us arms it. mtimecmp is never set to "never" (~0): QEMU would arm its
// timer at INT64_MAX ns, and an idle hart under -icount sleep=off warps the virtual
// clock straight there.
void
ns_trapinit(void)
{
  *NS_PLIC_MTHRESHOLD = 0;
  ns_plic_enable(NS_UART_IRQ);
  asm volatile("csrs mie, %0" ::"r"(NS_MIE_MEIE));
}

static void
external(void)
{
  int irq = *NS_PLIC_MCLAIM;
  if (irq == 0)
    return;
  if (irq == ns_e1000_irq)
    e1000_intr();
  else if (irq == NS_UART_IRQ)
    ns_uartintr();
  else
    printf("nicsim: unexpected irq %d\n", irq);
  *NS_PLIC_MCLAIM = irq;
}

void
mtrap(void)
{
  uint64 cause = r_csr_mcause();
  ns_trap_epc = r_csr_mepc();
  if ((long)cause >= 0)
    ns_panic_trap(cause, ns_trap_epc, r_csr_mtval());
  cause &= 0xff;
  if (cause == 11) {
    external();
  } else if (cause == 7) {
    asm volatile("csrc mie, %0" ::"r"(NS_MIE_MTIE));
    timer_fired = 1;
  } else {
    printf("nicsim: unexpected interrupt %d\n", (int)cause);
  }
}

// ns_idle waits in wfi for the next interrupt; call it with interrupts off. No timer
// is armed: under -icount with sleep=off the virtual clock then stands still until the
// host types a command or injects a frame, so an injection gated on a console marker
// lands at the same virtual time in every run. (With -netdev user, slirp's timers
// make QEMU 7.2 spin in this state and stop answering; nicsim never uses slirp.)
void
ns_idle(void)
{
  ns_wfi();
  ns_intr_on();
  ns_intr_off();
}

// ns_sleep_us waits in wfi for a span of guest virtual time. Under -icount with
// sleep=off an idle span costs no wall time: QEMU warps to the next timer deadline.
void
ns_sleep_us(uint64 us)
{
  uint64 deadline = ns_mtime() + us * (NS_MTIME_HZ / 1000000);
  int on = ns_intr_get();
  ns_intr_off();
  while (ns_mtime() < deadline) {
    timer_fired = 0;
    arm(deadline);
    while (!timer_fired) {
      ns_wfi();
      ns_intr_on();
      ns_intr_off();
    }
  }
  timer_fired = 0;
  if (on)
    ns_intr_on();
}

/*
 * nicsim stand-in for JOS kern/trap.h: the kernel's trap handling. An
 * interrupt-driven driver is called from trap_dispatch for trap
 * IRQ_OFFSET + its irq_line, and must end the interrupt with lapic_eoi
 * (kern/cpu.h). The interrupt descriptor table itself is left out.
 */
#ifndef JOS_KERN_TRAP_H
#define JOS_KERN_TRAP_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/trap.h>
#include <inc/mmu.h>

void trap_init(void);
void trap_init_percpu(void);
void print_regs(struct PushRegs *regs);
void print_trapframe(struct Trapframe *tf);
void page_fault_handler(struct Trapframe *);
void backtrace(struct Trapframe *);

#endif /* !JOS_KERN_TRAP_H */

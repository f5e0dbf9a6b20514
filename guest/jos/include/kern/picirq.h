/*
 * nicsim stand-in for JOS kern/picirq.h: the two 8259A interrupt
 * controllers. A set bit in irq_mask_8259A masks that IRQ; a driver that
 * wants its interrupt clears its bit with irq_setmask_8259A.
 */
#ifndef JOS_KERN_PICIRQ_H
#define JOS_KERN_PICIRQ_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#define MAX_IRQS 16 /* number of IRQs */

/* I/O addresses of the master and slave controllers. */
#define IO_PIC1 0x20 /* master (IRQs 0-7) */
#define IO_PIC2 0xA0 /* slave (IRQs 8-15) */

#define IRQ_SLAVE 2 /* IRQ at which the slave connects to the master */

#ifndef __ASSEMBLER__

#include <inc/types.h>
#include <inc/x86.h>

extern uint16_t irq_mask_8259A;
void pic_init(void);
void irq_setmask_8259A(uint16_t mask);

#endif /* !__ASSEMBLER__ */
#endif /* !JOS_KERN_PICIRQ_H */

/*
 * x86pic.h: the two cascaded 8259 programmable interrupt controllers.
 * IRQs 0-7 (master, PIC1) arrive at vectors 0x20-0x27 and IRQs 8-15 (slave,
 * PIC2) at 0x28-0x2F. A handler of a slave IRQ sends EOI to PIC2 and PIC1.
 */
#ifndef NICSIM_ETH_X86PIC_H
#define NICSIM_ETH_X86PIC_H

#define PIC1            0x20    /* master command port */
#define PIC2            0xA0    /* slave command port */
#define PIC1_DATA       0x21    /* master data (mask) port */
#define PIC2_DATA       0xA1    /* slave data (mask) port */
#define EOI             0x20    /* non-specific end of interrupt */

/* the same ports by their longer names */
#define PIC_MASTER_CMD_PORT     PIC1
#define PIC_MASTER_IMR_PORT     PIC1_DATA
#define PIC_SLAVE_CMD_PORT      PIC2
#define PIC_SLAVE_IMR_PORT      PIC2_DATA
#define PIC_EOI                 EOI

#define PIC_VECTOR_BASE         0x20    /* vector of IRQ 0 */

#endif

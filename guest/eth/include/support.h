/*
 * support.h: interrupt and timing support of the eth kernel.
 */
#ifndef NICSIM_ETH_SUPPORT_H
#define NICSIM_ETH_SUPPORT_H

#include "common.h"

/*
 * __install_isr installs handler for an interrupt vector (IRQ line + 0x20 for
 * the 8259 PICs) and returns the handler it replaces. The handler runs with
 * interrupts disabled and is called as handler(vector, code), code being the
 * CPU's error code (0 for IRQs). An IRQ handler must send the EOIs itself.
 */
void (*__install_isr(int vector, void (*handler)(int vector, int code)))(int vector, int code);

/* __delay waits for tenths tenths of a second (of the machine's time). */
void __delay(int tenths);

/* __panic is the support library's panic; it prints reason and halts. */
void __panic(char *reason) __attribute__((noreturn));

#endif

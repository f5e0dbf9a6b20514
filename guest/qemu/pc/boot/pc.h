/*
 * pc.h: the platform of nicsim's bare i386 guest (guest/qemu/pc), as kernel
 * personalities (guest/eth/qemu, later JOS) use it.
 *
 * The guest runs in 32-bit protected mode, ring 0, paging off: memory is
 * identity-mapped, so (uint32_t)ptr is the bus address a device uses. The 8259
 * PICs are remapped to vectors 0x20 (IRQ 0-7) and 0x28 (IRQ 8-15); the master
 * runs in auto-EOI mode, the slave does not (its IRQs need an EOI to PIC2). The
 * PIT ticks at PC_HZ on IRQ 0 only while pc_wait_ticks waits: an idle guest arms
 * no timer, so under -icount sleep=off its virtual time stands still until a
 * frame or console input (COM1's IRQ 4 wakes the CPU) arrives. COM1 is the
 * console.
 */
#ifndef NICSIM_PC_H
#define NICSIM_PC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define PC_HZ 100               /* PIT interrupts per second */
#define PC_IRQ_BASE 0x20        /* vector of IRQ 0 */
#define PC_VECTORS 48           /* vectors with a stub: exceptions and 16 IRQs */

/* pc_handler_t handles an interrupt vector; code is the CPU's error code. */
typedef void (*pc_handler_t)(int vector, int code);

/* guest_main is the kernel personality's entry, called with interrupts enabled. */
void guest_main(void);

pc_handler_t pc_set_handler(int vector, pc_handler_t handler);
void pc_irq_unmask(int irq);

/* pc_ticks counts PIT periods waited so far. */
uint32_t pc_ticks(void);
/* pc_wait_ticks waits n PIT periods: halting when interrupts are enabled, by
 * polling the PIT's counter when they are not (inside a handler). */
void pc_wait_ticks(uint32_t n);
/* pc_idle halts until the next interrupt (enabling interrupts). */
void pc_idle(void);
uint32_t pc_irq_save(void);
void pc_irq_restore(uint32_t flags);

uint8_t pc_inb(uint16_t port);
uint16_t pc_inw(uint16_t port);
uint32_t pc_inl(uint16_t port);
void pc_outb(uint16_t port, uint8_t v);
void pc_outw(uint16_t port, uint16_t v);
void pc_outl(uint16_t port, uint32_t v);

void pc_putc(int c);
/* pc_getc returns the next byte typed on COM1, or -1. */
int pc_getc(void);
/* pc_has_input reports whether a byte typed on COM1 waits to be read. */
int pc_has_input(void);
/* pc_write writes n bytes to the console without interleaving. */
void pc_write(const char *s, size_t n);
int pc_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
void pc_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* pc_panic prints "panic: msg", a backtrace ("nicsim: bt 0x..." lines) and
 * "nicsim: halted", then stops the CPU. */
void pc_panic(const char *msg) __attribute__((noreturn));
void pc_halt(void) __attribute__((noreturn));

/* pc_alloc returns size bytes aligned to align (a power of two) from a static
 * heap, zeroed, or NULL when it is exhausted. Nothing is ever freed. */
void *pc_alloc(size_t size, size_t align);

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif

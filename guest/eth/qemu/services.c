/*
 * services.c: the eth kernel's services on nicsim's bare i386 guest
 * (guest/qemu/pc): port I/O as real in/out instructions, __install_isr on the
 * guest's IDT, __delay on the PIT, memory routines, the console and panics.
 */
#include <cio.h>
#include <common.h>
#include <kdefs.h>
#include <klib.h>
#include <sio.h>
#include <support.h>
#include <x86pic.h>

#include "pc.h"

int __inb(int port) { return pc_inb((uint16_t)port); }
int __inw(int port) { return pc_inw((uint16_t)port); }
int __inl(int port) { return (int)pc_inl((uint16_t)port); }
void __outb(int port, int value) { pc_outb((uint16_t)port, (uint8_t)value); }
void __outw(int port, int value) { pc_outw((uint16_t)port, (uint16_t)value); }
void __outl(int port, int value) { pc_outl((uint16_t)port, (uint32_t)value); }

void (*__install_isr(int vector, void (*handler)(int, int)))(int, int)
{
	void (*old)(int, int) = pc_set_handler(vector, handler);
	if (vector >= PIC_VECTOR_BASE && vector < PIC_VECTOR_BASE + 16)
		pc_irq_unmask(vector - PIC_VECTOR_BASE);
	return old;
}

void __delay(int tenths)
{
	if (tenths > 0)
		pc_wait_ticks((uint32_t)tenths * (PC_HZ / 10));
}

void __memset(void *buf, unsigned int len, unsigned int value) { memset(buf, (int)value, len); }
void __memcpy(void *dst, const void *src, unsigned int len) { memcpy(dst, src, len); }

void __sio_writec(int c) { pc_putc(c); }
int __sio_readc(void) { return pc_getc(); }

void __cio_putchar(unsigned int c) { pc_putc((int)c); }
int __cio_getchar(void) { return pc_getc(); }
void __cio_puts(char *s) { pc_write(s, strlen(s)); }

void __cio_printf(char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = pc_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pc_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void _kpanic(const char *msg) { pc_panic(msg); }
void __panic(char *reason) { pc_panic(reason); }

/*
 * cio.h: the console. In nicsim's guests the console is the first serial port
 * (COM1); each __cio_printf call is written without interleaving with others.
 */
#ifndef NICSIM_ETH_CIO_H
#define NICSIM_ETH_CIO_H

#include "common.h"

void __cio_printf(char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __cio_puts(char *s);
void __cio_putchar(unsigned int c);
/* __cio_getchar returns the next input character, or -1 when there is none. */
int __cio_getchar(void);

#endif

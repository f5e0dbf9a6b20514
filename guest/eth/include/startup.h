/*
 * startup.h: the baseline kernel's assembly support routines. Of them, a
 * driver uses the port I/O functions, which nicsim's kernel declares in
 * klib.h (the final baseline's home for them): an older driver that
 * includes startup.h for __inb and __outb finds them here too.
 */
#ifndef NICSIM_ETH_STARTUP_H
#define NICSIM_ETH_STARTUP_H

#include "klib.h"

#endif

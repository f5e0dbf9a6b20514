/*
 * kdefs.h: kernel-wide definitions of the eth kernel: assert and the panic it
 * calls.
 */
#ifndef NICSIM_ETH_KDEFS_H
#define NICSIM_ETH_KDEFS_H

#include "common.h"

/* _kpanic prints "panic: msg" on the console and halts the machine. */
void _kpanic(const char *msg) __attribute__((noreturn));

#define NICSIM_STR2(x) #x
#define NICSIM_STR(x) NICSIM_STR2(x)

/* assert(x) panics with the failed expression and its place when x is false. */
#ifndef assert
#define assert(x) \
	do { \
		if (!(x)) \
			_kpanic("assert failed: " #x " at " __FILE__ ":" NICSIM_STR(__LINE__)); \
	} while (0)
#endif

#endif

/*
 * klib.h: the eth kernel's library: port I/O and memory routines.
 * Ports are I/O-space addresses (0..0xFFFF); values are zero-extended.
 */
#ifndef NICSIM_ETH_KLIB_H
#define NICSIM_ETH_KLIB_H

#include "common.h"

int __inb(int port);
int __inw(int port);
int __inl(int port);
void __outb(int port, int value);
void __outw(int port, int value);
void __outl(int port, int value);

/* __memset sets len bytes at buf to value (length before value). */
void __memset(void *buf, unsigned int len, unsigned int value);
/* __memcpy copies len bytes from src to dst. */
void __memcpy(void *dst, const void *src, unsigned int len);

void _kpanic(const char *msg) __attribute__((noreturn));

#endif

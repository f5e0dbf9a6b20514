/*
 * nicsim stand-in for JOS inc/x86.h: port I/O and the few privileged
 * instructions the lab's drivers and interrupt code use.
 */
#ifndef JOS_INC_X86_H
#define JOS_INC_X86_H

#include <inc/types.h>

static inline uint8_t inb(int port) {
  uint8_t data;
  asm volatile("inb %w1,%0" : "=a"(data) : "d"(port));
  return data;
}

static inline uint16_t inw(int port) {
  uint16_t data;
  asm volatile("inw %w1,%0" : "=a"(data) : "d"(port));
  return data;
}

static inline uint32_t inl(int port) {
  uint32_t data;
  asm volatile("inl %w1,%0" : "=a"(data) : "d"(port));
  return data;
}

static inline void outb(int port, uint8_t data) {
  asm volatile("outb %0,%w1" : : "a"(data), "d"(port));
}

static inline void outw(int port, uint16_t data) {
  asm volatile("outw %0,%w1" : : "a"(data), "d"(port));
}

static inline void outl(int port, uint32_t data) {
  asm volatile("outl %0,%w1" : : "a"(data), "d"(port));
}

static inline void cli(void) { asm volatile("cli"); }

static inline void sti(void) { asm volatile("sti"); }

static inline void pause(void) { asm volatile("pause"); }

#endif /* !JOS_INC_X86_H */

/*
 * nicsim stand-in for JOS inc/trap.h: trap numbers, IRQ numbers and the
 * trap frame the kernel saves on entry.
 */
#ifndef JOS_INC_TRAP_H
#define JOS_INC_TRAP_H

/* Processor exceptions used by the lab. */
#define T_DIVIDE 0
#define T_DEBUG 1
#define T_BRKPT 3
#define T_GPFLT 13
#define T_PGFLT 14

/* System call vector: lib/syscall.c enters the kernel with int $T_SYSCALL. */
#define T_SYSCALL 48

/* Hardware IRQ n arrives as trap IRQ_OFFSET + n. */
#define IRQ_OFFSET 32

#define IRQ_TIMER 0
#define IRQ_KBD 1
#define IRQ_SERIAL 4
#define IRQ_SPURIOUS 7
#define IRQ_IDE 14
#define IRQ_ERROR 19

#ifndef __ASSEMBLER__

#include <inc/types.h>

/* General registers in pushal order. */
struct PushRegs {
  uint32_t reg_edi;
  uint32_t reg_esi;
  uint32_t reg_ebp;
  uint32_t reg_oesp; /* useless */
  uint32_t reg_ebx;
  uint32_t reg_edx;
  uint32_t reg_ecx;
  uint32_t reg_eax;
} __attribute__((packed));

/* Saved registers are 32 bits, as on i386: uint32_t rather than the hosted
 * build's 64-bit uintptr_t, so that struct Trapframe, and struct Env
 * around it, have the layout a real lab's inc/types.h gives the student's
 * files (uintptr_t = uint32_t) in nicsim's hosted build too. */
struct Trapframe {
  struct PushRegs tf_regs;
  uint16_t tf_es;
  uint16_t tf_padding1;
  uint16_t tf_ds;
  uint16_t tf_padding2;
  uint32_t tf_trapno;
  /* below here defined by x86 hardware */
  uint32_t tf_err;
  uint32_t tf_eip;
  uint16_t tf_cs;
  uint16_t tf_padding3;
  uint32_t tf_eflags;
  /* below here only when crossing rings, such as from user to kernel */
  uint32_t tf_esp;
  uint16_t tf_ss;
  uint16_t tf_padding4;
} __attribute__((packed));

/* What the user-level page fault handler receives. */
struct UTrapframe {
  uint32_t utf_fault_va;
  uint32_t utf_err;
  struct PushRegs utf_regs;
  uint32_t utf_eip;
  uint32_t utf_eflags;
  uint32_t utf_esp;
} __attribute__((packed));

#endif /* !__ASSEMBLER__ */
#endif /* !JOS_INC_TRAP_H */

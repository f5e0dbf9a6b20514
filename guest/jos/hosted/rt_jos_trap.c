/*
 * nicsim JOS model: the system call trap of user environments.
 *
 * int30.h turns lib/syscall.c's `int $0x30` into `call nicsim_jos_int30`
 * with JOS's registers: the call number in %eax and up to five arguments
 * in %edx, %ecx, %ebx, %edi and %esi; the result comes back in %eax. The
 * inline asm of lib/syscall.c tells the compiler that only %eax changes,
 * so this trampoline keeps every other general register and the SSE
 * state, aligns the stack and calls nicsim_jos_trap(num, a1, ..., a5),
 * the kernel's entry (trap.c's trap_dispatch -> syscall).
 */
#include <stdint.h>

int32_t nicsim_jos_trap(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                        uint32_t a5);

__asm__(".text\n"
        ".globl nicsim_jos_int30\n"
        ".type nicsim_jos_int30,@function\n"
        "nicsim_jos_int30:\n"
        "  pushq %rbp\n"
        "  movq %rsp, %rbp\n"
        "  pushq %rbx\n"
        "  pushq %rcx\n"
        "  pushq %rdx\n"
        "  pushq %rsi\n"
        "  pushq %rdi\n"
        "  pushq %r8\n"
        "  pushq %r9\n"
        "  pushq %r10\n"
        "  pushq %r11\n"
        "  andq $-16, %rsp\n"
        "  subq $512, %rsp\n"
        "  fxsave64 (%rsp)\n"
        "  movl %esi, %r9d\n"  /* a5 */
        "  movl %edi, %r8d\n"  /* a4 */
        "  movl %ecx, %r10d\n" /* a2 */
        "  movl %edx, %r11d\n" /* a1 */
        "  movl %eax, %edi\n"  /* num */
        "  movl %r11d, %esi\n" /* a1 */
        "  movl %r10d, %edx\n" /* a2 */
        "  movl %ebx, %ecx\n"  /* a3 */
        "  call nicsim_jos_trap\n"
        "  fxrstor64 (%rsp)\n"
        "  leaq -72(%rbp), %rsp\n"
        "  popq %r11\n"
        "  popq %r10\n"
        "  popq %r9\n"
        "  popq %r8\n"
        "  popq %rdi\n"
        "  popq %rsi\n"
        "  popq %rdx\n"
        "  popq %rcx\n"
        "  popq %rbx\n"
        "  popq %rbp\n"
        "  ret\n"
        ".size nicsim_jos_int30, .-nicsim_jos_int30\n");

/*
 * nicsim: forced include (-include) of every user-side file of a JOS lab
 * built into nicsim's hosted image. JOS user code enters the kernel with
 * `int $0x30` (T_SYSCALL) inside lib/syscall.c's static syscall(). On the
 * x86-64 host that instruction faults, so this assembler macro, defined
 * before any function of the file, turns the instruction `int $48` into a
 * call of nicsim_jos_int30 (rt_jos_trap.c), which keeps every register
 * but %eax as the trap would. The student's source is not modified. Any
 * other `int` vector is an assembly error naming it.
 *
 * User code is compiled with -mno-red-zone: the call pushes a return
 * address below the stack pointer, where the red zone would be.
 */
__asm__(".macro int vec\n"
        ".ifc \\vec,$48\n"
        "  call nicsim_jos_int30\n"
        ".else\n"
        "  .error \"nicsim: int \\vec is not JOS's system call trap (int $0x30); nicsim's JOS model enters the kernel only through T_SYSCALL\"\n"
        ".endif\n"
        ".endm\n");

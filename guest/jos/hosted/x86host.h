/*
 * nicsim: forced include (-include) of every file of a JOS lab in nicsim's
 * hosted x86-64 build. inc/x86.h's read_eflags and write_eflags use i386
 * instructions (pushfl; popl %0 and pushl %0; popfl) that the x86-64
 * assembler refuses; these assembler macros, defined before any function
 * of the file, give them their JOS meaning on the host: pushfl pushes the
 * flags with IF clear (JOS's kernel runs with interrupts off, so a
 * driver's assert(!(read_eflags() & FL_IF)) holds), popfl takes only the
 * arithmetic flags and DF (IF, TF and AC stay as the host has them), and
 * pushl/popl of a 32-bit register push and pop its 64-bit register. The
 * student's source is not modified. Other i386-only instructions (lcr3's
 * movl to %cr3, inb and outb) still do not assemble or run.
 */
__asm__(".macro pushfl\n"
        "  pushfq\n"
        "  andq $~0x200, (%rsp)\n"
        ".endm\n"
        ".macro popfl\n"
        "  andq $0xcd5, (%rsp)\n"
        "  orq $0x200, (%rsp)\n"
        "  popfq\n"
        ".endm\n"
        ".macro nicsim_reg64 op, r\n"
        "  .irp n, ax,bx,cx,dx,si,di,bp\n"
        "    .ifc \\r,%e\\n\n"
        "      \\op %r\\n\n"
        "    .endif\n"
        "  .endr\n"
        "  .irp n, 8,9,10,11,12,13,14,15\n"
        "    .ifc \\r,%r\\n\\()d\n"
        "      \\op %r\\n\n"
        "    .endif\n"
        "  .endr\n"
        ".endm\n"
        ".macro popl r\n"
        "  nicsim_reg64 popq, \\r\n"
        ".endm\n"
        ".macro pushl r\n"
        "  nicsim_reg64 pushq, \\r\n"
        ".endm\n");

/*
 * boot.S: entry and interrupt stubs of nicsim's bare i386 guest.
 *
 * QEMU's multiboot loader (qemu-system-i386 -kernel) enters _start in 32-bit
 * protected mode with paging off, EAX = 0x2BADB002 and EBX = the multiboot info.
 * We load our own flat GDT (code 0x08, data 0x10), set up a stack and call
 * pc_main. Memory stays identity-mapped: an address is its bus address.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003 /* page-align modules, pass memory info */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	cli
	lgdt gdt_desc
	ljmp $0x08, $1f
1:	movw $0x10, %cx
	movw %cx, %ds
	movw %cx, %es
	movw %cx, %fs
	movw %cx, %gs
	movw %cx, %ss
	movl $pc_stack_top, %esp
	xorl %ebp, %ebp
	pushl %ebx
	pushl %eax
	call pc_main
2:	cli
	hlt
	jmp 2b

/* Interrupt stubs: each pushes an error code (0 when the CPU pushes none) and
 * its vector, then joins isr_common, which saves the registers and calls
 * pc_trap(struct pc_frame *). */
.macro STUB vec
	.globl pc_isr\vec
pc_isr\vec:
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushl $0
	.endif
	pushl $\vec
	jmp isr_common
.endm

.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	STUB \v
.endr
.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	STUB \v
.endr

isr_common:
	pushal
	cld
	pushl %esp
	call pc_trap
	addl $4, %esp
	popal
	addl $8, %esp
	iret

/* pc_isr_table lists the stubs by vector for the IDT. */
	.section .rodata
	.align 4
	.globl pc_isr_table
pc_isr_table:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long pc_isr\v
.endr
.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.long pc_isr\v
.endr

	.align 8
gdt:
	.quad 0
	.quad 0x00CF9A000000FFFF /* 0x08: code, base 0, limit 4 GiB */
	.quad 0x00CF92000000FFFF /* 0x10: data, base 0, limit 4 GiB */
gdt_desc:
	.word gdt_desc - gdt - 1
	.long gdt

	.bss
	.align 16
	.globl pc_stack_bottom
pc_stack_bottom:
	.space 32768
	.globl pc_stack_top
pc_stack_top:
	.section .note.GNU-stack,"",@progbits

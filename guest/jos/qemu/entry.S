/*
 * entry.S: the JOS guest's first instructions, before guest/qemu/pc's boot.
 *
 * The guest is linked at KERNBASE + 1 MiB (0xF0100000) and loaded by QEMU's
 * multiboot loader at 1 MiB, as JOS's kernel is. jos_entry runs at its
 * physical address with paging off: it turns on paging with entry_pgdir (4 MiB
 * pages: the first 4 MiB identity-mapped for these few instructions, and
 * physical memory 0..256 MiB at KERNBASE, as JOS maps it) and jumps to pc's
 * _start at its kernel virtual address. EAX and EBX (the multiboot magic and
 * information) pass through untouched.
 */
#define KERNBASE 0xF0000000
#define RELOC(x) ((x) - KERNBASE)
#define PTE_P 0x001
#define PTE_W 0x002
#define PTE_PS 0x080
#define CR0_PE 0x00000001
#define CR0_WP 0x00010000
#define CR0_PG 0x80000000
#define CR4_PSE 0x00000010

	.text
	.globl jos_entry
jos_entry:
	movl $RELOC(entry_pgdir), %ecx
	movl %ecx, %cr3
	movl %cr4, %ecx
	orl $CR4_PSE, %ecx
	movl %ecx, %cr4
	movl %cr0, %ecx
	orl $(CR0_PE | CR0_PG | CR0_WP), %ecx
	movl %ecx, %cr0
	movl $_start, %ecx
	jmp *%ecx

/* entry_pgdir: identity for the low 4 MiB, physical 0..256 MiB at KERNBASE.
 * The MMIO page table is added by pmap.c (mmio_map_region). */
	.data
	.p2align 12
	.globl entry_pgdir
entry_pgdir:
	.long PTE_P | PTE_W | PTE_PS
	.fill (KERNBASE >> 22) - 1, 4, 0
	.set pa, 0
	.rept 64
	.long pa | PTE_P | PTE_W | PTE_PS
	.set pa, pa + 0x400000
	.endr
	.section .note.GNU-stack,"",@progbits

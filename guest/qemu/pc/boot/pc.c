/*
 * pc.c: the bare i386 machine: IDT, 8259 PICs, PIT, COM1, traps, heap.
 */
#include "pc.h"

/* pc_frame is what boot.S's isr_common leaves on the stack. */
struct pc_frame {
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax; /* pushal */
	uint32_t vector, code;
	uint32_t eip, cs, eflags;                       /* pushed by the CPU */
};

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t zero, type;
	uint16_t off_hi;
} __attribute__((packed));

extern const uint32_t pc_isr_table[PC_VECTORS];
extern char pc_stack_bottom[], pc_stack_top[];

static struct idt_gate idt[PC_VECTORS] __attribute__((aligned(8)));
static pc_handler_t handlers[PC_VECTORS];
static volatile uint32_t ticks;
static uint32_t spurious;

#define COM1 0x3F8
#define PIT_HZ 1193182u
#define PIT_DIVISOR ((PIT_HZ + PC_HZ / 2) / PC_HZ)

uint8_t pc_inb(uint16_t p) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(p)); return v; }
uint16_t pc_inw(uint16_t p) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(p)); return v; }
uint32_t pc_inl(uint16_t p) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(p)); return v; }
void pc_outb(uint16_t p, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(p)); }
void pc_outw(uint16_t p, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(p)); }
void pc_outl(uint16_t p, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(p)); }

uint32_t pc_irq_save(void)
{
	uint32_t flags;
	__asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

void pc_irq_restore(uint32_t flags)
{
	if (flags & 0x200)
		__asm__ volatile("sti" : : : "memory");
}

void pc_idle(void) { __asm__ volatile("sti; hlt" : : : "memory"); }

static void idt_init(void)
{
	for (int v = 0; v < PC_VECTORS; v++) {
		uint32_t off = pc_isr_table[v];
		idt[v] = (struct idt_gate){(uint16_t)off, 0x08, 0, 0x8E, (uint16_t)(off >> 16)};
	}
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) desc = {sizeof(idt) - 1, (uint32_t)idt};
	__asm__ volatile("lidt %0" : : "m"(desc));
}

/* pic_init remaps the PICs to 0x20/0x28, master in auto-EOI, all IRQs masked
 * but the cascade (IRQ 2). */
static void pic_init(void)
{
	pc_outb(0x20, 0x11);
	pc_outb(0xA0, 0x11);
	pc_outb(0x21, PC_IRQ_BASE);
	pc_outb(0xA1, PC_IRQ_BASE + 8);
	pc_outb(0x21, 0x04);
	pc_outb(0xA1, 0x02);
	pc_outb(0x21, 0x03); /* 8086 mode, auto-EOI */
	pc_outb(0xA1, 0x01); /* 8086 mode */
	pc_outb(0x21, 0xFB);
	pc_outb(0xA1, 0xFF);
}

void pc_irq_unmask(int irq)
{
	if (irq < 8) {
		pc_outb(0x21, pc_inb(0x21) & ~(1u << irq));
	} else if (irq < 16) {
		pc_outb(0xA1, pc_inb(0xA1) & ~(1u << (irq - 8)));
	}
}

/* pit_run starts channel 0 ticking at PC_HZ. */
static void pit_run(void)
{
	pc_outb(0x43, 0x34); /* channel 0, lobyte/hibyte, mode 2 (rate generator) */
	pc_outb(0x40, PIT_DIVISOR & 0xFF);
	pc_outb(0x40, PIT_DIVISOR >> 8);
}

/* pit_stop leaves channel 0 in one-shot mode after its count ran out, so QEMU
 * keeps no timer armed for it: an idle guest stops virtual time (under
 * -icount sleep=off) until a frame or console input wakes it. */
static void pit_stop(void)
{
	pc_outb(0x43, 0x30); /* channel 0, lobyte/hibyte, mode 0 (one-shot) */
	pc_outb(0x40, 1);
	pc_outb(0x40, 0);
}

static void pit_tick(int vector, int code)
{
	(void)vector;
	(void)code;
	ticks++;
}

static void pit_init(void)
{
	pit_stop(); /* the firmware left it ticking at 18.2 Hz */
	handlers[PC_IRQ_BASE] = pit_tick;
	pc_irq_unmask(0);
}

uint32_t pc_ticks(void) { return ticks; }

/* pit_count latches and reads channel 0's down-counter. */
static uint32_t pit_count(void)
{
	pc_outb(0x43, 0x00);
	uint32_t lo = pc_inb(0x40);
	return lo | (uint32_t)pc_inb(0x40) << 8;
}

void pc_wait_ticks(uint32_t n)
{
	uint32_t flags;
	__asm__ volatile("pushfl; popl %0" : "=r"(flags));
	pit_run();
	if (flags & 0x200) {
		uint32_t start = ticks;
		while (ticks - start < n)
			pc_idle();
	} else {
		uint32_t last = pit_count();
		while (n > 0) {
			uint32_t c = pit_count();
			if (c > last) /* reloaded: one period passed */
				n--;
			last = c;
		}
	}
	pit_stop();
}

static void serial_init(void)
{
	pc_outb(COM1 + 1, 0x00);
	pc_outb(COM1 + 3, 0x80);
	pc_outb(COM1 + 0, 0x01); /* 115200 baud */
	pc_outb(COM1 + 1, 0x00);
	pc_outb(COM1 + 3, 0x03); /* 8N1 */
	pc_outb(COM1 + 2, 0xC7);
	pc_outb(COM1 + 4, 0x0B); /* DTR, RTS, OUT2 (the IRQ line) */
	pc_outb(COM1 + 1, 0x01); /* interrupt on received data: it wakes a halted CPU */
	pc_irq_unmask(4);
}

/* com1_rx only wakes the CPU: the console is read by polling (pc_getc). */
static void com1_rx(int vector, int code)
{
	(void)vector;
	(void)code;
}

void pc_putc(int c)
{
	while (!(pc_inb(COM1 + 5) & 0x20))
		;
	pc_outb(COM1, (uint8_t)c);
}

int pc_has_input(void) { return pc_inb(COM1 + 5) & 0x01; }

int pc_getc(void)
{
	if (!(pc_inb(COM1 + 5) & 0x01))
		return -1;
	return pc_inb(COM1);
}

void pc_write(const char *s, size_t n)
{
	uint32_t flags = pc_irq_save();
	for (size_t i = 0; i < n; i++)
		pc_putc(s[i]);
	pc_irq_restore(flags);
}

pc_handler_t pc_set_handler(int vector, pc_handler_t handler)
{
	if (vector < 0 || vector >= PC_VECTORS)
		return 0;
	pc_handler_t old = handlers[vector];
	handlers[vector] = handler;
	return old;
}

static const char *const exceptions[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound", "invalid opcode",
	"no FPU", "double fault", "coprocessor overrun", "invalid TSS", "segment not present",
	"stack fault", "general protection", "page fault", "reserved", "FPU error",
	"alignment check", "machine check", "SIMD error",
};

/* backtrace prints the return addresses of the frame-pointer chain from ebp. */
static void backtrace(uint32_t eip, uint32_t ebp)
{
	pc_printf("nicsim: bt 0x%x\n", (unsigned)eip);
	for (int i = 0; i < 16; i++) {
		if (ebp < (uint32_t)pc_stack_bottom || ebp + 8 > (uint32_t)pc_stack_top || (ebp & 3))
			return;
		uint32_t *fp = (uint32_t *)ebp;
		pc_printf("nicsim: bt 0x%x\n", (unsigned)fp[1]);
		ebp = fp[0];
	}
}

void pc_trap(struct pc_frame *f)
{
	if (f->vector < 32) {
		const char *name = exceptions[f->vector] ? exceptions[f->vector] : "exception";
		pc_printf("panic: trap %u (%s) err=0x%x eip=0x%x\n", (unsigned)f->vector, name,
			  (unsigned)f->code, (unsigned)f->eip);
		backtrace(f->eip, f->ebp);
		pc_halt();
	}
	pc_handler_t h = handlers[f->vector];
	if (h != 0) {
		h((int)f->vector, (int)f->code);
		return;
	}
	spurious++;
	if (f->vector >= PC_IRQ_BASE + 8)
		pc_outb(0xA0, 0x20);
	pc_outb(0x20, 0x20);
}

void pc_panic(const char *msg)
{
	uint32_t ebp;
	__asm__ volatile("cli; movl %%ebp, %0" : "=r"(ebp));
	pc_printf("panic: %s\n", msg);
	backtrace((uint32_t)__builtin_return_address(0), ebp ? *(uint32_t *)ebp : 0);
	pc_halt();
}

void pc_halt(void)
{
	__asm__ volatile("cli");
	pc_printf("nicsim: halted\n");
	for (;;)
		__asm__ volatile("hlt");
}

static uint8_t heap[1 << 20] __attribute__((aligned(4096)));
static size_t heap_used;

void *pc_alloc(size_t size, size_t align)
{
	size_t at = (heap_used + align - 1) & ~(align - 1);
	if (at > sizeof(heap) || size > sizeof(heap) - at)
		return 0;
	heap_used = at + size;
	return memset(&heap[at], 0, size);
}

void pc_main(uint32_t magic, uint32_t info)
{
	(void)info;
	idt_init();
	pic_init();
	serial_init();
	handlers[PC_IRQ_BASE + 4] = com1_rx;
	pit_init();
	pc_printf("nicsim: boot pc magic=0x%x\n", (unsigned)magic);
	__asm__ volatile("sti");
	guest_main();
	pc_printf("nicsim: guest_main returned\n");
	pc_halt();
}

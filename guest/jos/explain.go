package jos

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

// Row keys of the JOS oracles that share a class with others.
const (
	keyCRC   = sim.ClassCorrupt + "/crc"
	keyAlign = sim.ClassConfig + "/i386-align"
	keyMap   = sim.ClassConfig + "/mmio"
	keyKVA   = sim.ClassDMAFault + "/kva"
	keyIRQ   = sim.ClassConfig + "/unacked-irq"
)

// The explanations of the JOS workload's verdicts, in JOS lab 6's terms;
// see diag.Text for the placeholders.
func init() {
	k := ABI
	diag.RegisterMarker(sim.ClassCorrupt, "the Ethernet CRC is still on", keyCRC)
	diag.RegisterMarker(sim.ClassConfig, "as the lab builds it", keyAlign)
	diag.RegisterMarker(sim.ClassDMAFault, "holds the kernel virtual address", keyKVA)
	diag.RegisterMarker(sim.ClassConfig, markUnacked, keyIRQ)
	diag.Register(k, keyIRQ, diag.Text{
		Title: "interrupts enabled but never acknowledged",
		What:  "the driver enabled e1000 interrupts (IMS) that came, but never read or wrote ICR, and JOS lab 6 has no handler for them",
		Why:   "the 82540EM keeps its level-triggered line asserted until ICR is read (or the causes written back); a polled JOS driver should mask every cause (IMC = 0xffffffff) or, if it wants interrupts, handle IRQ_OFFSET + irq_line in trap_dispatch, read ICR there and send the EOI",
		Shows: "QEMU shows nothing while IRQ 11 stays masked at the 8259A; once it is unmasked the kernel takes the interrupt again and again, or prints an unhandled trap",
		Hides: "it needs the device behaviour of real hardware",
		Fix:   "write IMC = 0xffffffff (and no IMS) in the attach function, or acknowledge the causes by reading ICR in an interrupt handler",
	})
	diag.RegisterMarker(sim.ClassDMAFault, "a kernel virtual address (", keyKVA)
	diag.RegisterMarker(sim.ClassConfig, "mmio_map_region", keyMap)
	diag.Register(k, keyCRC, diag.Text{
		Title: "frames handed up with the CRC",
		What:  "{at} handed up every received frame 4 bytes longer than it was on the wire",
		Why:   "without RCTL.SECRC the 82540EM stores the Ethernet CRC after the frame and counts it in the descriptor's length; lwIP then sees 4 bytes of garbage at the end of each frame",
		Shows: "QEMU shows it: every frame comes up 4 bytes longer (testinput's comparison fails)",
		Hides: "it needs the device behaviour of real hardware",
		Fix:   "set E1000_RCTL_SECRC (bit 26) in the RCTL write, or subtract 4 from the length",
	})
	diag.Register(k, sim.ClassDMAFault, diag.Text{
		Title: "DMA outside RAM",
		What:  "the device was told to DMA at an address outside the machine's RAM ({at})",
		Why:   "the 82540EM DMAs physical addresses: a descriptor or base register must hold PADDR of kernel memory the driver owns (a static array or a page from page_alloc, through page2pa)",
		Shows: "QEMU shows it: the device reads zeros or garbage (nothing sensible reaches the wire) or writes frames nowhere",
		Hides: "the strict device faults at once where QEMU reads unassigned memory",
		Fix:   "at {loc}, store PADDR(va) of the buffer or ring (page2pa(pp) for a page)",
	})
	diag.Register(k, keyKVA, diag.Text{
		Title: "kernel virtual address in a descriptor: use PADDR",
		What:  "a base register or descriptor holds an address the device cannot DMA ({at})",
		Why:   "the 82540EM DMAs physical addresses; JOS's kernel addresses start at KERNBASE (0xF0000000), so a descriptor needs PADDR(va), not va",
		Shows: "QEMU shows it: the device reads zeros or garbage from 0xF0xxxxxx (nothing sensible reaches the wire, replies never come)",
		Hides: "the strict device faults at once where QEMU reads unassigned memory",
		Fix:   "at {loc}, store PADDR(buffer) (and PADDR(ring) in TDBAL/RDBAL)",
	})
	diag.Register(k, keyAlign, diag.Text{
		Title: "descriptor ring not 16-byte aligned (i386)",
		What:  "a descriptor ring the driver programmed is not 16-byte aligned in the lab's i386 build (gcc -m32), though it is when hosted as x86-64",
		Why:   "the 82540EM requires 16-byte aligned rings; gcc -m32 aligns a struct of uint32_t and uint64_t fields to 4 bytes, so only __attribute__((aligned(16))) or page allocation guarantees it",
		Shows: "QEMU shows it when the linker places the ring off 16: QEMU masks TDBAL's low bits and reads shifted descriptors",
		Hides: "it depends on where the linker puts the array",
		Fix:   "declare the ring __attribute__((aligned(16))), or allocate it with page_alloc",
	})
	diag.Register(k, keyMap, diag.Text{
		Title: "registers not mapped",
		What:  "the driver did not map the e1000's registers with mmio_map_region(reg_base[0], reg_size[0]) ({at})",
		Why:   "JOS maps MMIO only through mmio_map_region (or boot_map_region into kern_pgdir); BAR0 is a physical address the kernel cannot dereference",
		Shows: "QEMU shows it: the driver reads RAM that is not there (STATUS reads 0) and nothing is sent",
		Hides: "it needs the device behaviour of real hardware",
		Fix:   "after pci_func_enable(f), map f->reg_base[0] of f->reg_size[0] bytes with mmio_map_region and keep the pointer volatile",
	})
	diag.Register(k, sim.ClassConfig, diag.Text{
		Title: "bad register setting",
		What:  "{reg} was programmed outside what the 82540EM allows ({at})",
		Why:   "the manual requires 16-byte aligned ring bases, TDLEN/RDLEN multiples of 128 bytes (8 descriptors) and head/tail inside the ring",
		Shows: "QEMU shows it as confusing garbage: it silently masks the value",
		Hides: "QEMU masks the value silently; the real device misbehaves",
		Fix:   "at {loc}, program {reg} with a legal value (an aligned(16) ring of a multiple of 8 descriptors)",
	})
	diag.Register(k, sim.ClassLivelock, diag.Text{
		Title: "driver never finishes",
		What:  "{at} runs without end, without reading the device again",
		Why:   "most often a register pointer without volatile: the compiler keeps the value it stored (CTRL with RST set) in a register, so a loop waiting for a bit to clear never reads the device (a print statement that 'fixes' it only changes what the compiler keeps)",
		Shows: "QEMU shows it: the kernel hangs in the loop",
		Hides: "the loop runs only with the device timing of real hardware",
		Fix:   "declare the register pointer volatile uint32_t * (static volatile uint32_t *e1000;), or bound the loop",
	})
	diag.Register(k, sim.ClassLostPacket, diag.Text{
		Title: "transmit or receive stalled",
		What:  "a frame never came up through the receive function, or transmit kept refusing; the last driver code to run was {at}",
		Why:   "RDT must start at N-1 (the device owns RDH..RDT-1), each received slot must be cleared and given back by moving RDT, each TX slot must be free (DD) before reuse and sent with EOP and RS",
		Shows: "QEMU shows it: testinput or the lab's pings time out",
		Hides: "it needs the device timing of real hardware",
		Fix:   "look at {loc}: check the initial RDT, DD handling and the EOP/RS bits",
	})
	diag.Register(k, sim.ClassCorrupt, diag.Text{
		Title: "corrupt or duplicate frame",
		What:  "the receive function handed up bytes that are not the next frame of the wire ({at})",
		Why:   "each frame must come up once, in order, with its bytes: a slot must be read only when DD is set and cleared before it goes back to the device",
		Shows: "QEMU shows it: lwIP sees a bad or repeated frame",
		Hides: "it needs the device timing of real hardware",
		Fix:   "at {loc}, check DD before reading a slot, use the descriptor's length, clear the status before moving RDT",
	})
	diag.Register(k, sim.ClassCrash, diag.Text{
		Title: "write past the caller's buffer",
		What:  "the driver wrote outside the memory it was given ({at})",
		Why:   "the receive function must copy at most the length its caller passed (the input environment's page); a longer copy overwrites whatever follows it, or faults in the kernel",
		Shows: "QEMU shows it: the kernel page-faults or the environment's memory is overwritten",
		Hides: "the path runs only with the device timing of real hardware",
		Fix:   "at {loc}, copy MIN(descriptor length, len) bytes",
	})
	diag.Register(k, sim.ClassUnpublished, diag.Text{
		Title: "descriptor published before it is complete",
		What:  "{func} fills a {ring} descriptor and publishes it with the {reg} write at {publish}, but the compiler may move the descriptor stores after that write",
		Why:   "x86 keeps a CPU's stores in order, but gcc may reorder plain stores around a volatile register write; the device may then fetch a half-written descriptor",
		Shows: "QEMU shows it only when gcc really moves the stores (-O2, or another compiler)",
		Hides: "QEMU reads the ring inside the {reg} write, after the stores gcc emitted before it",
		Fix:   "put a compiler barrier (asm volatile(\"\" ::: \"memory\")) before {publish}, or make the descriptor ring volatile",
	})
	diag.Register(k, sim.ClassUseAfterFree, diag.Text{
		Title: "device DMAs a freed page",
		What:  "the device DMAs a page that is no longer the driver's ({at}): the caller's buffer after the system call returned, or a page the driver gave back with page_free",
		Why:   "a page belongs to the device until its descriptor's DD is set; the transmit system call's buffer is the environment's (nsipcbuf, or a page at REQVA it unmaps), so a driver copies the frame into its own buffer before it returns",
		Shows: "QEMU shows it when the page is reused before the device sends it: wrong bytes on the wire",
		Hides: "QEMU transmits inside the TDT write, before the caller can reuse the page",
		Fix:   "at {loc}, memmove the frame into the slot's own buffer and leave PADDR of that buffer in the descriptor; page_free a ring's page only after the device is done with it",
	})
	diag.Register(k, sim.ClassPanic, diag.Text{
		Title: "kernel panic",
		What:  "the kernel panicked at {at}",
		Why:   "JOS panics on a failed assert or a PADDR/KADDR of an address outside the kernel's mapping",
		Shows: "QEMU shows it: the kernel panics",
		Hides: "the path runs only with the device timing of real hardware",
		Fix:   "at {loc}, check the value before the assert, and pass PADDR a kernel virtual address",
	})
}

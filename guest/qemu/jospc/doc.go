// Package jospc runs a JOS lab 6 student's unmodified e1000 driver
// (kern/e1000.c with their kern/ and inc/ headers) on QEMU's real e1000 in
// an i386 guest, and judges the run.
//
// The guest is guest/qemu/pc's multiboot kernel (boot code, GDT, IDT, 8259
// PICs, COM1) linked, as JOS is, at KERNBASE + 1 MiB (0xF0100000) and loaded
// at 1 MiB, with paging on from its first instruction: physical memory is
// mapped at KERNBASE 0xF0000000, so PADDR and KADDR are the offsets the
// student expects, and the boot identity map is dropped before the driver
// runs. Around the driver sits the kernel half of JOS the driver calls
// (guest/jos's qemu/ directory): pci_func_enable, mmio_map_region (uncached,
// in [MMIOBASE, MMIOLIM)), page_alloc and friends over the pages above the
// image, cprintf, _panic with JOS's message, the string functions. The
// attach function is called for the e1000 (8086:100E) found with PCI
// configuration mechanism #1, as pci_attach_match would.
//
// The workload drives the driver through the student's own transmit and
// receive functions, whose names and signatures vary: [Build] reads their
// prototypes from gcc -aux-info and generates a small C adapter for the
// shapes students use (transmit (buf, len); receive (buf, len), (buf) or
// (buf, &len)). It ARPs for the gateway 10.0.2.2, answers ARP for
// 10.0.2.15, and sends UDP pings to 10.0.2.2:7, polling for each echo.
//
// [Run] boots it under qemu-system-i386 -device e1000 with -icount,
// carries its frames to a reactive peer ([stack.Peer]) over guest/qemu's
// datagram wire, and returns a [Verdict]: pass, panic (JOS's "kernel panic
// on CPU 0 at FILE:LINE: msg", or a CPU trap), hang (the console died; the
// CPU's EIP symbolised), missing (frames or echoes missing) or wrong (a
// received frame altered, out of order or duplicated, or a receive
// function claiming more bytes than the buffer).
package jospc

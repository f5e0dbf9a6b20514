// Package pc boots a bare i386 guest under qemu-system-i386 with an 82557
// (-device i82557b), to run an unmodified 8255x "eth" driver (eth.c and pci.c)
// on QEMU's real eepro100 model.
//
// The guest is ours: boot/ holds a multiboot kernel (boot.S: multiboot header,
// flat GDT, IDT stubs; pc.c: 8259 PICs remapped to 0x20/0x28, the PIT ticking
// only while a delay waits, COM1 console, traps, a static heap) whose memory
// is identity-mapped, so
// (uint32_t)ptr is a bus address. Its platform API (boot/pc.h) is what a kernel
// personality builds on: guest/eth/qemu provides the eth kernel's services on it
// (port I/O, __install_isr, __delay, queues, console, panic) and the workload.
//
// [Build] compiles the guest with a driver (one of guest/eth's reference
// drivers, or a user's files) using gcc -m32, cached by content hash. [Run]
// boots it with -icount, carries its frames to a reactive peer ([stack.Peer]:
// the slirp-like gateway with a UDP echo service), and judges the console: every
// non-zero command id reported once with success, id 0 never, every echo
// received, received frames in order and intact. The [Verdict] is pass, panic,
// hang (the console died; the CPU's EIP and frame chain are symbolised) or
// missing/wrong. The workload keeps no timers: an idle guest stops virtual time,
// and the host decides when an answer will not come. With [RunConfig.Lockstep]
// each frame reaches an idle guest, and a run prints the same console every
// time.
//
// guest/qemu/install.sh installs qemu-system-x86 and gcc-multilib.
package pc

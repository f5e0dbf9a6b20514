package xv6

import "embed"

// GuestFS holds the C of xv6's real guest under QEMU, in kernel/: nicsim's
// bare-metal riscv64 stand-in for the xv6 kernel (boot assembly, linker
// script, console, traps, kalloc, spinlocks, mbufs, PCI, net.c and the
// lab's guest programs nettests and nettest) that links a driver built
// against [FS]'s headers. Package guest/qemu builds and runs it.
//
//go:embed kernel
var GuestFS embed.FS

package jos

import "embed"

// QEMUFS holds the kernel half of the real i386 guest (package
// guest/qemu/jospc boots it under QEMU): the services a driver calls
// (qemu/pmap.c, pci.c, printf.c, string.c), the workload (qemu/workload.c),
// the paging entry (qemu/entry.S) and the linker script (qemu/jos.ld), rooted
// as "qemu/pmap.c".
//
//go:embed qemu
var QEMUFS embed.FS

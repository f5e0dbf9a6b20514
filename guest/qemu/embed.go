package qemu

import "embed"

// kernelFS holds the bare-metal guest: boot assembly, linker script, and the C
// stand-in for the xv6 kernel that hosts the driver under test.
//
//go:embed kernel
var kernelFS embed.FS

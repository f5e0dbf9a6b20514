package pc

import "embed"

// bootFS holds the machine part of the guest: boot.S, pc.c, lib.c, pc.h, pc.ld.
//
//go:embed boot
var bootFS embed.FS

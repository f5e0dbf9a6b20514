package pc

import "embed"

// bootFS holds the machine part of the guest (boot.S, pc.c, lib.c, pc.h,
// pc.ld) and the workloads' frames (frames.c, frames.h).
//
//go:embed boot
var bootFS embed.FS

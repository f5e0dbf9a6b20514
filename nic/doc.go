// Package nic holds what the device models share and how the platform reaches
// them: the registry ([Register], [Lookup]) in which each model describes
// itself ([Model]: its registers and windows, DMA engines, fault kinds, report
// columns and constructor), the [Device] interface the platform drives (sized
// register access in MMIO and port windows, ownership checks, frames from the
// wire, [State] for reports and the debugger), the [Personality] every model
// offers, and the DMA check every device transfer goes through ([DMA]).
//
// The models themselves live in subpackages: [github.com/nicsim/nicsim/nic/e1000]
// (Intel 82540EM) and nic/i8255x (82557). Each is a set of step functions
// (sim actors for its DMA engines) plus its register windows, registers itself
// at init, and is imported by [github.com/nicsim/nicsim/nic/all]. A model
// declares the memory it will DMA through [Env.DMAVisible] as it learns it,
// and never imports the guest, the stack or the harness.
package nic

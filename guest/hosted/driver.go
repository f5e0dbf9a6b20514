package hosted

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// driver starts the image's entry points as contexts.
type driver struct{ h *Host }

var (
	_ guest.Driver     = (*driver)(nil)
	_ guest.Caller     = (*driver)(nil)
	_ guest.DMAWatcher = (*driver)(nil)
)

// Init implements guest.Driver: e1000_init((uint32 *)0x40000000).
func (d *driver) Init(k *guest.Kernel) sim.Context {
	return d.h.newCtx(k, entryInit, "e1000_init", 0, 0)
}

// Transmit implements guest.Driver: e1000_transmit(m) or e1000_transmit(buf, n).
func (d *driver) Transmit(k *guest.Kernel, buf uint64, n int) sim.Context {
	return d.h.newCtx(k, entryTransmit, "e1000_transmit", buf, uint64(int64(n)))
}

// Intr implements guest.Driver: e1000_intr().
func (d *driver) Intr(k *guest.Kernel) sim.Context {
	return d.h.newCtx(k, entryIntr, "e1000_intr", 0, 0)
}

// Call implements guest.Caller: nicsim_kernel_entry(op, a0, a1) of the
// kernel's runtime files.
func (d *driver) Call(k *guest.Kernel, name string, op, a0, a1 uint64) sim.Context {
	return d.h.newCtx(k, entryKernel|op<<8, name, a0, a1)
}

// DMAVisible implements guest.DMAWatcher.
func (d *driver) DMAVisible(addr, n uint64) { d.h.DMAVisible(addr, n) }

func (h *Host) newCtx(k *guest.Kernel, entry uint64, name string, a0, a1 uint64) *hctx {
	return &hctx{h: h, k: k, entry: entry, name: name, arg0: a0, arg1: a1, co: -1}
}

// Trace kinds of hosted code.
var (
	// KindAt names the C function and line of the event that follows it.
	KindAt = sim.RegisterKind("at", func(e *sim.Event, sym func(uint64) string) string { return sym(e.A) })
	// KindCrash is a driver crash (signal, fault address, pc).
	KindCrash = sim.RegisterKind("crash", func(e *sim.Event, sym func(uint64) string) string {
		return fmt.Sprintf("%s addr=%#x at %s", signalName(e.A), e.B, sym(e.C))
	})
)

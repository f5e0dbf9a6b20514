package nic

import "github.com/nicsim/nicsim/sim"

// Device is a device model as the platform drives it: registers of any width
// in any of its windows, ownership checks on the driver's accesses to memory
// the device may DMA, frames from the wire, and descriptions of itself for
// reports and oracles.
type Device interface {
	// RegRead reads width bytes (1, 2 or 4) at byte offset off of space s.
	RegRead(s Space, off uint32, width int) uint32
	// RegWrite writes width bytes at byte offset off of space s. A device
	// sees the width: a dword write over a byte register writes its
	// neighbours too.
	RegWrite(s Space, off uint32, width int, v uint32)
	// DriverAccess is told of every driver access to DMA-visible RAM so the
	// device can check ownership (a write to a descriptor it owns fails the
	// run).
	DriverAccess(addr, n uint64, write bool)
	// Receive hands the device a frame from the wire (without FCS). The
	// device copies it.
	Receive(frame []byte)
	// State describes registers, rings or lists and units now.
	State() State
	// Capacity is how many buffers the device's rings or lists hold for
	// transmit and receive now (0 before the driver configured them): the
	// most a driver may keep allocated for the device at quiescence.
	Capacity() (tx, rx int)
	// Overran reports whether the device dropped received frames for lack
	// of room (descriptors or its packet buffer).
	Overran() bool
	// Summary is one line on the device's rings and counters for reports.
	Summary() string
}

// Wire is where a device puts transmitted frames.
type Wire interface {
	// Transmit is called once per frame the device sends. frame is only
	// valid during the call: the callee copies it if it keeps it.
	Transmit(frame []byte)
}

// Env is what a device is built with.
type Env struct {
	M    *sim.Machine
	Wire Wire // nil discards frames
	// DMAVisible is told of memory the device will DMA as the device learns
	// it (a ring's base and length once programmed, a command block it
	// fetched), so a host can make the driver's accesses there scheduling
	// points. It may be nil.
	DMAVisible func(addr, n uint64)
	_          struct{}
}

// Config is how the platform configures a device for a run.
type Config struct {
	Personality Personality
	// NoOracles turns off the checks nicsim adds and hardware does not make
	// (descriptor ownership, DMA into freed pages), so that the qemu
	// personality shows what a guest under QEMU would show.
	NoOracles bool
	// DriverResets: the driver writes its own device reset (its kernel's
	// [guest.KernelModel.DriverResets]); a strict device may then take as
	// long to reset as its datasheet allows.
	DriverResets bool
	// Faults are the values of the model's fault kinds for the run, in the
	// order of [Model.Faults] (0: off); nil means no faults.
	Faults []int64
	_      struct{}
}

// Fault returns the value of the model's i-th fault kind (0 if unset).
func (c *Config) Fault(i int) int64 {
	if i < len(c.Faults) {
		return c.Faults[i]
	}
	return 0
}

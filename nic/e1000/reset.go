package e1000

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// resetHold is how long the strict device keeps CTRL.RST set after the
// driver sets it: the 8254x manual's description of CTRL.RST asks software
// to wait about 1 µs after setting it before checking whether it cleared
// or accessing any other register (from the manual's text as we recall
// it; shared/specs/e1000.md records no reset duration; Linux's e1000
// sleeps 5 ms). QEMU clears the bit at once and resets nothing.
const resetHold = sim.Microsecond

// resetting reports whether the strict device is still in a reset the
// driver started with CTRL.RST.
func (d *Device) resetting() bool {
	return d.strict() && d.resetUntil > 0 && d.m.Now() < d.resetUntil
}

// startReset is the strict device's CTRL.RST: every register back to its
// power-on value, RST reading back set until the reset is done (with
// HoldReset; else at once).
func (d *Device) startReset() {
	d.reset()
	if d.cfg.HoldReset {
		d.resetUntil = d.m.Now() + resetHold
	}
}

// readInReset fails the run on a register read, other than of CTRL or
// STATUS, while the strict device is resetting: the manual asks the driver
// to wait for RST to clear first, and the device may return garbage.
func (d *Device) readInReset(off uint32) {
	if d.cfg.NoOracles || !d.resetting() || off == CTRL || off == STATUS {
		return
	}
	d.m.Fail(sim.ClassConfig, "driver read %s%s %d ns after setting CTRL.RST, while the device was still resetting: the manual asks the driver to wait about 1 µs, until CTRL.RST reads back 0, before reading any other register (QEMU hides this: it clears RST at once)",
		regName(off), d.m.At(d.m.Site()), int64(d.m.Now()-(d.resetUntil-resetHold)))
}

// writeInReset fails the run on a register write while the strict device
// is resetting that would change the register: the manual asks the driver
// to wait for RST to clear before it accesses any other register, and the
// device may drop the write. A write of what the reset leaves anyway (IMS
// = 0, IMC = ~0 right after RST) loses nothing and passes. The device
// holds a reset only for kernels whose drivers write their own
// (HoldReset): the xv6 2024 skeleton's e1000_init writes IMS and the
// rings' registers right after setting RST, and students cannot fix it.
func (d *Device) writeInReset(off, v uint32) {
	if d.cfg.NoOracles || !d.resetting() || off == CTRL && v&ctrlRST != 0 || !d.changes(off, v) {
		return
	}
	d.m.Fail(sim.ClassConfig, "driver wrote %#x to %s%s %d ns after setting CTRL.RST, while the device was still resetting: the manual asks the driver to wait about 1 µs, until CTRL.RST reads back 0, before accessing any other register, and the device may drop the write (QEMU hides this: it clears RST at once)",
		v, regName(off), d.m.At(d.m.Site()), int64(d.m.Now()-(d.resetUntil-resetHold)))
}

// changes reports whether writing v at off would change the register:
// the bits it would set or clear in IMS and ICR, else whether it differs
// from what the register reads (without a read's side effects).
func (d *Device) changes(off, v uint32) bool {
	switch off {
	case IMS:
		return v&^d.r.ims != 0
	case IMC:
		return v&d.r.ims != 0
	case ICR:
		return v&d.r.icr != 0
	}
	return d.peek(off) != v
}

// regName names the register at byte offset off.
func regName(off uint32) string {
	for _, r := range regTable {
		if r.Off == off {
			return r.Name
		}
	}
	return fmt.Sprintf("register %#x", off)
}

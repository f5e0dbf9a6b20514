package e1000

import "github.com/nicsim/nicsim/sim"

// Interrupt mitigation (QEMU set_interrupt_cause, e1000_mit_timer): the
// window between rising edges is at least mitMinDelay units of 256 ns.
const (
	mitUnit     = 256 * sim.Nanosecond
	mitMinDelay = 500
)

// irqState is the interrupt line and QEMU's mitigation state.
type irqState struct {
	line    bool        // level of the INTx line
	mitOn   bool        // a mitigation window is open (QEMU mit_timer_on)
	mitID   sim.TimerID // its timer
	mitIDE  bool        // a TX descriptor with IDE was seen (QEMU mit_ide)
	mit     mitTimer
	lastICR uint32 // ICR as last traced
}

func (s *irqState) reset(m *sim.Machine) {
	if s.mitOn {
		m.Clock.Cancel(s.mitID)
	}
	s.mitOn, s.mitIDE = false, false
	s.lastICR = 0
}

type mitTimer struct{ d *Device }

// Fire closes the mitigation window and re-evaluates the line.
func (t mitTimer) Fire(*sim.Machine) {
	t.d.irq.mitOn = false
	t.d.updateIRQ()
}

// readICR returns the pending causes and clears them all.
func (d *Device) readICR() uint32 {
	d.icrAcks++
	v := d.r.icr
	d.setICR(0)
	return v
}

// raise sets interrupt causes (ICS, or the device itself).
func (d *Device) raise(cause uint32) { d.setICR(d.r.icr | cause) }

// setICR replaces the pending causes and re-evaluates the line. A change
// of ICR is traced as an icr event, or as part of the irq event when the
// line moves too.
func (d *Device) setICR(v uint32) {
	d.r.icr = v
	line := d.irq.line
	d.updateIRQ()
	if v != d.irq.lastICR && d.irq.line == line {
		d.m.Emit(d.src, kindICR, uint64(v), uint64(d.r.ims), 0)
	}
	d.irq.lastICR = v
}

// updateIRQ drives the line from ICR & IMS. With mitigation, a rising edge
// inside an open window is postponed until the window closes; a falling edge
// is never delayed.
func (d *Device) updateIRQ() {
	pending := d.r.icr & d.r.ims
	if !d.irq.line && pending != 0 && d.cfg.Mitigation {
		if d.irq.mitOn {
			return
		}
		d.openMitWindow(pending)
	}
	d.setLine(pending != 0)
}

// openMitWindow arms the mitigation timer for max(500, min(RADV*4 if RDTR
// and RXT0, TADV*4 if IDE and a TX cause, ITR)) units of 256 ns.
func (d *Device) openMitWindow(pending uint32) {
	var delay uint32
	if d.irq.mitIDE && pending&(TXQE|TXDW) != 0 {
		minNonZero(&delay, d.r.tadv*4)
	}
	if d.r.rdtr&indexMask != 0 && pending&RXT0 != 0 {
		minNonZero(&delay, d.r.radv*4)
	}
	minNonZero(&delay, d.r.itr)
	delay = max(delay, mitMinDelay)
	d.irq.mitOn, d.irq.mitIDE = true, false
	d.irq.mitID = d.m.Clock.After(sim.Time(delay)*mitUnit, d.irq.mit)
}

// minNonZero lowers *cur to v when v is set and *cur is unset or larger
// (QEMU mit_update_delay).
func minNonZero(cur *uint32, v uint32) {
	if v != 0 && (*cur == 0 || v < *cur) {
		*cur = v
	}
}

// setLine sets the interrupt line level, counting rising edges.
func (d *Device) setLine(level bool) {
	if d.irq.line == level {
		return
	}
	d.irq.line = level
	if level {
		d.stats.Interrupts++
	}
	d.m.SetIRQ(level)
	d.m.Emit(d.src, kindIRQ, b2u(level), uint64(d.r.icr), uint64(d.r.ims))
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

package i8255x

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// irqState is the interrupt pin and QEMU's hidden copy of the causes.
type irqState struct {
	line bool
	// qstat is QEMU's scb_stat: the causes as of the last interrupt or
	// acknowledge. QEMU acknowledges against it, not against the STAT/ACK
	// byte, so a raw store into STAT/ACK (a dword write at 0x00) is undone
	// by the next acknowledge.
	qstat uint8
	// fresh are the causes raised since the interrupt handler's first read
	// of STAT/ACK (the read it acts on); entered: the handler has been
	// entered and not read STAT/ACK yet.
	fresh   uint8
	entered bool
}

// blindAck is the first acknowledgement of causes the driver had not read:
// which, by the write at which driver line, when.
type blindAck struct {
	causes uint8
	site   string
	at     sim.Time
}

// raise latches interrupt causes and re-evaluates the pin.
func (d *Device) raise(cause uint8) {
	if cause&RNR != 0 {
		d.stats.RNR++
	}
	old := d.csr[SCBStatAck]
	d.csr[SCBStatAck] |= cause
	d.irq.fresh |= cause
	if d.strict() {
		d.updateLine()
	} else {
		d.qemuInterrupt()
	}
	d.traceStatAck(old)
}

// acknowledge is a write of v to STAT/ACK: the 1 bits are cleared.
func (d *Device) acknowledge(v uint8) {
	old := d.csr[SCBStatAck]
	if old&v != 0 {
		d.stats.Acks++
	}
	if unseen := old & v & d.irq.fresh; unseen != 0 && d.blind.causes == 0 {
		d.blind = blindAck{causes: unseen, site: d.m.At(d.m.Site()), at: d.m.Now()}
	}
	d.irq.fresh &^= v
	if d.strict() {
		d.csr[SCBStatAck] &^= v
		d.updateLine()
	} else {
		// QEMU eepro100_acknowledge: clear against scb_stat; the pin drops
		// only when nothing at all is left.
		d.irq.qstat &^= v
		d.csr[SCBStatAck] = d.irq.qstat
		if d.irq.qstat == 0 {
			d.setLine(false)
		}
	}
	d.traceStatAck(old)
}

// writeIntMask stores the interrupt-control byte: SI raises SWI, and the
// pin is re-evaluated against the new mask.
func (d *Device) writeIntMask(v uint8) {
	d.csr[SCBIntMask] = v
	if v&IntSI != 0 {
		d.raise(SWI)
	}
	if d.strict() {
		d.csr[SCBIntMask] &^= IntSI
		d.updateLine()
	} else {
		d.qemuInterrupt()
	}
}

// qemuInterrupt is the pin logic of QEMU's eepro100_interrupt: the specific
// masks (bits 7:4, modelled even for the 82557) block CX, FR, CNA and RNR;
// bits 3:0 cannot be masked; M blocks the pin.
func (d *Device) qemuInterrupt() {
	mask := ^d.csr[SCBIntMask]
	d.irq.qstat = d.csr[SCBStatAck]
	pending := d.irq.qstat & (mask | 0x0F)
	switch {
	case pending != 0 && mask&IntM != 0:
		d.setLine(true)
	case d.irq.line:
		d.setLine(false)
	}
}

// updateLine is the strict pin: asserted while any cause is latched and M
// is clear. The 82557 has no specific mask bits (spec §2.4), so only M
// counts.
func (d *Device) updateLine() {
	d.setLine(d.csr[SCBIntMask]&IntM == 0 && d.csr[SCBStatAck]&0xFC != 0)
}

// setLine drives the pin, counting rising edges.
func (d *Device) setLine(level bool) {
	if d.irq.line == level {
		return
	}
	d.irq.line = level
	if level {
		d.stats.Interrupts++
	}
	d.m.SetIRQ(level)
	d.m.Emit(d.src, kindIRQ, b2u(level), uint64(d.csr[SCBStatAck]), uint64(d.csr[SCBIntMask]))
}

// writeSCBRaw is QEMU's dword write at 0x00: all four bytes are stored as
// they are. The unit states take the status byte, STAT/ACK and the mask are
// overwritten without touching the pin, and the command byte holds the
// value without any command running (it stays non-zero).
func (d *Device) writeSCBRaw(v uint32) {
	d.rawSite = d.m.At(d.m.Site())
	old := d.csr[SCBStatAck]
	d.cus, d.rus = uint8(v>>6)&3, uint8(v>>2)&0xF
	d.csr[SCBStatAck] = uint8(v >> 8)
	d.csr[SCBCmd] = uint8(v >> 16)
	d.csr[SCBIntMask] = uint8(v >> 24)
	d.m.Emit(d.src, kindSCBRaw, uint64(v), 0, 0)
	d.traceStatAck(old)
	d.updateActors()
}

func (d *Device) traceStatAck(old uint8) {
	if v := d.csr[SCBStatAck]; v != old {
		d.m.Emit(d.src, kindStatAck, uint64(v), uint64(old), 0)
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// StatAck is the STAT/ACK byte: the interrupt causes not yet acknowledged.
func (d *Device) StatAck() uint8 { return d.csr[SCBStatAck] }

// Acks counts the writes to STAT/ACK that cleared a cause.
func (d *Device) Acks() uint64 { return d.stats.Acks }

// blindNote says, for a stall message, which causes the driver
// acknowledged without having read them ("" if it never did).
func (d *Device) blindNote() string {
	b := d.blind
	if b.causes == 0 {
		return ""
	}
	return fmt.Sprintf("; the STAT/ACK write%s at t=%s acknowledged %s, which arrived after the interrupt handler had read STAT/ACK: a handler that acts on the bits it read never handled them",
		b.site, sim.FormatTime(b.at), causes(b.causes))
}

// HandlerEntered tells the device that the kernel entered the driver's
// interrupt handler: its next read of STAT/ACK is the one it acts on, and
// a cause raised after that read and acknowledged by a later write was
// never seen by it (see blindNote).
func (d *Device) HandlerEntered() { d.irq.entered = true }

// RawStatusWrite is the driver line of the last dword write at 0x00 under
// QEMU's behaviour (" at eth.c:230 (eth_isr)"; "" if none): QEMU stores it
// raw, so it acknowledges nothing.
func (d *Device) RawStatusWrite() string { return d.rawSite }

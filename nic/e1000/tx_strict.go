package e1000

import "github.com/nicsim/nicsim/sim"

// stepTX is one step of the strict transmit engine: fetch the descriptor at
// TDH; move its buffer (sending the frame at EOP); write DD back if RS and
// advance TDH, raising TXDW (and TXQE once the ring is empty).
func (d *Device) stepTX() {
	if !d.strict() {
		return
	}
	switch d.tx.phase {
	case phaseFetch:
		d.checkRing(&d.r.td, &txNames)
		d.fetchTX(d.r.td.head)
		d.tx.phase = phaseData
	case phaseData:
		d.moveTXData(d.r.td.head)
		d.tx.phase = phaseWriteBack
		d.delayWriteBack()
	case phaseWriteBack:
		d.finishTX(d.r.td.head)
		d.tx.phase = phaseFetch
	}
	d.updateTX()
}

// moveTXData reads the buffer of a fetched descriptor. As the manual says,
// a null address or zero length transfers nothing.
func (d *Device) moveTXData(slot uint32) {
	desc := &d.tx.desc
	if desc.cmd()&txCmdDEXT != 0 {
		d.m.Fail(sim.ClassConfig, "TX descriptor %d (%#x) has DEXT set: nicsim's strict 82540EM models legacy descriptors only (cmd %#x)",
			slot, d.r.td.slotAddr(slot), desc.cmd())
	}
	if desc.addr() != 0 {
		d.gather(slot)
	}
	if !desc.eop() {
		return
	}
	if len(d.tx.staged) == 0 {
		d.m.Emit(d.txSrc, kindTXDrop, 0, uint64(slot), 0)
		return
	}
	d.padTX()
	d.sendFrame(slot)
}

// padTX pads a short packet to 60 bytes when TCTL.PSP asks for it.
func (d *Device) padTX() {
	for d.r.tctl&tctlPSP != 0 && len(d.tx.staged) < minFrame {
		d.tx.staged = append(d.tx.staged, 0)
	}
}

// finishTX writes back and advances TDH.
func (d *Device) finishTX(slot uint32) {
	var cause uint32
	if d.tx.desc.reportStatus() {
		d.writeBackTX(slot)
		cause |= TXDW
	}
	d.advanceTDH()
	if d.r.td.head == d.r.td.tail {
		cause |= TXQE
	}
	if cause != 0 {
		d.raise(cause)
	}
}

// delayWriteBack holds the write-back of the descriptor just sent for a
// while drawn from the fault stream, when Config.DelayDD asks for it: the
// slot stays device-owned longer, as on a slow link.
func (d *Device) delayWriteBack() {
	if d.cfg.DelayDD <= 0 {
		return
	}
	k := d.m.Intn(sim.StreamFault, 4)
	if k == 0 {
		return
	}
	d.tx.waiting = true
	d.m.Clock.After(sim.Time(k)*d.cfg.DelayDD/3, txResume{d})
}

// txResume ends a write-back delay (pointer-shaped: no allocation).
type txResume struct{ d *Device }

func (r txResume) Fire(*sim.Machine) {
	r.d.tx.waiting = false
	r.d.updateTX()
}

package e1000

import "fmt"

// txCmdNotes remembers the TX descriptors the device processed without
// the command bits a driver needs, so that a run in which frames never
// leave, or never come back with DD, names the cause rather than only its
// symptom (a reply that never came, a transmit that keeps returning -1).
type txCmdNotes struct {
	noEOP     uint64 // descriptors gathered since the last EOP
	noEOPSlot uint32 // the last of them
	noEOPBy   string // the tail write that published it ("TDT=1 at e1000.c:118 (e1000_transmit)")
	noRS      uint64 // data descriptors done without RS (or RPS)
	noRSSlot  uint32 // the first of them
	noRSBy    string
}

// noteTXCmd records the command of the data descriptor just fetched from
// slot (both personalities fetch through fetchTX).
func (d *Device) noteTXCmd(slot uint32) {
	desc, n := &d.tx.desc, &d.txNotes
	if desc.context() {
		return
	}
	if desc.eop() {
		n.noEOP = 0
	} else {
		n.noEOP++
		n.noEOPSlot, n.noEOPBy = slot, d.postedBy(&d.tx.own, slot)
	}
	if !desc.reportStatus() {
		if n.noRS == 0 {
			n.noRSSlot, n.noRSBy = slot, d.postedBy(&d.tx.own, slot)
		}
		n.noRS++
	}
}

// cmdSummary says what the notes show, for the device's summary line: ""
// when every descriptor carried EOP and RS, or when the missing RS cannot
// be what stopped transmission.
func (d *Device) cmdSummary() string {
	n, staged := &d.txNotes, len(d.tx.staged)
	s := ""
	if n.noEOP > 0 && staged > 0 {
		s += fmt.Sprintf("; %s: %d bytes of %d descriptors, the last (slot %d) published by %s, wait for a descriptor with EOP in its cmd, which is what ends a frame",
			MarkNoEOP, staged, n.noEOP, n.noEOPSlot, orDevice(n.noEOPBy))
	}
	if n.noRS > 0 && d.txStuckWithoutDD() {
		s += fmt.Sprintf("; %s: %d descriptors were done without RS in their cmd, the first (slot %d) published by %s, and the device writes DD back only for a descriptor with RS, so no slot of the idle ring shows DD",
			MarkNoRS, n.noRS, n.noRSSlot, orDevice(n.noRSBy))
	}
	return s
}

// txStuckWithoutDD reports a TX ring that RS's absence has jammed for a
// driver that waits for DD: the device has gone a whole lap, it has nothing
// left to do (TDH == TDT), and yet no descriptor in the ring shows DD.
func (d *Device) txStuckWithoutDD() bool {
	td := &d.r.td
	size := td.size()
	if size == 0 || d.txNotes.noRS < uint64(size) || td.head != td.tail {
		return false
	}
	for i := uint32(0); i < size; i++ {
		var sta [1]byte
		if err := d.m.Mem.Read(td.slotAddr(i)+12, sta[:]); err != nil || sta[0]&txStaDD != 0 {
			return false
		}
	}
	return true
}

func orDevice(by string) string {
	if by == "" {
		return "a tail write"
	}
	return by
}

// The words that start the notes in a verdict's message, which the
// explanations key on (diag.RegisterMarker).
const (
	// MarkNoEOP: descriptors without EOP held a frame back.
	MarkNoEOP = "TX frame held back for want of EOP"
	// MarkNoRS: descriptors without RS were never written back.
	MarkNoRS = "TX ring jammed for want of RS"
)

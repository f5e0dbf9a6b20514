package e1000

import "github.com/nicsim/nicsim/sim"

// phase is where a strict DMA engine is in moving one descriptor.
type phase uint8

const (
	phaseFetch     phase = iota // next step reads the descriptor at the head
	phaseData                   // next step moves the buffer
	phaseWriteBack              // next step writes status and advances the head
)

// minFrame is the shortest Ethernet frame without FCS; shorter frames are
// padded with zeros (RX always, TX with TCTL.PSP in strict).
const minFrame = 60

// txState is the transmit engine.
type txState struct {
	staged []byte // packet bytes gathered across descriptors (reused)
	busy   bool   // QEMU tx.busy: no re-entry while transmitting
	phase  phase  // strict: next step
	desc   txDesc // the descriptor being processed
	own    owner
	// waiting: strict write-back held back by Config.DelayDD
	waiting bool
}

func (t *txState) reset() {
	t.staged = t.staged[:0]
	t.busy = false
	t.phase = phaseFetch
	t.waiting = false
}

// inFlight reports whether slot i is the descriptor the strict engine has
// fetched and not yet written back.
func (t *txState) inFlight(i uint32, rr *ringRegs) bool { return t.phase != phaseFetch && i == rr.head }

func (d *Device) writeTCTL(v uint32) {
	d.r.tctl = v
	d.rearmTX()
	d.judgeRing(&d.r.td, &txNames, v&tctlEN != 0)
	d.kickTX()
}

func (d *Device) writeTDT(v uint32) {
	old := d.r.td.tail
	d.r.td.tail = v
	d.judgeRing(&d.r.td, &txNames, d.r.tctl&tctlEN != 0)
	d.moveTail(&d.tx.own, &d.r.td, old, v)
	d.kickTX()
}

// writeTDH: QEMU just stores it (a packet being staged survives). The
// manual allows writing TDH only while the transmitter is off; strict
// reports a change while it is on, and otherwise abandons the descriptor
// and packet in flight.
func (d *Device) writeTDH(v uint32) {
	if d.strict() {
		if d.r.tctl&tctlEN != 0 && v != d.r.td.head {
			d.m.Fail(sim.ClassConfig, "TDH written (%d -> %d) while TCTL.EN=1: the 82540EM manual allows writing TDH only after a reset and before enabling the transmitter",
				d.r.td.head, v)
		}
		d.tx.reset()
	}
	d.r.td.head = v
	d.rearm(&d.tx.own, &d.r.td, d.r.tctl&tctlEN != 0, true)
	d.updateTX()
}

// kickTX runs the transmitter after a TDT or TCTL write: synchronously for
// QEMU, by enabling the "nic.tx" actor for strict.
func (d *Device) kickTX() {
	if d.strict() {
		d.updateTX()
		return
	}
	d.startXmit()
}

// updateTX enables the strict TX engine exactly when it has work.
func (d *Device) updateTX() {
	on := d.strict() && d.r.tctl&tctlEN != 0 && !d.tx.waiting &&
		(d.tx.phase != phaseFetch || d.r.td.head != d.r.td.tail)
	d.m.SetEnabled(d.txID, on)
}

// fetchTX reads descriptor slot into the engine's copy.
func (d *Device) fetchTX(slot uint32) {
	b := d.dmaRead(d.txSrc, d.r.td.slotAddr(slot), descSize, mkAccess(ringTX, objDesc, slot))
	copy(d.tx.desc[:], b)
	if d.tx.desc.cmd()&txCmdIDE != 0 {
		d.irq.mitIDE = true
	}
	d.noteTXCmd(slot)
}

// gather appends the descriptor's buffer to the staged packet, up to
// QEMU's 64 KiB staging limit.
func (d *Device) gather(slot uint32) {
	desc := &d.tx.desc
	n := min(desc.length(), uint64(maxStageSize-len(d.tx.staged)))
	if n == 0 {
		return
	}
	b := d.dmaRead(d.txSrc, desc.addr(), n, mkAccess(ringTX, objBuf, slot))
	d.tx.staged = append(d.tx.staged, b...)
}

// sendFrame puts the staged packet on the wire and starts a new one.
func (d *Device) sendFrame(slot uint32) {
	f := d.tx.staged
	d.m.Emit(d.txSrc, kindTXFrame, uint64(len(f)), uint64(slot), 0)
	d.stats.TXFrames++
	d.stats.TXBytes += uint64(len(f))
	incSat(&d.r.gptc)
	incSat(&d.r.tpt)
	if d.wire != nil {
		d.wire.Transmit(f)
	}
	d.tx.staged = f[:0]
}

// writeBackTX writes dword 3 of the descriptor (STA with DD, EC/LC/TU
// cleared; CSS and special as fetched), as QEMU's txdesc_writeback does.
func (d *Device) writeBackTX(slot uint32) {
	desc := &d.tx.desc
	desc[12] = desc.doneStatus()
	d.dmaWrite(d.txSrc, d.r.td.slotAddr(slot)+12, desc[12:16], mkAccess(ringTX, objStatus, slot))
}

// advanceTDH moves TDH past the descriptor just finished, wrapping when
// TDH*16 reaches TDLEN, and gives the slot back to the driver.
func (d *Device) advanceTDH() {
	td := &d.r.td
	d.tx.own.complete(td.head)
	td.head++
	if td.head*descSize >= td.len&ringLenMask {
		td.head = 0
	}
	d.m.Emit(d.txSrc, kindTDH, uint64(td.head), uint64(td.tail), 0)
}

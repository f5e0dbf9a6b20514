package e1000

import "github.com/nicsim/nicsim/sim"

// receiveStrict takes an arriving frame into the packet buffer: dropped if
// the receiver is off, too long, filtered out, or (RXO, MPC) if the buffer
// is full. The FCS is stored with the frame unless RCTL.SECRC strips it.
func (d *Device) receiveStrict(frame []byte) {
	if d.r.rctl&rctlEN == 0 {
		d.stats.RXDisabled++
		d.dropArrival(reasonDisabled, len(frame))
		return
	}
	if d.rx.q.len() >= d.cfg.RXFIFO {
		incSat(&d.r.mpc)
		d.stats.RXOverrun++
		d.dropArrival(reasonOverrun, len(frame))
		d.raise(RXO)
		return
	}
	f := d.rx.q.push(frame)
	padFrame(f)
	if why := d.admit(*f); why != "" {
		d.rx.q.unpush()
		d.dropArrival(why, len(frame))
		return
	}
	if d.fcsLen() != 0 {
		appendFCS(f)
	}
}

// stepRXStrict is one step of the strict receive engine, per descriptor:
// fetch the descriptor at RDH; write up to a buffer's worth of the frame;
// write length and status (DD, EOP on the last) with errors cleared and
// advance RDH, raising RXT0 after the last.
func (d *Device) stepRXStrict() {
	switch d.rx.phase {
	case phaseFetch:
		d.checkRing(&d.r.rd, &rxNames)
		d.checkBSIZE()
		if d.rx.off == 0 {
			d.rx.first = d.r.rd.head
		}
		d.fetchRX(d.r.rd.head)
		d.rx.phase = phaseData
	case phaseData:
		d.moveRXData(d.r.rd.head)
		d.rx.phase = phaseWriteBack
	case phaseWriteBack:
		d.finishRX(d.r.rd.head)
		d.rx.phase = phaseFetch
	}
}

func (d *Device) checkBSIZE() {
	if d.r.rctl&rctlBSEX != 0 && d.r.rctl>>rctlBSIZESh&3 == 0 {
		d.m.Fail(sim.ClassConfig, "RCTL %#x sets BSEX with BSIZE=00, a reserved buffer size (QEMU uses 2048 bytes)", d.r.rctl)
	}
}

// moveRXData writes the next piece of the frame into the descriptor's
// buffer. A null buffer address is written like any other (DMA to 0).
func (d *Device) moveRXData(slot uint32) {
	f := *d.rx.q.front()
	n := min(len(f)-d.rx.off, rxBufSize(d.r.rctl))
	d.dmaWrite(d.rxSrc, d.rx.desc.addr(), f[d.rx.off:d.rx.off+n], mkAccess(ringRX, objBuf, slot))
	d.rx.chunk = n
}

// finishRX writes length, checksum 0, status, errors 0 and special 0 (bytes
// 8-15) and advances RDH.
func (d *Device) finishRX(slot uint32) {
	f := *d.rx.q.front()
	d.rx.off += d.rx.chunk
	last := d.rx.off >= len(f)
	desc := &d.rx.desc
	desc.setLength(uint16(d.rx.chunk))
	desc.setChecksum(0)
	desc.setStatus(rxStaDD)
	if last {
		desc.setStatus(rxStaDD | rxStaEOP)
	}
	desc.setErrors(0)
	desc.setSpecial(0)
	d.dmaWrite(d.rxSrc, d.r.rd.slotAddr(slot)+8, desc[8:16], mkAccess(ringRX, objStatus, slot))
	d.advanceRDH()
	if !last {
		return
	}
	d.frameDone(len(f), d.rx.first)
	d.rx.off, d.rx.chunk = 0, 0
	if d.lowOnDescriptors() {
		d.raise(RXDMT0)
	}
	d.receiveInterrupt()
}

// receiveInterrupt raises RXT0 for a frame written (strict). With RDTR = 0
// at once; otherwise the packet timer restarts (RDTR) and the absolute
// timer starts if it is idle (RADV, when set); RXT0 rises when the first of
// them expires. (QEMU ignores RDTR and raises RXT0 at once.)
func (d *Device) receiveInterrupt() {
	rdtr := d.r.rdtr & indexMask
	if rdtr == 0 {
		d.raise(RXT0)
		return
	}
	cancel(d.m, &d.rx.pktOn, d.rx.pktID)
	d.rx.pktID = d.m.Clock.After(sim.Time(rdtr)*rxDelayUnit, d.rx.delay)
	d.rx.pktOn = true
	if radv := d.r.radv & indexMask; radv != 0 && !d.rx.absOn {
		d.rx.absID = d.m.Clock.After(sim.Time(radv)*rxDelayUnit, d.rx.delay)
		d.rx.absOn = true
	}
}

type rxDelayTimer struct{ d *Device }

// Fire raises the delayed RXT0 and stops both delay timers.
func (t rxDelayTimer) Fire(*sim.Machine) { t.d.fireRXDelay() }

func (d *Device) fireRXDelay() {
	cancel(d.m, &d.rx.pktOn, d.rx.pktID)
	cancel(d.m, &d.rx.absOn, d.rx.absID)
	d.raise(RXT0)
}

// writeRDTR stores the delay (bits 15:0); FPD (bit 31, self-clearing)
// raises a pending delayed RXT0 at once.
func (d *Device) writeRDTR(v uint32) {
	d.r.rdtr = v & indexMask
	if v&rdtrFPD != 0 && (d.rx.pktOn || d.rx.absOn) {
		d.fireRXDelay()
	}
}

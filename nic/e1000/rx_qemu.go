package e1000

// whyHeldQEMU says why QEMU's e1000_can_receive is false, or "": the
// receiver is off, it has no descriptors (RDH == RDT), or the RCTL blackout
// is pending. Link and bus mastering are always on in this model.
func (d *Device) whyHeldQEMU() string {
	switch {
	case d.r.rctl&rctlEN == 0:
		return reasonDisabled
	case d.r.rd.head == d.r.rd.tail:
		return reasonNoDesc
	case d.rx.flushOn:
		return reasonBlackout
	}
	return ""
}

// hasRxBufs is QEMU's e1000_has_rxbufs: enough descriptors between RDH and
// RDT for total bytes (any one will do for a frame that fits a buffer).
func (d *Device) hasRxBufs(total int) bool {
	rd := &d.r.rd
	if rd.head == rd.tail {
		return false
	}
	bsize := rxBufSize(d.r.rctl)
	return total <= bsize || total <= int(rd.avail())*bsize
}

// deliverQEMU is QEMU's e1000_receive_iov for the frame at the front of the
// queue, all in one step: pad, filter, check descriptors once up front,
// spread the frame over descriptors, raise RXT0 (and RXDMT0).
func (d *Device) deliverQEMU() {
	f := d.rx.q.front()
	padFrame(f)
	if why := d.admit(*f); why != "" {
		d.dropFront(why)
		return
	}
	total := len(*f) + d.fcsLen()
	if !d.hasRxBufs(total) {
		d.overrun()
		return
	}
	first := d.r.rd.head
	if !d.spreadQEMU(*f, total) {
		d.overrun()
		return
	}
	d.frameDone(len(*f), first)
	cause := uint32(RXT0)
	if d.lowOnDescriptors() {
		cause |= RXDMT0
	}
	d.raise(cause)
}

// spreadQEMU writes f over descriptors from RDH. Per descriptor: read it,
// copy up to a buffer's worth of data (the FCS is only counted in the
// length, never written), write the descriptor back with DD, EOP|IXSM on
// the last, leaving the checksum and errors fields as the driver left them.
// A null buffer address consumes the descriptor without data. It never
// compares RDH with RDT; it reports false when RDH laps (QEMU's guard).
func (d *Device) spreadQEMU(f []byte, total int) bool {
	rd := &d.r.rd
	bsize := rxBufSize(d.r.rctl)
	start := rd.head
	for off := 0; off < total; {
		slot := rd.head
		desc := d.fetchRX(slot)
		desc.setSpecial(0)
		st := desc.status() &^ rxStaDD
		if ba := desc.addr(); ba != 0 {
			if off < len(f) {
				n := min(len(f)-off, bsize)
				d.dmaWrite(d.rxSrc, ba, f[off:off+n], mkAccess(ringRX, objBuf, slot))
			}
			size := min(total-off, bsize)
			off += size
			desc.setLength(uint16(size))
			st &^= rxStaEOP
			if off >= total {
				st |= rxStaEOP | rxStaIXSM
			}
		}
		desc.setStatus(st | rxStaDD)
		d.dmaWrite(d.rxSrc, rd.slotAddr(slot), desc[:], mkAccess(ringRX, objDesc, slot))
		d.advanceRDH()
		if rd.head == start || start >= rd.size() {
			return false
		}
	}
	return true
}

// fetchRX reads RX descriptor slot into the engine's copy.
func (d *Device) fetchRX(slot uint32) *rxDesc {
	b := d.dmaRead(d.rxSrc, d.r.rd.slotAddr(slot), descSize, mkAccess(ringRX, objDesc, slot))
	copy(d.rx.desc[:], b)
	return &d.rx.desc
}

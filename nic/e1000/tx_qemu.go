package e1000

// startXmit is QEMU's start_xmit: with TCTL.EN set, process every
// descriptor from TDH to TDT inside the register write that kicked it, then
// raise TXQE (always) and TXDW (if a descriptor was written back).
func (d *Device) startXmit() {
	if d.r.tctl&tctlEN == 0 || d.tx.busy {
		return
	}
	d.tx.busy = true
	td := &d.r.td
	start, cause := td.head, uint32(TXQE)
	for td.head != td.tail {
		slot := td.head
		d.fetchTX(slot)
		d.processTXQEMU(slot)
		if d.tx.desc.reportStatus() {
			d.writeBackTX(slot)
			cause |= TXDW
		}
		d.advanceTDH()
		// The lap guard: bogus TDT or TDLEN values stop after one lap, or
		// after one descriptor when TDH started outside the ring.
		if td.head == start || start >= td.size() {
			d.m.Emit(d.txSrc, kindWrap, uint64(start), uint64(td.tail), uint64(td.len))
			break
		}
	}
	d.tx.busy = false
	d.raise(cause)
}

// processTXQEMU is QEMU's process_tx_desc for legacy descriptors (and data
// descriptors, without offloads): no null-address check, no length limits,
// bytes accumulate until a descriptor with EOP, which sends them even when
// that makes a 0-byte frame. Context descriptors carry no data.
func (d *Device) processTXQEMU(slot uint32) {
	if d.tx.desc.context() {
		return
	}
	d.gather(slot)
	if d.tx.desc.eop() {
		d.sendFrame(slot)
	}
}

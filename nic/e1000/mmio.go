package e1000

// Read returns the 32-bit register at byte offset off of BAR0. Offsets that
// are not implemented read 0. Reading ICR and the statistics registers clears
// them.
func (d *Device) Read(off uint32) uint32 {
	off = (off & barMask) &^ 3
	d.readInReset(off)
	return d.read(off)
}

// read is Read: the driver's reads and [Device.peek]'s.
func (d *Device) read(off uint32) uint32 {
	switch {
	case off >= MTA && off < MTA+4*mtaWords:
		return d.r.mta[(off-MTA)/4]
	case off >= RAL0 && off < RAL0+4*raWords:
		return d.r.ra[(off-RAL0)/4]
	}
	switch off {
	case CTRL:
		if d.resetting() {
			return d.r.ctrl | ctrlRST
		}
		return d.r.ctrl
	case STATUS:
		return statusReset
	case EERD:
		return d.readEERD()
	case ICR:
		return d.readICR()
	case ICS:
		return d.r.icr // QEMU: ICS mirrors ICR without clearing
	case IMS:
		return d.r.ims
	case ITR:
		return d.r.itr
	case RCTL:
		return d.r.rctl
	case TCTL:
		return d.r.tctl
	case TIPG:
		return d.readTIPG()
	}
	if v, ok := d.readRing(off); ok {
		return v
	}
	return d.readMisc(off)
}

// Write stores v into the register at byte offset off of BAR0, with the
// register's side effects (a TDT write transmits in the QEMU personality).
// Writes to unimplemented or read-only offsets are ignored.
func (d *Device) Write(off uint32, v uint32) {
	off = (off & barMask) &^ 3
	d.writeInReset(off, v)
	d.declare(off, v)
	switch {
	case off >= MTA && off < MTA+4*mtaWords:
		d.r.mta[(off-MTA)/4] = v
		return
	case off >= RAL0 && off < RAL0+4*raWords:
		d.r.ra[(off-RAL0)/4] = v
		return
	}
	switch off {
	case CTRL:
		d.writeCTRL(v)
	case EERD:
		d.r.eerd = v
	case ICR:
		d.icrAcks++
		d.setICR(d.r.icr &^ v)
	case ICS:
		d.raise(v)
	case IMS:
		d.r.ims |= v
		d.updateIRQ()
	case IMC:
		d.r.ims &^= v
		d.updateIRQ()
	case ITR:
		d.r.itr = v & indexMask
	case RCTL:
		d.writeRCTL(v)
	case TCTL:
		d.writeTCTL(v)
	case TIPG:
		d.r.tipg = v
	default:
		d.writeRing(off, v)
	}
}

// readTIPG: QEMU does not implement TIPG (writes vanish, reads give 0).
func (d *Device) readTIPG() uint32 {
	if d.strict() {
		return d.r.tipg
	}
	return 0
}

func (d *Device) writeCTRL(v uint32) {
	if v&ctrlRST != 0 && d.strict() {
		d.startReset() // the MAC's registers go back to their power-on values
		return
	}
	d.r.ctrl = v &^ ctrlRST // QEMU: store, RST reads back 0
}

func (d *Device) readRing(off uint32) (uint32, bool) {
	rr, reg := d.ringReg(off)
	if rr == nil {
		return 0, false
	}
	switch reg {
	case RDBAL:
		return rr.bal, true
	case RDBAH:
		return rr.bah, true
	case RDLEN:
		return rr.len & ringLenMask, true
	case RDH:
		return d.readHead(rr), true
	case RDT:
		return rr.tail, true
	}
	return 0, false
}

// ringReg maps a TX or RX ring register offset to its ring and to the
// matching RX offset (so both rings share one switch).
func (d *Device) ringReg(off uint32) (*ringRegs, uint32) {
	switch off {
	case RDBAL, RDBAH, RDLEN, RDH, RDT:
		return &d.r.rd, off
	case TDBAL, TDBAH, TDLEN, TDH, TDT:
		return &d.r.td, off - TDBAL + RDBAL
	}
	return nil, 0
}

func (d *Device) writeRing(off, v uint32) {
	switch off {
	case RDTR:
		d.writeRDTR(v)
	case RADV:
		d.r.radv = v & indexMask
	case TIDV:
		d.r.tidv = v & indexMask
	case TADV:
		d.r.tadv = v & indexMask
	case RDBAL, RDBAH, RDLEN:
		d.writeRingConfig(&d.r.rd, off, v)
		d.rearmRX()
		d.judgeRing(&d.r.rd, &rxNames, d.r.rctl&rctlEN != 0)
	case TDBAL, TDBAH, TDLEN:
		d.writeRingConfig(&d.r.td, off-TDBAL+RDBAL, v)
		d.rearmTX()
		d.judgeRing(&d.r.td, &txNames, d.r.tctl&tctlEN != 0)
	case RDH, RDT, TDH, TDT:
		d.writeIndex(off, v)
	}
}

// writeIndex writes a head or tail register (bits 15:0 count), remembering
// what the driver wrote and where for the range check.
func (d *Device) writeIndex(off, v uint32) {
	rr, reg := d.ringReg(off)
	if reg == RDH {
		rr.headRaw, rr.headAt = v, d.m.Site()
	} else {
		rr.tailRaw, rr.tailAt = v, d.m.Site()
	}
	switch off {
	case RDH:
		d.writeRDH(v & indexMask)
	case RDT:
		d.writeRDT(v & indexMask)
	case TDH:
		d.writeTDH(v & indexMask)
	case TDT:
		d.writeTDT(v & indexMask)
	}
}

// writeRingConfig stores a base or length register. QEMU drops the low 7
// bits of a length at the write; strict keeps what was written so that the
// first DMA can report it (reads still show only bits 19:7).
func (d *Device) writeRingConfig(rr *ringRegs, reg, v uint32) {
	switch reg {
	case RDBAL:
		rr.bal, rr.baseSet, rr.balAt = v, true, d.m.Site()
	case RDBAH:
		rr.bah = v
	case RDLEN:
		rr.lenRaw, rr.lenAt = v, d.m.Site()
		if !d.strict() {
			v &= ringLenMask
		}
		rr.len = v
	}
}

// readMisc reads the statistics (read to clear) and interrupt-delay registers.
func (d *Device) readMisc(off uint32) uint32 {
	switch off {
	case MPC:
		return readClear(&d.r.mpc)
	case GPRC:
		return readClear(&d.r.gprc)
	case GPTC:
		return readClear(&d.r.gptc)
	case RNBC:
		return readClear(&d.r.rnbc)
	case ROC:
		return readClear(&d.r.roc)
	case TPR:
		return readClear(&d.r.tpr)
	case TPT:
		return readClear(&d.r.tpt)
	case RDTR:
		return d.r.rdtr
	case RADV:
		return d.r.radv
	case TIDV:
		return d.r.tidv
	case TADV:
		return d.r.tadv
	}
	return 0
}

package i8255x

// transmit runs a TCB: gather the frame (the bytes in the TCB, then the
// TBDs) and put it on the wire. It reports the OK bit.
func (d *Device) transmit(addr uint64) bool {
	h := &d.cu.hdr
	cmd := le.Uint16(h[offCommand:])
	if !d.strict() && cmd&CmdNC != 0 {
		d.m.Emit(d.cuSrc, kindTXDrop, addr, 0, 0) // QEMU: NC unsupported, not sent
		return false
	}
	count := int(le.Uint16(h[offCount:]) & countMask)
	tbds := le.Uint32(h[offTBDArr:])
	limit := countMask
	if !d.strict() {
		limit = maxTXFrame
		count = min(count, maxTXFrame)
	}
	f := d.cu.frame[:0]
	if count > 0 {
		f = append(f, d.dmaRead(d.cuSrc, addr+offData, uint64(count), objTCBData)...)
	}
	// QEMU decides flexible mode from the TBD array address; strict from SF.
	flexible := tbds != noTBD
	if d.strict() {
		flexible = cmd&CmdSF != 0
	}
	if flexible {
		f = d.gatherTBDs(f, tbds, int(h[offTBDNum]), limit)
	}
	d.cu.frame = f
	if len(f) == 0 {
		d.m.Emit(d.cuSrc, kindTXDrop, addr, 1, 0)
		return true
	}
	if d.strict() && d.conf[18]&0x02 != 0 {
		for len(f) < minFrame {
			f = append(f, 0x7E) // the 82557 pads with 0x7E (spec §4.4)
		}
	}
	d.sendFrame(f, addr)
	return true
}

// gatherTBDs appends the buffers of up to n TBDs at array, stopping after a
// TBD with EL (bit 0 of the word at +6), up to limit bytes in all.
func (d *Device) gatherTBDs(f []byte, array uint32, n, limit int) []byte {
	for i := 0; i < n && len(f) < limit; i++ {
		tbd := d.dmaRead(d.cuSrc, uint64(array)+8*uint64(i), 8, objTBD)
		buf, size, el := le.Uint32(tbd), int(le.Uint16(tbd[4:])), le.Uint16(tbd[6:])&1 != 0
		if d.strict() {
			size &= countMask
		}
		size = min(size, limit-len(f))
		if size > 0 {
			f = append(f, d.dmaRead(d.cuSrc, uint64(buf), uint64(size), objTXBuf)...)
		}
		if el {
			break
		}
	}
	return f
}

// sendFrame counts a frame and hands it to the wire.
func (d *Device) sendFrame(f []byte, cb uint64) {
	d.stats.TXFrames++
	d.stats.TXBytes += uint64(len(f))
	d.counters[statTXGood]++
	d.m.Emit(d.cuSrc, kindTXFrame, uint64(len(f)), cb, 0)
	if d.wire != nil {
		d.wire.Transmit(f)
	}
}

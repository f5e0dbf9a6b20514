package i8255x

import "github.com/nicsim/nicsim/sim"

// stepRUStrict is one step of the strict RU for the frame at the front of
// the FIFO: fetch the RFD (skipping size-0 ones), write the data, write the
// actual count (EOF|F), then the status and follow the link. Count and
// status are written in separate steps, as two DMA writes are on the bus:
// a driver that takes a non-zero count for a complete frame reads the
// status before the C bit is there.
func (d *Device) stepRUStrict() {
	switch d.ru.phase {
	case phaseFetch:
		d.fetchStrict()
	case phaseExec:
		f := *d.ru.q.front()
		d.ru.n = min(len(f), d.ru.size())
		d.dmaWrite(d.ruSrc, d.ru.addr+offData, f[:d.ru.n], objRFDData)
		d.ru.phase = phaseCount
	case phaseCount:
		d.dmaWrite16(d.ruSrc, d.ru.addr+offCount, uint16(d.ru.n)|countEOF|countF, objRFDCount)
		d.ru.phase = phaseWriteBack
	case phaseWriteBack:
		d.ru.phase = phaseFetch
		d.writeBackRFD()
	}
}

// fetchStrict takes the frame at the front: dropped if the filter refuses
// it or the RU is not ready (a resource error; RNR was raised when the RU
// left ready); otherwise the RFD at the RU's offset is fetched. A size-0 RFD
// is not written: with EL the RU goes to no resources (RNR), with S it
// suspends, otherwise the RU skips it along its link.
func (d *Device) fetchStrict() {
	st, why := d.filter(*d.ru.q.front())
	if why != "" {
		d.dropFront(why)
		return
	}
	if d.rus != RUReady {
		d.stats.RXNoResources++
		d.counters[statRXResource]++
		d.dropFront(reasonNotReady)
		return
	}
	addr := d.ruAddr()
	d.checkRFD(addr)
	d.fetchRFD(addr)
	d.ru.status = st
	if d.ru.hdr[offCommand]&CmdSF != 0 {
		d.m.Fail(sim.ClassConfig, "RFD at %#x has SF (flexible mode) set: nicsim's strict 82557 models simplified RFDs only, with the data right after the header (QEMU ignores SF and writes the frame there)", addr)
	}
	if d.ru.size() == 0 {
		d.skipRFD(addr)
		return
	}
	d.ru.phase = phaseExec
}

// checkRFD enforces the RFD alignment of spec §9: word aligned.
func (d *Device) checkRFD(addr uint64) {
	if addr&1 != 0 {
		d.m.Fail(ClassMisaligned, "RFD at %#x (%sRU base %#x + offset %#x), in the list named by the RU start%s, is at an odd address: the 82557 needs RFDs word aligned (QEMU does not check)",
			addr, d.dataName(addr), d.ru.base, d.ru.off, d.ru.startAt)
	}
}

// skipRFD handles a size-0 RFD without writing it (what Linux e100 relies
// on): EL stops the RU with RNR, S suspends it, otherwise the link is
// followed. The frame stays at the front for the next step.
func (d *Device) skipRFD(addr uint64) {
	d.m.Emit(d.ruSrc, kindRFDSkip, addr, uint64(d.ru.cmd()), 0)
	d.ru.off = d.ru.link()
	d.stopRU(d.ru.cmd())
}

// writeBackRFD writes the status (C, OK unless truncated, the filter
// bits) after the actual count, raises FR and follows the link.
func (d *Device) writeBackRFD() {
	f := *d.ru.q.front()
	addr, n := d.ru.addr, d.ru.n
	st := StatC | d.ru.status
	if n < len(f) {
		st |= rfdTooSmall
		d.stats.RXTruncated++
	} else {
		st |= StatOK
	}
	if len(f) >= 14 && int(f[12])<<8|int(f[13]) > 1500 {
		st |= rfdType
	}
	d.dmaWrite16(d.ruSrc, addr+offStatus, st, objRFDStatus)
	d.frameDone(addr, n)
	d.ru.off = d.ru.link()
	d.stopRU(d.ru.cmd())
}

// stopRU applies an RFD's EL (no resources) or S (suspended) bit; leaving
// the ready state raises RNR.
func (d *Device) stopRU(cmd uint16) {
	switch {
	case cmd&CmdEL != 0:
		d.setRU(RUNoResources)
		d.raise(RNR)
	case cmd&CmdS != 0:
		d.setRU(RUSuspended)
		d.raise(RNR)
	}
}

package e1000

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// ringNames are the register names of one ring, for messages.
type ringNames struct{ bal, len, head, tail string }

var (
	txNames = ringNames{bal: "TDBAL", len: "TDLEN", head: "TDH", tail: "TDT"}
	rxNames = ringNames{bal: "RDBAL", len: "RDLEN", head: "RDH", tail: "RDT"}
)

// judgeRing is the range check of a ring's registers, made while the ring
// is in force: when it is enabled, and at every later write of its
// registers. Before that a driver may write them in any order (the xv6
// skeleton writes RDT before RDLEN). An empty, unconfigured ring is not
// judged. Both personalities make it: QEMU masks such values silently, so
// the message says what QEMU does with them.
func (d *Device) judgeRing(rr *ringRegs, n *ringNames, enabled bool) {
	if !enabled || d.cfg.NoOracles || (rr.lenRaw == 0 && rr.head == rr.tail && rr.tailRaw == rr.tail) {
		return
	}
	d.checkRing(rr, n)
}

// checkRing fails the run on a ring register outside its legal range,
// naming the source line that wrote it. The strict personality also makes
// it at the first DMA that uses the ring.
func (d *Device) checkRing(rr *ringRegs, n *ringNames) {
	m := d.m
	if rr.bal&0xF != 0 {
		m.Fail(sim.ClassConfig, "%s = %#x%s is not 16-byte aligned: the 82540EM requires a 16-byte aligned descriptor ring (QEMU silently reads descriptors from %#x, so every field the driver writes is shifted)",
			n.bal, rr.bal, m.At(rr.balAt), rr.base())
	}
	if rr.lenRaw == 0 {
		m.Fail(sim.ClassConfig, "%s is 0%s but %s=%d %s=%d%s ask the device to use the ring: the 82540EM requires a length that is a non-zero multiple of 128 bytes (QEMU sees a ring of 0 descriptors)",
			n.len, m.At(rr.lenAt), n.head, rr.head, n.tail, rr.tail, m.At(rr.tailAt))
	}
	if rr.lenRaw&^ringLenMask != 0 {
		m.Fail(sim.ClassConfig, "%s = %d%s is not a multiple of 128 bytes below 1 MiB: the 82540EM requires a multiple of 8 descriptors (QEMU silently uses %d bytes = %d descriptors)",
			n.len, rr.lenRaw, m.At(rr.lenAt), rr.lenRaw&ringLenMask, rr.size())
	}
	d.checkIndex(rr, n, n.head, rr.head, rr.headRaw, rr.headAt)
	d.checkIndex(rr, n, n.tail, rr.tail, rr.tailRaw, rr.tailAt)
}

// checkIndex fails the run on a head or tail register at or beyond the
// ring's length.
func (d *Device) checkIndex(rr *ringRegs, n *ringNames, reg string, v, raw uint32, at sim.Where) {
	size := rr.size()
	if v < size {
		return
	}
	written := ""
	if raw != v && raw&indexMask == v {
		written = fmt.Sprintf(" (written as %#x, kept as its low 16 bits)", raw)
	}
	qemu := "it treats every descriptor as free and overwrites ones the driver has not consumed yet"
	if n == &txNames {
		qemu = "it transmits every descriptor to the ring's end and round again, stale ones included, until the head laps"
	}
	d.m.Fail(sim.ClassConfig, "%s = %d%s%s is outside the ring of %d descriptors (%s %d): the 82540EM requires %s < %d (QEMU never compares it with the ring: %s)",
		reg, v, written, d.m.At(at), size, n.len, rr.len&ringLenMask, reg, size, qemu)
}

// readHead reads TDH or RDH. QEMU's are exact. The manual says software
// cannot read them reliably; the strict device models why: while a
// descriptor is in flight (fetched, not yet written back), a read may
// already show the head past it. Which one a read sees is a choice on the
// tape.
func (d *Device) readHead(rr *ringRegs) uint32 {
	if !d.strict() {
		return rr.head
	}
	busy := (rr == &d.r.td && d.tx.phase != phaseFetch) || (rr == &d.r.rd && d.rx.phase != phaseFetch)
	if !busy || d.m.Intn(sim.StreamNIC, 2) == 0 {
		return rr.head
	}
	if rr.head+1 >= rr.size() {
		return 0
	}
	return rr.head + 1
}

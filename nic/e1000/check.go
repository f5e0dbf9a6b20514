package e1000

import "github.com/nicsim/nicsim/sim"

// ringNames are the register names of one ring, for messages.
type ringNames struct{ bal, len, head, tail string }

var (
	txNames = ringNames{bal: "TDBAL", len: "TDLEN", head: "TDH", tail: "TDT"}
	rxNames = ringNames{bal: "RDBAL", len: "RDLEN", head: "RDH", tail: "RDT"}
)

// checkRing is the strict personality's configuration check, made at the
// first DMA that uses the ring (drivers write the base before the length, so
// a register write alone proves nothing). Every fault says what QEMU would
// silently do instead.
func (d *Device) checkRing(rr *ringRegs, n *ringNames) {
	if rr.bal&0xF != 0 {
		d.m.Fail(sim.ClassConfig, "%s %#x is not 16-byte aligned (82540EM requires a 16-byte aligned descriptor ring; QEMU silently reads descriptors from %#x)",
			n.bal, rr.bal, rr.base())
	}
	if rr.len == 0 {
		d.m.Fail(sim.ClassConfig, "%s is 0 but %s=%d %s=%d ask the device to use the ring (82540EM requires a length that is a non-zero multiple of 128 bytes)",
			n.len, n.head, rr.head, n.tail, rr.tail)
	}
	if rr.len&^ringLenMask != 0 {
		d.m.Fail(sim.ClassConfig, "%s %d is not a multiple of 128 bytes below 1 MiB (82540EM requires a multiple of 8 descriptors; QEMU silently uses %d bytes = %d descriptors)",
			n.len, rr.len, rr.len&ringLenMask, rr.size())
	}
	size := rr.size()
	if rr.head >= size {
		d.m.Fail(sim.ClassConfig, "%s %d is outside the ring of %d descriptors (%s %d)", n.head, rr.head, size, n.len, rr.len)
	}
	if rr.tail >= size {
		d.m.Fail(sim.ClassConfig, "%s %d is outside the ring of %d descriptors (%s %d)", n.tail, rr.tail, size, n.len, rr.len)
	}
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

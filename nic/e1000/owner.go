package e1000

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/ring"
	"github.com/nicsim/nicsim/sim"
)

// owner is the ownership oracle of one ring. Once the ring is configured
// (base and length written, ring enabled) it mirrors the device's share,
// [head, tail), slot by slot, remembering when and by which tail write each
// slot was handed over, so that a driver write into a device-owned
// descriptor can be reported with its history.
type owner struct {
	name, headName, tailName string

	armed     bool
	base, end uint64 // descriptor bytes watched; empty when not armed
	size      uint32
	tr        *ring.Tracker
	at        []sim.Time  // when each device-owned slot was posted
	by        []uint32    // the tail value that posted it
	site      []sim.Where // the driver code of that tail write
}

func (o *owner) init(name, head, tail string) { o.name, o.headName, o.tailName = name, head, tail }

func (o *owner) disarm() { o.armed, o.base, o.end, o.size = false, 0, 0, 0 }

// arm starts watching a ring of size descriptors at base in which the device
// owns [head, tail).
func (o *owner) arm(base uint64, size, head, tail uint32, now sim.Time) {
	if o.tr == nil || o.tr.Ring().Size() != ring.Count(size) {
		o.tr = ring.NewTracker(ring.Count(size))
		o.at = make([]sim.Time, size)
		o.by = make([]uint32, size)
		o.site = make([]sim.Where, size)
	} else {
		o.tr.Reset()
	}
	o.armed, o.base, o.end, o.size = true, base, base+descSize*uint64(size), size
	o.post(head, tail, now, sim.Where{})
}

// valid reports whether both indices name slots of the watched ring.
func (o *owner) valid(a, b uint32) bool { return a < o.size && b < o.size }

// post hands [from, to) to the device (slots it already owns stay as they
// were). Out-of-ring indices post nothing: the strict device faults on them
// and QEMU's behaviour with them has no ownership to speak of.
func (o *owner) post(from, to uint32, now sim.Time, site sim.Where) {
	if !o.armed || !o.valid(from, to) {
		return
	}
	r := o.tr.Ring()
	for i := ring.Index(from); i != ring.Index(to); i = r.Next(i) {
		if o.tr.Owner(i) == ring.Driver {
			_ = o.tr.Post(i) // cannot fail: i is valid and driver-owned
			o.at[i], o.by[i], o.site[i] = now, to, site
		}
	}
}

// complete hands slot i back to the driver if the device owned it.
func (o *owner) complete(i uint32) {
	if o.armed && i < o.size && o.tr.Owner(ring.Index(i)) == ring.Device {
		_ = o.tr.Complete(ring.Index(i))
	}
}

// retreat returns the first device-owned slot a tail move from old back to
// to would take away from the device, if the move goes backwards over
// device-owned slots. head is the device's head.
func (o *owner) retreat(head, old, to uint32) (uint32, bool) {
	if !o.armed || !o.valid(old, to) || head >= o.size {
		return 0, false
	}
	r := o.tr.Ring()
	h := ring.Index(head)
	if r.Dist(h, ring.Index(to)) >= r.Dist(h, ring.Index(old)) {
		return 0, false
	}
	for i := ring.Index(to); i != ring.Index(old); i = r.Next(i) {
		if o.tr.Owner(i) == ring.Device {
			return uint32(i), true
		}
	}
	return 0, false
}

// lap reports a tail move from old onto head with the device still owning
// slot head: the driver filled every slot, the whole ring of n descriptors
// is pending, and tail == head now says "empty".
func (o *owner) lap(head, old, to uint32) (uint32, bool) {
	if !o.armed || !o.valid(old, to) || head >= o.size || to != head || old == to {
		return 0, false
	}
	if o.tr.Owner(ring.Index(head)) != ring.Device {
		return 0, false
	}
	return o.size, true
}

// hit returns the first device-owned descriptor that a driver write of n
// bytes at addr touches. The range check comes first: it is all most
// accesses pay.
func (o *owner) hit(addr, n uint64) (uint32, bool) {
	if addr >= o.end || addr+n <= o.base {
		return 0, false
	}
	lo, hi := max(addr, o.base), min(addr+n, o.end)
	for i := uint32((lo - o.base) / descSize); i <= uint32((hi-1-o.base)/descSize); i++ {
		if o.tr.Owner(ring.Index(i)) == ring.Device {
			return i, true
		}
	}
	return 0, false
}

// history says when and how slot i was handed to the device.
func (o *owner) history(i uint32) string {
	return fmt.Sprintf("posted at t=%s by %s=%d", sim.FormatTime(o.at[i]), o.tailName, o.by[i])
}

// postedBy renders the tail write that handed slot i to the device, as
// "TDT=2 at e1000.c:118 (e1000_transmit)", or "" if the slot is not
// device-owned.
func (d *Device) postedBy(o *owner, i uint32) string {
	if !o.armed || i >= o.size || o.tr.Owner(ring.Index(i)) != ring.Device {
		return ""
	}
	return fmt.Sprintf("%s=%d%s", o.tailName, o.by[i], d.m.At(o.site[i]))
}

// DriverAccess is told of every driver access to DMA-visible RAM. A driver
// write into a descriptor the device owns fails the run with class
// ring-ownership; reads are allowed (drivers poll DD).
func (d *Device) DriverAccess(addr, n uint64, write bool) {
	if !write || n == 0 || d.cfg.NoOracles {
		return
	}
	if i, ok := d.tx.own.hit(addr, n); ok {
		d.failOwned(&d.tx.own, &d.r.td, i, addr, d.tx.inFlight(i, &d.r.td))
	}
	if i, ok := d.rx.own.hit(addr, n); ok {
		d.failOwned(&d.rx.own, &d.r.rd, i, addr, d.rx.inFlight(i, &d.r.rd))
	}
}

func (d *Device) failOwned(o *owner, rr *ringRegs, i uint32, addr uint64, inFlight bool) {
	state := "not yet processed"
	if inFlight {
		state = "fetched by the device and not yet written back"
	}
	what := ""
	if d.m.Trace.SymbolizeData != nil {
		if s := d.m.Trace.SymbolizeData(addr); s != "" {
			what = s + " in "
		}
	}
	d.m.Fail(sim.ClassRingOwnership, "driver wrote %s%s descriptor %d (%#x)%s while the device owns it (%s%s, %s; %s=%d %s=%d)",
		what, o.name, i, o.base+descSize*uint64(i), d.m.At(d.m.Site()), o.history(i), d.m.At(o.site[i]), state,
		o.headName, rr.head, o.tailName, rr.tail)
}

// moveTail records a tail write from old to v: a forward move posts the
// slots in between; a backward move over device-owned slots fails the run.
func (d *Device) moveTail(o *owner, rr *ringRegs, old, v uint32) {
	if n, ok := o.lap(rr.head, old, v); ok && !d.cfg.NoOracles && o == &d.tx.own {
		d.m.Fail(sim.ClassRingOwnership, "%s caught up with %s: %s=%d%s makes %s == %s while %d descriptors were pending (the ring holds at most %d), so the device sees an empty ring and never sends them (the manual: the ring is full when %s is one behind %s; QEMU hides this: it transmits inside every %s write, so its ring never fills)",
			o.tailName, o.headName, o.tailName, v, d.m.At(rr.tailAt), o.tailName, o.headName, n, o.size-1, o.tailName, o.headName, o.tailName)
	}
	if i, ok := o.retreat(rr.head, old, v); ok && !d.cfg.NoOracles {
		d.m.Fail(sim.ClassRingOwnership, "driver moved %s back from %d to %d%s, taking %s descriptor %d from the device (%s%s, not yet processed; %s=%d)",
			o.tailName, old, v, d.m.At(rr.tailAt), o.name, i, o.history(i), d.m.At(o.site[i]), o.headName, rr.head)
	}
	o.post(old, v, d.m.Now(), rr.tailAt)
	if !d.cfg.NoOracles {
		d.checkPosted(o, rr, old, v)
	}
}

// checkPosted fails the run when a tail write hands the device a
// descriptor whose buffer lies in a page the driver has freed: the device
// would move a frame through freed memory (or through whatever reuses it
// by the time it gets there), which shows only as a lost or corrupt frame.
func (d *Device) checkPosted(o *owner, rr *ringRegs, from, to uint32) {
	if !o.armed || !o.valid(from, to) {
		return
	}
	r := o.tr.Ring()
	for i := ring.Index(from); i != ring.Index(to); i = r.Next(i) {
		a := o.base + descSize*uint64(i)
		ba, err := d.m.Mem.U64(a)
		if err != nil || ba == 0 || !d.m.Heap.Owns(ba) || d.m.Heap.Allocated(ba&^(sim.PageSize-1)) {
			continue
		}
		name := fmt.Sprintf("%s descriptor %d", o.name, i)
		if d.m.Trace.SymbolizeData != nil {
			if s := d.m.Trace.SymbolizeData(a); s != "" {
				name = strings.TrimSuffix(s, ".addr")
			}
		}
		freed := "was freed"
		if s := d.m.FreedSite(ba); s != "" {
			freed += " at " + s
		}
		d.m.Fail(sim.ClassUseAfterFree, "the buffer of %s (%#x) %s before %s=%d%s handed it to the device: the device would move the frame through freed memory (or whatever reuses it first)",
			name, ba, freed, o.tailName, to, d.m.At(rr.tailAt))
	}
}

// rearm re-derives what the oracle watches after a ring register changed:
// a ring is watched once its base and length are written and it is
// enabled. force re-posts [head, tail) even when nothing else changed
// (the driver wrote the head).
func (d *Device) rearm(o *owner, rr *ringRegs, enabled, force bool) {
	want := rr.baseSet && rr.size() > 0 && enabled
	if !want {
		o.disarm()
		return
	}
	if o.armed && !force && o.base == rr.base() && o.size == rr.size() {
		return
	}
	o.arm(rr.base(), rr.size(), rr.head, rr.tail, d.m.Now())
}

func (d *Device) rearmTX() { d.rearm(&d.tx.own, &d.r.td, d.r.tctl&tctlEN != 0, false) }
func (d *Device) rearmRX() { d.rearm(&d.rx.own, &d.r.rd, d.r.rctl&rctlEN != 0, false) }

// OwnerOf reports a descriptor the device owns whose buffer address lies in
// [lo, hi): its address, its ring ("TX" or "RX") and slot. The kernel asks
// before a driver frees a page (freeing a buffer the device still owns).
func (d *Device) OwnerOf(lo, hi uint64) (desc uint64, ringName string, slot uint32, ok bool) {
	if d.cfg.NoOracles {
		return 0, "", 0, false
	}
	for _, o := range []*owner{&d.tx.own, &d.rx.own} {
		if !o.armed {
			continue
		}
		for i := uint32(0); i < o.size; i++ {
			if o.tr.Owner(ring.Index(i)) != ring.Device {
				continue
			}
			a := o.base + descSize*uint64(i)
			if ba, err := d.m.Mem.U64(a); err == nil && ba >= lo && ba < hi {
				return a, o.name, i, true
			}
		}
	}
	return 0, "", 0, false
}

// Posted says when and by which tail write slot i of ring ("TX" or "RX") was
// handed to the device, for messages.
func (d *Device) Posted(ringName string, i uint32) string {
	o := &d.rx.own
	if ringName == d.tx.own.name {
		o = &d.tx.own
	}
	if !o.armed || i >= o.size {
		return ""
	}
	return o.history(i)
}

package props

import (
	"github.com/nicsim/nicsim/nic/e1000"
	"github.com/nicsim/nicsim/sim"
	"pgregory.net/rapid"
)

// readHead reads TDH or RDH through the register window. The strict device
// may show the head one past a descriptor in flight; rapid draws whether.
func (g *devRig) readHead(t *rapid.T) {
	reg, id := uint32(e1000.TDH), g.txID
	_, _, head, _ := g.d.TXRing()
	if rapid.Bool().Draw(t, "rx") {
		reg, id = e1000.RDH, g.rxID
		_, _, head, _ = g.d.RXRing()
	}
	g.steer.late = uint32(rapid.IntRange(0, 1).Draw(t, "late"))
	var v uint32
	if vd := catch(func() { v = g.d.Read(reg) }); vd != nil {
		t.Fatalf("read %#x: %v", reg, vd)
	}
	h := uint32(head)
	if v != h && !(g.strict && g.m.Enabled(id) && v == (h+1)%g.n) {
		t.Fatalf("head register %#x reads %d; the head is %d", reg, v, h)
	}
}

// probe checks the ownership oracle against the model: a driver write into
// a descriptor fails exactly when the device owns it.
func (g *devRig) probe(t *rapid.T) {
	slot := uint32(rapid.IntRange(0, int(g.n)-1).Draw(t, "slot"))
	rx := rapid.Bool().Draw(t, "rx")
	addr, owned := descAddr(txRingAddr, slot), g.txOwned(slot)
	if rx {
		addr, owned = descAddr(rxRingAddr, slot), g.rxOwned(slot)
	}
	v := catch(func() { g.d.DriverAccess(addr, descBytes, true) })
	switch {
	case owned && (v == nil || v.Class != sim.ClassRingOwnership):
		t.Fatalf("driver write into device-owned descriptor %d (rx=%v): verdict %v, want %s", slot, rx, v, sim.ClassRingOwnership)
	case !owned && v != nil:
		t.Fatalf("driver write into driver-owned descriptor %d (rx=%v): %v", slot, rx, v)
	}
}

func (g *devRig) check(t *rapid.T) {
	g.checkTX(t)
	g.checkRX(t)
}

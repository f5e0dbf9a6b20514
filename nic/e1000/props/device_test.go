package props

import (
	"testing"

	"github.com/nicsim/nicsim/nic/e1000"
	"pgregory.net/rapid"
)

// The device model agrees with the ideal NIC in both personalities.
func TestDeviceRings(t *testing.T) {
	CheckDevice(t, DeviceConfig{Checks: 500})
}

// Small rings wrap often.
func TestDeviceRingsSmall(t *testing.T) {
	for _, p := range []e1000.Personality{e1000.QEMU, e1000.Strict} {
		t.Run(p.String(), func(t *testing.T) {
			CheckDevice(t, DeviceConfig{Personalities: []e1000.Personality{p}, MaxRing: 8})
		})
	}
}

// The steering source picks the wanted actor among the enabled ones.
func TestSteer(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := newDevRig(t, e1000.Strict, 8)
		g.rxRefill(t)
		g.deliver(t)
		g.txPost(t)
		if !g.m.Enabled(g.txID) || !g.m.Enabled(g.rxID) {
			t.Fatalf("both engines should have work")
		}
		for range 6 {
			id := g.txID
			if rapid.Bool().Draw(t, "rx") {
				id = g.rxID
			}
			g.step(t, id)
			g.check(t)
		}
	})
}

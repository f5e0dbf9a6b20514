package oracle

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

func inOrder(excused bool) *Delivery {
	d := NewDelivery("peer", InOrder, 2)
	d.Quota = func(int) uint32 { return 3 }
	d.Excused = func() bool { return excused }
	return d
}

func TestDeliveryInOrder(t *testing.T) {
	for _, c := range []struct {
		name    string
		pings   [][2]uint32
		excused bool
		want    string
	}{
		{"clean", [][2]uint32{{0, 0}, {1, 0}, {0, 1}, {0, 2}}, false, ""},
		{"duplicate", [][2]uint32{{0, 0}, {0, 0}}, false, sim.ClassDuplicate},
		{"gap", [][2]uint32{{0, 0}, {0, 2}}, false, sim.ClassLostPacket},
		{"gap excused", [][2]uint32{{0, 0}, {0, 2}}, true, ""},
		{"never sent", [][2]uint32{{0, 3}}, false, sim.ClassCorrupt},
		{"no such process", [][2]uint32{{2, 0}}, false, sim.ClassCorrupt},
	} {
		d := inOrder(c.excused)
		var got string
		for _, p := range c.pings {
			if f := d.Ping(uint16(p[0]), p[1]); f != nil {
				got = f.Class
				break
			}
		}
		if got != c.want {
			t.Errorf("%s: finding %q, want %q", c.name, got, c.want)
		}
	}
}

// NoDuplicates judges neither gaps nor order, only repeats.
func TestDeliveryNoDuplicates(t *testing.T) {
	d := NewDelivery("the guest", NoDuplicates, 0)
	for _, p := range [][2]uint32{{0, 2}, {0, 0}, {1, 5}} {
		if f := d.Ping(uint16(p[0]), p[1]); f != nil {
			t.Fatalf("ping %v: %v", p, f)
		}
	}
	if f := d.Ping(0, 2); f == nil || f.Class != sim.ClassDuplicate {
		t.Errorf("repeated ping: %v, want a duplicate", f)
	}
}

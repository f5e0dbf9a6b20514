package kern

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// push_off nests: interrupts come back on at the outermost pop_off, and
// only if they were on before the first push_off; an unbalanced pop_off
// panics as xv6's does.
func TestPushOffNests(t *testing.T) {
	m := sim.New(sim.Config{NCPU: 2}, sim.NewTape(sim.NewSeedSource(1)))
	p := NewPushOff(m)
	m.Intr = p
	c := m.CPUs[0]
	c.IntrOff()
	c.IntrOff()
	if c.SIE || c.IntrDepth() != 2 {
		t.Fatalf("after two push_offs: SIE %v depth %d", c.SIE, c.IntrDepth())
	}
	c.IntrOn()
	if c.SIE || c.IntrDepth() != 1 {
		t.Fatalf("after one pop_off: SIE %v depth %d", c.SIE, c.IntrDepth())
	}
	c.IntrOn()
	if !c.SIE || c.IntrDepth() != 0 {
		t.Fatalf("after the outermost pop_off: SIE %v depth %d", c.SIE, c.IntrDepth())
	}
	d := m.CPUs[1]
	d.SetSIE(false)
	d.IntrOff()
	d.IntrOn()
	if d.SIE {
		t.Errorf("pop_off turned on interrupts that were off before push_off")
	}
	v := sim.Catch(func() { c.IntrOn() })
	if v == nil || v.Class != sim.ClassPanic || !strings.Contains(v.Message, "pop_off - interruptible") {
		t.Errorf("pop_off with interrupts on: %v, want the interruptible panic", v)
	}
	v = sim.Catch(func() { d.IntrOn() })
	if v == nil || !strings.Contains(v.Message, "release without acquire") {
		t.Errorf("unbalanced pop_off: %v, want a panic", v)
	}
}

package e1000

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// risingEdges returns the times the line went up.
func (r *rig) risingEdges() []sim.Time {
	var ts []sim.Time
	for _, e := range r.events(kindIRQ) {
		if e.A == 1 {
			ts = append(ts, e.T)
		}
	}
	return ts
}

func TestQEMUMitigationPostponesSecondEdge(t *testing.T) {
	r := newRig(t, DefaultConfig(QEMU))
	r.m.Trace.KeepAll(true)
	r.setupRX(16, 0)
	r.d.Write(IMS, RXT0)
	r.d.Receive(frame(DefaultMAC, 60))
	r.m.Clock.After(sim.Second+10*sim.Microsecond, sim.TimerFunc(func(*sim.Machine) {
		r.d.Read(ICR) // acknowledge the first interrupt
		r.d.Receive(frame(DefaultMAC, 60))
	}))
	r.run()
	up := r.risingEdges()
	if len(up) != 2 {
		t.Fatalf("rising edges at %v, want 2", up)
	}
	if gap := up[1] - up[0]; gap != mitMinDelay*mitUnit {
		t.Errorf("second edge %v after the first, want the 128us window", gap)
	}
	if got := r.d.Stats().RXFrames; got != 2 {
		t.Errorf("frames = %d, want 2", got)
	}
}

func TestNoMitigationRaisesAtOnce(t *testing.T) {
	r := newQEMU(t) // Config{} has mitigation off
	r.m.Trace.KeepAll(true)
	r.setupRX(16, 0)
	r.d.Write(IMS, RXT0)
	r.d.Receive(frame(DefaultMAC, 60))
	r.m.Clock.After(sim.Second+10*sim.Microsecond, sim.TimerFunc(func(*sim.Machine) {
		r.d.Read(ICR)
		r.d.Receive(frame(DefaultMAC, 60))
	}))
	r.run()
	if up := r.risingEdges(); len(up) != 2 || up[1]-up[0] > 20*sim.Microsecond {
		t.Errorf("rising edges at %v, want two about 10us apart", up)
	}
}

// ackHandler is an interrupt handler that reads ICR once.
type ackHandler struct {
	d *Device
	n *int
}

func (h ackHandler) Step(m *sim.Machine, c *sim.CPU) {
	h.d.Read(ICR)
	*h.n++
	c.Return(0)
}

func (h ackHandler) Describe() string { return "ack" }

// A whole loop through the kernel model's PLIC: frames arrive, the device
// interrupts, a CPU takes the trap and acknowledges.
func TestInterruptDeliveredThroughPLIC(t *testing.T) {
	for _, p := range []Personality{QEMU, Strict} {
		t.Run(p.String(), func(t *testing.T) {
			m := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(7)))
			d := New(m, DefaultConfig(p), nil)
			n := 0
			m.IntrHandler = func(c *sim.CPU) sim.Context { return ackHandler{d, &n} }
			r := &rig{t: t, m: m, d: d, w: &recWire{}}
			r.setupRX(16, 0)
			d.Write(IMS, RXT0)
			for i := 0; i < 5; i++ {
				d.Receive(frame(DefaultMAC, 60))
			}
			r.run()
			if n == 0 || m.IRQLine() || d.Stats().RXFrames != 5 {
				t.Errorf("handled %d interrupts, line %v, frames %d", n, m.IRQLine(), d.Stats().RXFrames)
			}
		})
	}
}

// The same seed gives the same trace, event for event.
func TestDeterministicTrace(t *testing.T) {
	run := func() uint64 {
		m := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(42)))
		r := &rig{t: t, m: m, d: New(m, Config{Personality: Strict}, nil), w: &recWire{}}
		r.setupTX(8)
		r.setupRX(8, 0)
		for i := 0; i < 20; i++ {
			r.send(frame(broadcast, 60+i), txCmdEOP|txCmdRS)
			r.d.Receive(frame(DefaultMAC, 60+i))
			r.d.Read(TDH)
			if i%3 == 0 {
				r.run()
				r.rxRecycle()
			}
		}
		r.run()
		return m.Trace.Hash()
	}
	if a, b := run(), run(); a != b {
		t.Errorf("trace hashes differ: %#x %#x", a, b)
	}
}

// rxRecycle gives every filled RX descriptor back, xv6 style.
func (r *rig) rxRecycle() {
	for {
		i := (r.d.r.rd.tail + 1) % r.n
		if r.rxDesc(i)[12]&rxStaDD == 0 {
			return
		}
		r.rxDesc(i)[12] = 0
		r.d.Write(RDT, i)
	}
}

package i8255x

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

type nullWire struct{}

func (nullWire) Transmit([]byte) {}

// newBenchRig is a rig whose machine never runs out of budget.
func newBenchRig(b *testing.B, p Personality) *rig {
	m := sim.New(sim.Config{MaxSteps: 1 << 62, MaxTime: 1 << 62}, sim.NewTape(sim.NewSeedSource(1)))
	m.Tape.SetRecording(false)
	for _, c := range m.CPUs {
		c.SIE = false
	}
	return &rig{t: b, m: m, d: New(m, Config{Personality: p}, nullWire{}), w: &recWire{}}
}

// benchRoundTrip is one frame out and one frame in per iteration, as the
// eth driver design does it: CU start on a single TCB with EL and I, RU
// start on a single RFD with EL, a frame from the wire, STAT/ACK
// acknowledged, the RFD cleared.
func benchRoundTrip(b *testing.B, p Personality) {
	r := newBenchRig(b, p)
	r.tcb(cbAt(0), CmdEL|CmdI, 0, frame(broadcastMAC, 60))
	r.rfd(rfdAt(0), CmdEL, 0, 1518)
	in := frame(r.d.IA(), 60)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.write(SCBPointer, 4, uint32(cbAt(0)))
		r.write(SCBCmd, 1, CUStart)
		r.m.Run()
		r.write(SCBPointer, 4, uint32(rfdAt(0)))
		r.write(SCBCmd, 1, RUStart)
		r.m.Run() // strict: the RU start must be accepted before the frame comes
		r.d.Receive(in)
		r.m.Run()
		r.write(SCBStatAck, 1, uint32(r.statack()))
		le.PutUint16(r.mem(rfdAt(0), 2), 0)
	}
	if s := r.d.Stats(); s.TXFrames != uint64(b.N) || s.RXFrames != uint64(b.N) {
		b.Fatalf("stats %+v after %d round trips", s, b.N)
	}
}

// BenchmarkRoundTripQEMU: everything inside the register writes and one
// "nic.ru" step.
func BenchmarkRoundTripQEMU(b *testing.B) { benchRoundTrip(b, QEMU) }

// BenchmarkRoundTripStrict: two acceptances, three CU steps and three RU
// steps per round trip.
func BenchmarkRoundTripStrict(b *testing.B) { benchRoundTrip(b, Strict) }

// BenchmarkDriverAccess is the ownership check on a driver write outside
// the lists while both units own blocks.
func BenchmarkDriverAccess(b *testing.B) {
	r := newBenchRig(b, Strict)
	for i := 0; i < 8; i++ {
		r.rfd(rfdAt(i), 0, rfdAt(i+1), 1518)
	}
	r.rfd(rfdAt(8), CmdEL, 0, 1518)
	r.command(RUStart, rfdAt(0))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.d.DriverAccess(dumpArea+uint64(i&0xFF), 4, true)
	}
}

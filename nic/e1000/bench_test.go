package e1000

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
	cfg := DefaultConfig(p)
	return &rig{t: b, m: m, d: New(m, cfg, nullWire{}), w: &recWire{}}
}

// prefillTX fills every descriptor of the ring with a 60-byte EOP|RS frame.
func (r *rig) prefillTX() {
	for i := uint32(0); i < r.n; i++ {
		r.fillTX(i, frame(broadcast, 60), txCmdEOP|txCmdRS)
	}
}

// BenchmarkTXQEMU is one frame per TDT write: fetch, buffer read, wire,
// write-back, TDH, interrupt causes, all inside the write.
func BenchmarkTXQEMU(b *testing.B) {
	r := newBenchRig(b, QEMU)
	r.setupTX(16)
	r.d.Write(IMS, TXDW)
	r.prefillTX()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.d.Write(TDT, uint32(i+1)%16)
		r.d.Read(ICR)
	}
}

// BenchmarkTXStrict is one frame per TDT write, moved by three "nic.tx"
// steps of the scheduler.
func BenchmarkTXStrict(b *testing.B) {
	r := newBenchRig(b, Strict)
	r.setupTX(16)
	r.d.Write(IMS, TXDW)
	r.prefillTX()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.d.Write(TDT, uint32(i+1)%16)
		r.m.Run()
		r.d.Read(ICR)
	}
}

func benchRX(b *testing.B, p Personality) {
	r := newBenchRig(b, p)
	r.setupRX(16, 0)
	r.d.Write(IMS, RXT0)
	r.m.Run() // past QEMU's RCTL blackout
	f := frame(DefaultMAC, 60)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.d.Receive(f)
		r.m.Run()
		r.d.Read(ICR)
		slot := (r.d.r.rd.tail + 1) % 16
		r.rxDesc(slot)[12] = 0
		r.d.Write(RDT, slot)
	}
}

// BenchmarkRX is one 60-byte frame from Receive into the ring, with the
// descriptor recycled xv6 style (QEMU: one step).
func BenchmarkRX(b *testing.B) { benchRX(b, QEMU) }

// BenchmarkRXStrict is BenchmarkRX through the packet buffer and three
// "nic.rx" steps.
func BenchmarkRXStrict(b *testing.B) { benchRX(b, Strict) }

// BenchmarkDriverAccess is the ownership check on a driver write outside
// the rings (the common case).
func BenchmarkDriverAccess(b *testing.B) {
	r := newBenchRig(b, Strict)
	r.setupTX(16)
	r.setupRX(16, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.d.DriverAccess(rxBufAddr+uint64(i&0xFF), 4, true)
	}
}

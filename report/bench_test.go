package report_test

import (
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/report"
	"github.com/nicsim/nicsim/sim"
)

// manyEvents emits n events shaped like a transmit-heavy run: lock,
// registers and descriptor memory on three CPUs, DMA, frames and the
// wire on the device side.
func manyEvents(n int) (*sim.Trace, []sim.Event) {
	m := sim.New(sim.Config{NCPU: 3, RAMSize: 64 << 10}, sim.NewTape(sim.NewSeedSource(1)))
	m.Trace.KeepAll(true)
	l := m.Lock(0x80001000, "e1000_lock")
	nic, wire := m.Source("nic.tx"), m.Source("wire")
	where := sim.Where{D: stringer("e1000_transmit")}
	for i := uint64(0); m.Trace.Count() < uint64(n); i++ {
		c := m.CPUs[i%3]
		src := c.Source()
		m.Acquire(c, l, where)
		m.Emit(src, guest.KindMMIORead, regTDT, i%16, 0)
		m.Emit(src, guest.KindMem, 0x80010000+16*(i%16), 16, 0)
		m.Emit(src, guest.KindMem, 0x80010000+16*(i%16), 16, 1)
		m.Emit(src, guest.KindFence, 0, 0, 0)
		m.Emit(src, guest.KindMMIOWrite, regTDT, (i+1)%16, 0)
		m.EmitS(nic, kDMARead, "TX desc", 0x80010000+16*(i%16), 16, 0)
		m.Emit(nic, kTXFrame, 74, i%16, 0)
		m.Emit(wire, kToPeer, 74, 0, 0)
		m.Emit(nic, kTDH, (i+1)%16, (i+1)%16, 0)
		m.Release(c, l, where)
	}
	return m.Trace, m.Trace.All()[:n]
}

// BenchmarkTimeline250k folds a quarter of a million events (what KeepAll
// keeps); the target, well under a second, lives here and not in a timed test.
func BenchmarkTimeline250k(b *testing.B) {
	tr, ev := manyEvents(250_000)
	b.ResetTimer()
	for b.Loop() {
		report.Timeline(tr, ev)
	}
	b.ReportMetric(float64(len(ev))*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mevents/s")
}

func BenchmarkWriteText(b *testing.B) {
	tr, ev := manyEvents(20_000)
	rows := report.Timeline(tr, ev)
	b.ResetTimer()
	for b.Loop() {
		report.WriteText(discard{}, rows, 0)
	}
}

func BenchmarkWriteHTML(b *testing.B) {
	tr, ev := manyEvents(20_000)
	rows := report.Timeline(tr, ev)
	b.ResetTimer()
	for b.Loop() {
		report.WriteHTML(discard{}, report.HTMLInput{Rows: rows})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

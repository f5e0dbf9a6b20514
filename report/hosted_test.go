package report_test

import (
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/report"
	"github.com/nicsim/nicsim/sim"
)

// kAt is guest/hosted's "at": the code address of the next event.
var kAt = sim.RegisterKind("at", func(e *sim.Event, sym func(uint64) string) string { return sym(e.A) })

// Hosted drivers' call/return name the entry point running on a CPU, and
// "at" events become the At of the next event instead of rows.
func TestHostedCallsAndSites(t *testing.T) {
	m := sim.New(sim.Config{NCPU: 2, RAMSize: 64 << 10}, sim.NewTape(sim.NewSeedSource(1)))
	m.Trace.Symbolize = func(pc uint64) string { return "e1000.c:104" }
	c0, c1 := m.CPUs[0].Source(), m.CPUs[1].Source()
	ev := []sim.Event{
		{Src: c0, Kind: guest.KindCall, S: "e1000_transmit"},
		{Src: c0, Kind: kAt, A: 0x1234},
		{Src: c1, Kind: guest.KindMem, A: 0x80010000, B: 16},
		{Src: c0, Kind: guest.KindMMIOWrite, A: regTDT, B: 1},
		{Src: c0, Kind: guest.KindRet, S: "e1000_transmit"},
		{Src: c0, Kind: guest.KindFence},
	}
	rows := report.Timeline(m.Trace, ev)
	want := []struct {
		index  int
		text   string
		fn, at string
		lane   report.Lane
		cpu    int
	}{
		{0, "call e1000_transmit", "e1000_transmit", "", report.LaneCPU, 0},
		{2, "mem read addr=0x80010000 len=16", "", "", report.LaneCPU, 1},
		{3, "mmio.write TDT=0x1", "e1000_transmit", "e1000.c:104", report.LaneCPU, 0},
		{4, "return e1000_transmit = 0", "e1000_transmit", "", report.LaneCPU, 0},
		{5, "fence", "", "", report.LaneCPU, 0},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows for %d events with one at, want %d", len(rows), len(ev), len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.Index != w.index || r.Text() != w.text || r.Func != w.fn || r.At != w.at || r.Lane != w.lane || r.CPU != w.cpu {
			t.Errorf("row %d: index %d %q func %q at %q lane %v cpu %d; want %d %q %q %q %v %d",
				i, r.Index, r.Text(), r.Func, r.At, r.Lane, r.CPU, w.index, w.text, w.fn, w.at, w.lane, w.cpu)
		}
	}
}

func TestSourceLanes(t *testing.T) {
	m := sim.New(sim.Config{NCPU: 1, RAMSize: 64 << 10}, sim.NewTape(sim.NewSeedSource(1)))
	cases := []struct {
		src  string
		lane report.Lane
		cpu  int
	}{
		{"cpu0", report.LaneCPU, 0}, {"cpu0.irq", report.LaneCPU, 0}, {"cpu12", report.LaneCPU, 12},
		{"nic", report.LaneNIC, -1}, {"nic.rx", report.LaneNIC, -1}, {"wire", report.LaneNIC, -1},
		{"sim", report.LaneOther, -1}, {"cpux", report.LaneOther, -1}, {"nicsim", report.LaneOther, -1},
	}
	for _, c := range cases {
		rows := report.Timeline(m.Trace, []sim.Event{{Src: m.Source(c.src), Kind: guest.KindFence}})
		if r := rows[0]; r.Lane != c.lane || r.CPU != c.cpu {
			t.Errorf("source %s: lane %v cpu %d, want %v %d", c.src, r.Lane, r.CPU, c.lane, c.cpu)
		}
	}
}

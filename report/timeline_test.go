package report_test

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/report"
	"github.com/nicsim/nicsim/sim"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func rigRows(t *testing.T, reentry bool) ([]report.Row, *sim.Verdict) {
	t.Helper()
	r := newRig(reentry)
	v := r.run()
	if reentry != !v.Pass() {
		t.Fatalf("verdict %v, want failure %v", v, reentry)
	}
	return report.Timeline(r.m.Trace, r.m.Trace.All()), v
}

// find returns the index of the first row at or after from that matches.
func find(t *testing.T, rows []report.Row, from int, src, text string) int {
	t.Helper()
	for i := from; i < len(rows); i++ {
		if rows[i].Src == src && strings.HasPrefix(rows[i].Text(), text) {
			return i
		}
	}
	t.Fatalf("no row %s %q after row %d", src, text, from)
	return -1
}

func TestLanes(t *testing.T) {
	rows, _ := rigRows(t, false)
	for _, r := range rows {
		want, cpu := report.LaneNIC, -1
		switch r.Src {
		case "cpu0", "cpu1":
			want, cpu = report.LaneCPU, int(r.Src[3]-'0')
		case "nic.tx", "wire":
		default:
			t.Errorf("row %d: unexpected source %s", r.Index, r.Src)
		}
		if r.Lane != want || r.CPU != cpu {
			t.Errorf("row %d %s %s: lane %v cpu %d, want %v cpu %d", r.Index, r.Src, r.Kind, r.Lane, r.CPU, want, cpu)
		}
	}
}

func TestLocksHeld(t *testing.T) {
	rows, _ := rigRows(t, false)
	acq := find(t, rows, 0, "cpu0", "acquire e1000_lock")
	rel := find(t, rows, acq, "cpu0", "release e1000_lock")
	held := []report.Hold{{Lock: "e1000_lock", Key: 0x80001000, CPU: 0}}
	for i := acq; i < rel; i++ {
		if got := holders(rows[i].Locks); !slices.Equal(got, held) {
			t.Errorf("row %d %s %s: locks %v, want %v", i, rows[i].Src, rows[i].Text(), got, held)
		}
	}
	spin := find(t, rows, acq, "cpu1", "spin e1000_lock held by cpu0")
	want := "e1000_lock@cpu0 (cpu1 spins)"
	if got := report.LocksText(rows[spin].Locks); got != want {
		t.Errorf("at cpu1's spin, locks %q, want %q", got, want)
	}
	if got := report.LocksText(rows[rel].Locks); got != "(cpu1 spins on e1000_lock)" {
		t.Errorf("after cpu0's release, locks %q, want cpu1 still spinning", got)
	}
	if n := len(rows[len(rows)-1].Locks); n != 0 {
		t.Errorf("at the end, %d locks held, want 0", n)
	}
}

func holders(hs []report.Hold) []report.Hold {
	return slices.DeleteFunc(slices.Clone(hs), func(h report.Hold) bool { return h.Spin })
}

func TestRingHeadTail(t *testing.T) {
	rows, _ := rigRows(t, false)
	first := rows[0]
	if first.TX.Known() || first.TX.Size != 8 {
		t.Errorf("after the TDLEN write, TX %+v, want size 8, head and tail unknown", first.TX)
	}
	checks := []struct {
		src, text string
		tx, rx    report.Ring
	}{
		{"cpu0", "mmio.write RDT=0x7", report.Ring{Head: 0, Tail: 0, Size: 8}, report.Ring{Head: 0, Tail: 7, Size: 8}},
		{"cpu0", "mmio.write TDT=0x1", report.Ring{Head: 0, Tail: 1, Size: 8}, report.Ring{Head: 0, Tail: 7, Size: 8}},
		{"nic.tx", "tdh", report.Ring{Head: 1, Tail: 1, Size: 8}, report.Ring{Head: 0, Tail: 7, Size: 8}},
		{"cpu1", "mmio.write TDT=0x2", report.Ring{Head: 1, Tail: 2, Size: 8}, report.Ring{Head: 0, Tail: 7, Size: 8}},
		{"nic.tx", "tdh", report.Ring{Head: 2, Tail: 2, Size: 8}, report.Ring{Head: 0, Tail: 7, Size: 8}},
	}
	at := 0
	for _, c := range checks {
		at = find(t, rows, at, c.src, c.text)
		if r := rows[at]; r.TX != c.tx || r.RX != c.rx {
			t.Errorf("row %d %s %s: TX %+v RX %+v, want %+v %+v", at, r.Src, r.Text(), r.TX, r.RX, c.tx, c.rx)
		}
		at++
	}
	if q := rows[find(t, rows, 0, "cpu0", "mmio.write TDT=0x1")].TX.Queued(); q != 1 {
		t.Errorf("after TDT=1, %d descriptors queued, want 1", q)
	}
}

// Reads fill in what is unknown but do not override a head the device
// reported (a strict device's TDH reads are not reliable).
func TestRingReads(t *testing.T) {
	m := sim.New(sim.Config{NCPU: 1, RAMSize: 64 << 10}, sim.NewTape(sim.NewSeedSource(1)))
	cpu, nic := m.CPUs[0].Source(), m.Source("nic.tx")
	ev := []sim.Event{
		{Src: cpu, Kind: guest.KindMMIORead, A: regTDH, B: 3},
		{Src: cpu, Kind: guest.KindMMIORead, A: regTDT, B: 5},
		{Src: nic, Kind: kTDH, A: 4, B: 5},
		{Src: cpu, Kind: guest.KindMMIORead, A: regTDH, B: 5},
		{Src: nic, Kind: kRDH, A: 2, B: 9},
	}
	rows := report.Timeline(m.Trace, ev)
	want := []report.Ring{{3, -1, -1}, {3, 5, -1}, {4, 5, -1}, {4, 5, -1}, {4, 5, -1}}
	for i, r := range rows {
		if r.TX != want[i] {
			t.Errorf("row %d %s: TX %+v, want %+v", i, r.Text(), r.TX, want[i])
		}
	}
	if got := rows[4].RX; got != (report.Ring{Head: 2, Tail: 9, Size: -1}) {
		t.Errorf("after rdh, RX %+v, want 2/9", got)
	}
}

func TestInterruptContext(t *testing.T) {
	rows, _ := rigRows(t, false)
	in, traps := false, 0
	for i, r := range rows {
		switch {
		case r.Src == "cpu0" && r.Kind == "trap":
			in, traps = true, traps+1
		case r.Src == "cpu0" && r.Kind == "trap.done":
			in = false
		}
		if got := r.InIntr(0); got != in {
			t.Errorf("row %d %s %s: cpu0 in interrupt %v, want %v", i, r.Src, r.Text(), got, in)
		}
		if r.InIntr(1) {
			t.Errorf("row %d: cpu1 in interrupt, want never", i)
		}
	}
	if traps != 2 || in {
		t.Errorf("%d interrupts, the last one ends %v; want 2 that end", traps, !in)
	}
	mmio := find(t, rows, find(t, rows, 0, "cpu0", "trap"), "cpu0", "mmio.read ICR")
	if !rows[mmio].InIntr(0) {
		t.Errorf("the handler's ICR read is not in interrupt context")
	}
}

func TestVerdictRow(t *testing.T) {
	rows, v := rigRows(t, true)
	all := report.WithVerdict(rows, v)
	last := all[len(all)-1]
	if len(all) != len(rows)+1 || last.Kind != report.KindFail || last.Lane != report.LaneCPU || last.CPU != 0 {
		t.Fatalf("verdict row %+v, want a FAIL row on cpu0", last)
	}
	if got, want := report.LocksText(last.Locks), "e1000_lock@cpu0 (cpu1 spins)"; got != want {
		t.Errorf("at the failure, locks %q, want %q", got, want)
	}
	if !last.InIntr(0) {
		t.Error("the failure happened in cpu0's interrupt handler; the row says not")
	}
	if p := report.WithVerdict(rows, &sim.Verdict{Class: sim.ClassPass}); len(p) != len(rows) {
		t.Errorf("a pass added %d rows", len(p)-len(rows))
	}
}

func TestTextGolden(t *testing.T) {
	rows, v := rigRows(t, true)
	var b strings.Builder
	if err := report.WriteText(&b, report.WithVerdict(rows, v), 140); err != nil {
		t.Fatal(err)
	}
	golden(t, "reentry.golden", b.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./report -run %s -update to accept):\n%s", path, t.Name(), got)
	}
}

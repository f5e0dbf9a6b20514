package report_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/report"
)

// huntBug runs the Go model driver with a planted bug until a seed fails,
// keeping every event, as nicsim hunt records a failure.
func huntBug(t *testing.T, bug string) (*harness.Result, *harness.Config) {
	t.Helper()
	for seed := uint64(1); seed <= 50; seed++ {
		c := harness.Config{Driver: "model:xv6", Bug: bug, Seed: seed, KeepTrace: true}
		c.Defaults()
		tg, err := harness.Open(&c)
		if err != nil {
			t.Fatal(err)
		}
		r, err := harness.Run(tg, &c, harness.Options{})
		tg.Close()
		if err != nil {
			t.Fatal(err)
		}
		if r.Failed() {
			return r, &c
		}
	}
	t.Fatalf("bug %s found by no seed in 1..50: the planted bug or the hunt broke", bug)
	return nil, nil
}

// On a real run, the timeline agrees with the device's own events and the
// lock model: every tdh/rdh row shows the head and tail it reports, and the
// failure lands on the CPU that re-entered, which holds e1000_lock.
func TestHarnessRun(t *testing.T) {
	r, c := huntBug(t, "arp-reentrant")
	tr := r.Machine.Trace
	rows := report.Timeline(tr, report.Events(tr))
	t.Logf("seed %d: %s after %d events", c.Seed, r.Verdict.Class, len(rows))
	if uint64(len(rows)) != tr.Count() {
		t.Fatalf("%d rows for %d events", len(rows), tr.Count())
	}
	for _, row := range rows {
		g, head, tail := row.TX, "TDH", "TDT"
		if row.Kind == "rdh" {
			g, head, tail = row.RX, "RDH", "RDT"
		}
		want := fmt.Sprintf("%s=%d %s=%d", head, g.Head, tail, g.Tail)
		if (row.Kind == "tdh" || row.Kind == "rdh") && row.Args() != want {
			t.Errorf("row %d %s: ring state %s", row.Index, row.Text(), report.RingText(g))
		}
		if row.TX.Size != int32(c.Ring) && row.Index > 200 {
			t.Fatalf("row %d: TX ring of %d, want %d", row.Index, row.TX.Size, c.Ring)
		}
	}
	all := report.WithVerdict(rows, r.Verdict)
	fail := all[len(all)-1]
	if fail.Lane != report.LaneCPU || !slices.ContainsFunc(fail.Locks, func(h report.Hold) bool {
		return h.Lock == "e1000_lock" && h.CPU == fail.CPU && !h.Spin
	}) {
		t.Errorf("failure row on cpu%d with locks %s; want the re-entering CPU holding e1000_lock", fail.CPU, report.LocksText(fail.Locks))
	}
	if out := os.Getenv("NICSIM_HTML"); out != "" {
		in := report.HTMLInput{Verdict: r.Verdict, Rows: rows, Banner: report.Banner{Driver: c.Driver, Scenario: c.Scenario,
			Personality: c.Personality, Strategy: c.Strategy, Seed: c.Seed, Params: c.Params(),
			Replay: "nicsim replay testdata/nicsim/ping-lock-reentry-1.replay"}}
		if err := report.WriteFiles(strings.TrimSuffix(out, ".html"), in); err != nil {
			t.Fatal(err)
		}
	}
}

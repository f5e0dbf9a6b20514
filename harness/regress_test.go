package harness

import (
	"flag"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/sim"
)

var update = flag.Bool("update", false, "rewrite the trace hashes of testdata/nicsim/*.replay after an intended change of the trace")

// TestRegressions replays every committed failure under
// testdata/nicsim/ and checks it still fails the same way with the same
// trace hash. A fixed bug becomes a replay file here.
func TestRegressions(t *testing.T) {
	files, err := filepath.Glob("../testdata/nicsim/*.replay")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no replay files under testdata/nicsim/")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := corpus.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			c, ds, err := FromFile(f)
			if err != nil {
				t.Fatal(err)
			}
			tg, err := Open(c)
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			r, err := Run(tg, c, Options{Tape: sim.NewReplayTape(ds, sim.NewSeedSource(c.Seed)), Record: true})
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict.Class != f.Verdict {
				t.Fatalf("verdict %s, want %s: %s", r.Verdict.Class, f.Verdict, r.Verdict.Message)
			}
			sameDriver := f.DriverHash == "-" || f.DriverHash == tg.Hash()
			got := fmt.Sprintf("%016x", r.TraceHash)
			switch {
			case *update && got != f.TraceHash:
				f.TraceHash, f.Steps, f.DriverHash = got, r.Steps, tg.Hash()
				if err := f.Save(path); err != nil {
					t.Fatal(err)
				}
			case sameDriver && f.TraceHash != "" && got != f.TraceHash:
				t.Errorf("trace hash %s, want %s: the run's events changed (if on purpose, rerun with -update)", got, f.TraceHash)
			}
		})
	}
}

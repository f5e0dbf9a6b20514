package debugger

import (
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkOpenToFinding opens a replay of a zoo mutant (building or
// loading the image, indexing the run), jumps to the finding and one row
// back (one more re-execution). The target is well under 1 s per op.
func BenchmarkOpenToFinding(b *testing.B) {
	for _, path := range []string{arpReplay, txDDReplay} {
		b.Run(strings.TrimSuffix(filepath.Base(path), ".replay"), func(b *testing.B) {
			for b.Loop() {
				e, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := e.Exec("finding"); err != nil {
					b.Fatal(err)
				}
				if _, err := e.Exec("back 2"); err != nil {
					b.Fatal(err)
				}
				e.Close()
			}
		})
	}
}

// BenchmarkStepBack is one step back: a re-execution from the start to the
// step before.
func BenchmarkStepBack(b *testing.B) {
	e, err := Open(txDDReplay)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	e.cur = len(e.rows) - 1
	k := e.Steps() - 20
	for b.Loop() {
		delete(e.cache, k)
		e.order = e.order[:0]
		if _, err := e.Snapshot(k); err != nil {
			b.Fatal(err)
		}
	}
}

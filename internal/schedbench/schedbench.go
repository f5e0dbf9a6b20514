// Package schedbench measures whole schedules of a harness configuration
// for the benchmarks of several packages (harness, guest/xv6/grade).
package schedbench

import (
	"testing"

	"github.com/nicsim/nicsim/harness"
)

// Run opens c (with its defaults) and runs b.N schedules of it, seeds
// seed0, seed0+1, ...; a schedule that fails fails the benchmark. It
// reports schedules/s, Msteps/s and steps/schedule.
func Run(b *testing.B, c harness.Config, seed0 uint64) {
	b.Helper()
	c.Defaults()
	tg, err := harness.Open(&c)
	if err != nil {
		b.Fatal(err)
	}
	defer tg.Close()
	var steps uint64
	for i := 0; i < b.N; i++ {
		c.Seed = seed0 + uint64(i)
		r, err := harness.Run(tg, &c, harness.Options{})
		if err != nil || r.Failed() {
			b.Fatalf("seed %d: %v %v", c.Seed, err, r.Verdict)
		}
		steps += r.Steps
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "schedules/s")
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds()/1e6, "Msteps/s")
	b.ReportMetric(float64(steps)/float64(b.N), "steps/schedule")
}

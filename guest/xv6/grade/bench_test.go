package grade_test

import (
	"testing"

	"github.com/nicsim/nicsim/harness"
)

// BenchmarkGrader measures whole schedules of each lab's grader scenario
// with its reference driver (hosted C), in both personalities; compare
// harness's BenchmarkPing.
func BenchmarkGrader(b *testing.B) {
	for _, d := range []struct{ drv, sc string }{{"ref:xv6", "nettests"}, {"ref:xv6-2024", "nettest"}} {
		for _, pers := range []string{"qemu", "strict"} {
			b.Run(d.sc+"/"+pers, func(b *testing.B) {
				c := harness.Config{Driver: d.drv, Scenario: d.sc, Personality: pers}
				c.Defaults()
				tg, err := harness.Open(&c)
				if err != nil {
					b.Fatal(err)
				}
				defer tg.Close()
				var steps uint64
				for i := 0; i < b.N; i++ {
					c.Seed = uint64(i + 1)
					r, err := harness.Run(tg, &c, harness.Options{})
					if err != nil || r.Failed() {
						b.Fatalf("seed %d: %v %v", i, err, r.Verdict)
					}
					steps += r.Steps
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "schedules/s")
				b.ReportMetric(float64(steps)/float64(b.N), "steps/schedule")
			})
		}
	}
}

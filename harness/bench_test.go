package harness

import "testing"

// BenchmarkPing measures whole ping schedules at the standard size (64 TX +
// 64 RX, ring of 16) with the Go model driver.
func BenchmarkPing(b *testing.B) {
	for _, pers := range []string{"qemu", "strict"} {
		b.Run(pers, func(b *testing.B) {
			c := Config{Driver: "model:xv6", Personality: pers}
			c.Defaults()
			tg, err := Open(&c)
			if err != nil {
				b.Fatal(err)
			}
			var steps uint64
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				c.Seed = uint64(i)
				r, err := Run(tg, &c, Options{})
				if err != nil || r.Failed() {
					b.Fatalf("seed %d: %v %v", i, err, r.Verdict)
				}
				steps += r.Steps
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "schedules/s")
			b.ReportMetric(float64(steps)/b.Elapsed().Seconds()/1e6, "Msteps/s")
			b.ReportMetric(float64(steps)/float64(b.N), "steps/schedule")
		})
	}
}

// BenchmarkJOSLab measures whole schedules of the JOS lab's grader
// scenarios on the hand-written lab: the user environments' coroutines, and
// their pages copied between RAM and their addresses.
func BenchmarkJOSLab(b *testing.B) {
	for _, sc := range []string{"testinput", "testoutput"} {
		b.Run(sc, func(b *testing.B) {
			c := Config{Driver: handlab, Scenario: sc, Personality: "qemu"}
			c.Defaults()
			tg, err := Open(&c)
			if err != nil {
				b.Fatal(err)
			}
			defer tg.Close()
			var steps uint64
			for i := 0; i < b.N; i++ {
				c.Seed = uint64(i + 1)
				r, err := Run(tg, &c, Options{})
				if err != nil || r.Failed() {
					b.Fatalf("seed %d: %v %v", i+1, err, r.Verdict)
				}
				steps += r.Steps
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "schedules/s")
			b.ReportMetric(float64(steps)/float64(b.N), "steps/schedule")
		})
	}
}

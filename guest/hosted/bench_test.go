package hosted

import (
	"os"
	"testing"
	"time"

	"github.com/nicsim/nicsim/sim"
)

// BenchmarkDecisions measures scheduling decisions (steps) per second of
// wall time with the hosted reference driver: init, 1000 transmits and 50
// received packets answered from net_rx, on 2 CPUs.
func BenchmarkDecisions(b *testing.B) {
	for _, a := range abis {
		b.Run(a.name, func(b *testing.B) {
			h := host(b, "ref:"+a.name)
			frames := make([][]byte, 1000)
			for i := range frames {
				frames[i] = testFrame(i, 60+i%1400)
			}
			var steps uint64
			start := time.Now()
			for i := 0; i < b.N; i++ {
				m := sim.New(h.Config(sim.Config{NCPU: 2}), sim.NewTape(sim.NewSeedSource(uint64(i))))
				m.Tape.SetRecording(false)
				r := rigOn(h, m)
				r.proc.frames = frames
				r.net.reply = arpReply
				for j := 0; j < 50; j++ {
					r.injectAt(sim.Time(10+j)*sim.Microsecond, testFrame(j, 64))
				}
				if v := m.Run(); !v.Pass() {
					b.Fatal(v)
				}
				steps += m.Steps()
			}
			el := time.Since(start).Seconds()
			b.ReportMetric(float64(steps)/el, "decisions/s")
			b.ReportMetric(el*1e9/float64(steps), "ns/decision")
		})
	}
}

// BenchmarkBuild measures Build with an empty cache (cold) and a full one (warm).
func BenchmarkBuild(b *testing.B) {
	src := variant(b, "ref:xv6", "#define TX_RING_SIZE 16", "#define TX_RING_SIZE 16 /* bench */")
	b.Run("cold", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			dir, err := os.MkdirTemp("", "nicsim-bench-cache-")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Build(src, "e1000.c", Options{CacheDir: dir, Kit: testKit("xv6")}); err != nil {
				b.Fatal(err)
			}
			os.RemoveAll(dir)
		}
	})
	b.Run("driver-only", func(b *testing.B) { // runtime objects cached, image not
		dir := b.TempDir()
		for i := 0; i < b.N; i++ {
			s := append(append([]byte{}, src...), []byte("\n/* "+time.Now().String()+" */\n")...)
			if _, err := Build(s, "e1000.c", Options{CacheDir: dir, Kit: testKit("xv6")}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		dir := b.TempDir()
		if _, err := Build(src, "e1000.c", Options{CacheDir: dir, Kit: testKit("xv6")}); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			img, err := Build(src, "e1000.c", Options{CacheDir: dir, Kit: testKit("xv6")})
			if err != nil || !img.Cached {
				b.Fatal(err, img.Cached)
			}
		}
	})
}

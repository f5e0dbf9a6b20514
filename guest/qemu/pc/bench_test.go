package pc

import (
	"context"
	"testing"

	"github.com/nicsim/nicsim/guest/eth"
)

// BenchmarkRun measures the wall time of one run of each reference driver:
// boot QEMU, the workload with the peer, verdict, kill. The build is cached
// and excluded.
func BenchmarkRun(b *testing.B) {
	needTools(b)
	for _, name := range eth.Drivers {
		b.Run(name, func(b *testing.B) {
			elf, err := Build(BuildConfig{DriverName: name})
			if err != nil {
				b.Fatal(err)
			}
			var boot float64
			for b.Loop() {
				res, err := Run(context.Background(), RunConfig{ELF: elf})
				if err != nil {
					b.Fatal(err)
				}
				if res.Verdict.Class != Pass {
					b.Fatalf("verdict %v", res.Verdict)
				}
				boot += float64(res.BootWall.Milliseconds())
			}
			b.ReportMetric(boot/float64(b.N), "boot-ms/op")
		})
	}
}

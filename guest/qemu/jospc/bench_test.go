package jospc

import (
	"context"
	"testing"
)

// BenchmarkRun measures the wall time of one run of the reference driver:
// boot QEMU, attach, the workload with the peer, verdict, kill. The build is
// cached and excluded.
func BenchmarkRun(b *testing.B) {
	needTools(b)
	img, err := Build(BuildConfig{DriverName: "ref:jos"})
	if err != nil {
		b.Fatal(err)
	}
	var boot float64
	for b.Loop() {
		res, err := Run(context.Background(), RunConfig{Image: img})
		if err != nil {
			b.Fatal(err)
		}
		if res.Verdict.Class != Pass {
			b.Fatalf("verdict %v", res.Verdict)
		}
		boot += float64(res.BootWall.Milliseconds())
	}
	b.ReportMetric(boot/float64(b.N), "boot-ms/op")
}

package qemu

import (
	"context"
	"testing"
)

// BenchmarkQEMUPing measures the wall time of one replay: boot QEMU, 20 pings
// through the reference driver and the peer, verdict, kill. The build is cached
// and excluded.
func BenchmarkQEMUPing(b *testing.B) {
	needTools(b)
	for _, name := range []string{"ref:xv6", "ref:xv6-2024", "zoo:xv6/arp-reentrant"} {
		b.Run(name, func(b *testing.B) {
			elf := build(b, name)
			var boot float64
			for b.Loop() {
				res, err := Run(context.Background(), RunConfig{ELF: elf, Scenario: Scenario{Pings: 20}})
				if err != nil {
					b.Fatal(err)
				}
				if res.Verdict.Class != Pass && res.Verdict.Class != Panic {
					b.Fatalf("verdict %v", res.Verdict)
				}
				boot += float64(res.BootWall.Milliseconds())
			}
			b.ReportMetric(boot/float64(b.N), "boot-ms/op")
		})
	}
}

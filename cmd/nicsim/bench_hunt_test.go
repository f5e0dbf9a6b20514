package main

import (
	"testing"
)

// BenchmarkHunt2000 is a hunt of 2,000 schedules of ping (a default hunt
// runs the lab's grader scenario too, with as many again) of a driver with
// several distinct bugs (the zoo's tx-no-lock: lost, duplicated and
// use-after-free frames under QEMU, ownership, fences and DMA faults under
// strict, hangs), each of the first five found, tiered and shrunk, with C
// worker processes as the CLI runs them. The target is under 15 s on a
// 2-core machine.
func BenchmarkHunt2000(b *testing.B) {
	for b.Loop() {
		code, out, errs := runCLIb(b, "hunt", "--driver", "zoo:xv6/tx-no-lock", "--seeds", "2000",
			"--scenario", "ping", "--max-findings", "5", "--json", "--out", b.TempDir())
		s := lastHuntB(b, out)
		if code != exitFail || len(s.Findings) != 5 {
			b.Fatalf("exit %d, %d findings, want 1 and 5\n%s%s", code, len(s.Findings), out, errs)
		}
		b.ReportMetric(float64(len(s.Findings)), "findings")
		b.ReportMetric(float64(s.TierRuns), "tier-runs")
	}
}

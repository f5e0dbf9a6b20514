package grade_test

import (
	"testing"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/internal/schedbench"
)

// BenchmarkGrader measures whole schedules of each lab's grader scenario
// with its reference driver (hosted C), in both personalities; compare
// harness's BenchmarkPing.
func BenchmarkGrader(b *testing.B) {
	for _, d := range []struct{ drv, sc string }{{"ref:xv6", "nettests"}, {"ref:xv6-2024", "nettest"}} {
		for _, pers := range []string{"qemu", "strict"} {
			b.Run(d.sc+"/"+pers, func(b *testing.B) {
				schedbench.Run(b, harness.Config{Driver: d.drv, Scenario: d.sc, Personality: pers}, 1)
			})
		}
	}
}

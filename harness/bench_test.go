package harness_test

import (
	"testing"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/internal/schedbench"
)

// BenchmarkPing measures whole ping schedules at the standard size (64 TX +
// 64 RX, ring of 16) with the Go model driver.
func BenchmarkPing(b *testing.B) {
	for _, pers := range []string{"qemu", "strict"} {
		b.Run(pers, func(b *testing.B) {
			b.ReportAllocs()
			schedbench.Run(b, harness.Config{Driver: "model:xv6", Personality: pers}, 0)
		})
	}
}

// BenchmarkJOSLab measures whole schedules of the JOS lab's grader
// scenarios on the hand-written lab: the user environments' coroutines, and
// their pages copied between RAM and their addresses.
func BenchmarkJOSLab(b *testing.B) {
	for _, sc := range []string{"testinput", "testoutput"} {
		b.Run(sc, func(b *testing.B) {
			schedbench.Run(b, harness.Config{Driver: "../guest/jos/testdata/handlab", Scenario: sc, Personality: "qemu"}, 1)
		})
	}
}

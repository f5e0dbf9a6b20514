package ring

import (
	"testing"

	"pgregory.net/rapid"
)

// TestRingMachine runs a driver and a device against one ring and checks,
// after every action, that ring arithmetic and Tracker agree with a slice
// model. Sizes run from 1 to 64 and the indices start at an arbitrary slot,
// so that short runs still wrap.
func TestRingMachine(t *testing.T) {
	rapid.Check(t, checkRingMachine)
}

func checkRingMachine(t *rapid.T) {
	size := rapid.IntRange(1, 64).Draw(t, "size")
	start := rapid.IntRange(0, size-1).Draw(t, "start")
	g := newRig(Count(size), Index(start))
	burst := rapid.IntRange(1, size+1)
	t.Repeat(map[string]func(*rapid.T){
		"post":     func(t *rapid.T) { g.post(t) },
		"complete": func(t *rapid.T) { g.complete(t) },
		"reclaim":  func(t *rapid.T) { g.reclaim(t) },
		"postBurst": func(t *rapid.T) {
			for range burst.Draw(t, "n") {
				g.post(t)
			}
		},
		"completeBurst": func(t *rapid.T) {
			for range burst.Draw(t, "n") {
				g.complete(t)
			}
		},
		"reclaimBurst": func(t *rapid.T) {
			for range burst.Draw(t, "n") {
				g.reclaim(t)
			}
		},
		"probe": func(t *rapid.T) {
			g.probe(t, Index(rapid.IntRange(0, size+1).Draw(t, "slot")))
		},
		"reset": func(t *rapid.T) { g.reset() },
		"":      func(t *rapid.T) { g.check(t) },
	})
}

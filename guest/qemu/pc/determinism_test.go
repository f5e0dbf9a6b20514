package pc

import (
	"context"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/eth"
)

// TestLockstepDeterministic: in lockstep every frame reaches an idle guest
// whose virtual time stands still, so each reference driver prints the same
// console in every run (frames, callbacks, retries and all).
func TestLockstepDeterministic(t *testing.T) {
	needTools(t)
	for _, name := range eth.Drivers {
		t.Run(name, func(t *testing.T) {
			elf, err := Build(BuildConfig{DriverName: name})
			if err != nil {
				t.Fatal(err)
			}
			var first string
			for i := 0; i < 3; i++ {
				res, err := Run(context.Background(), RunConfig{ELF: elf, Lockstep: true})
				if err != nil {
					t.Fatal(err)
				}
				if res.Verdict.Class != Pass {
					t.Fatalf("run %d: verdict %v, want pass\n%s", i, res.Verdict, res.Console)
				}
				t.Logf("run %d: %v in %v", i, res.Verdict, res.Wall)
				// up to the verdict: what follows "done" depends on when QEMU is killed
				console, _, _ := strings.Cut(res.Console, "nicsim: done")
				if i == 0 {
					first = console
				} else if console != first {
					t.Fatalf("run %d printed another console:\n%s\nthan run 0:\n%s", i, console, first)
				}
			}
		})
	}
}

package pc

import (
	"context"
	"testing"

	"github.com/nicsim/nicsim/guest/eth"
)

// TestEthZooUnderQEMU boots every expressible mutant of the eth zoo under
// QEMU's i82557b: those tagged "qemu: yes" fail there, those tagged "no"
// pass (the bug shows only on silicon), as the simulator's qemu
// personality says. "sometimes" is not checked.
func TestEthZooUnderQEMU(t *testing.T) {
	needTools(t)
	ms, err := eth.Mutants()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Needs != "" || m.QEMU == "sometimes" {
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			files, err := eth.ApplyMutant(m)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), RunConfig{Build: BuildConfig{Driver: files}, Lockstep: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s (qemu: %s): %v", m.Name, m.QEMU, res.Verdict)
			if got := res.Verdict.Class != Pass; got != (m.QEMU == "yes") {
				t.Errorf("%s is tagged qemu: %s, but QEMU gives %v", m.Name, m.QEMU, res.Verdict)
			}
		})
	}
}

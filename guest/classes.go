package guest

import (
	"fmt"
	"slices"

	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// MarkStackOverrun starts the message of a crash in which the driver wrote
// past the top of its stack (a local array indexed past its end, writing up
// through its callers' frames), as the hosting layer words it; kernels
// explain it apart from other crashes (diag.RegisterMarker).
const MarkStackOverrun = "stack buffer overrun: a write in"

// VerdictClasses are the classes of findings nicsim can report, as the
// registries know them: sim's, then each registered device's and each
// registered kernel's own, once each.
func VerdictClasses() []string {
	out := sim.Classes()
	add := func(cs []string) {
		for _, c := range cs {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	for _, m := range nic.Models() {
		add(m.Classes)
	}
	for _, k := range Kernels() {
		add(k.Classes)
	}
	return out
}

// CheckMutant checks the tags of a mutant of kernel k's zoo against the
// registries: its verdict and strict classes must be ones nicsim reports
// ([VerdictClasses]), its scenario one of k's.
func CheckMutant(k *KernelModel, m csrc.Mutant) error {
	if err := m.Check(VerdictClasses(), k.Scenarios); err != nil {
		return fmt.Errorf("%s: %w", m.Name, err)
	}
	return nil
}

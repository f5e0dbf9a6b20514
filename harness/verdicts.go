package harness

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

// verdictsOf lists the failures a run found: its verdict, and any found
// alongside it (a run stops at its first failure, but a check made when it
// stops may name a second bug; each is a finding of its own).
func verdictsOf(r *Result) []*sim.Verdict {
	if !r.Failed() {
		return nil
	}
	if r.Leak != nil {
		return []*sim.Verdict{r.Verdict, r.Leak}
	}
	return []*sim.Verdict{r.Verdict}
}

// matching is the failure of r with signature sig, or nil: the "same bug"
// test of exploration, confirmation, the tier search and shrinking.
func matching(r *Result, sig diag.Signature) *sim.Verdict {
	for _, v := range verdictsOf(r) {
		if diag.SignatureOf(v) == sig {
			return v
		}
	}
	return nil
}

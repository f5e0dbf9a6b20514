package harness

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// The tier of a finding is measured, not looked up: a bounded search for
// the same signature in the configurations of the more severe tiers (lab:
// the qemu personality without faults; hardware: strict without faults),
// starting from the finding's own schedule (its decisions, less the fault
// draws), then nearby seeds under each strategy of the portfolio.

// tierFound is the outcome of a tier search.
type tierFound struct {
	tier  diag.Tier
	cfg   Config
	found *Result // the run that showed the signature in tier, recorded; nil if none
	runs  int
}

// tierSearch looks for sig in the tiers more severe than from, most severe
// first, spending at most TierBudget runs on each.
func (h *Hunt) tierSearch(t Target, c Config, ds []sim.Decision, sig diag.Signature, from diag.Tier) (tierFound, error) {
	budget := h.TierBudget
	if budget <= 0 {
		budget = 24
	}
	out := tierFound{tier: from}
	for _, tier := range []diag.Tier{diag.Lab, diag.Hardware} {
		if tier >= from {
			break
		}
		cc := c
		cc.Swarm = false
		cc.Personality = map[diag.Tier]nic.Personality{diag.Lab: nic.QEMU, diag.Hardware: nic.Strict}[tier].String()
		for k := 0; k < budget; k++ {
			r, try, err := tierRun(t, cc, ds, k, sig)
			if err != nil {
				return out, err
			}
			out.runs++
			if r != nil {
				out.tier, out.cfg, out.found = tier, try, r
				return out, nil
			}
		}
	}
	return out, nil
}

// tierRun runs the k-th try and returns it if it fails with sig and no
// faults. A hang is looked for with a short step budget (every try that
// hangs spends all of it) and confirmed with the full one.
func tierRun(t Target, c Config, ds []sim.Decision, k int, sig diag.Signature) (*Result, Config, error) {
	budgets := []uint64{c.MaxSteps}
	if sig.Class() == sim.ClassLivelock {
		budgets = []uint64{max(livelockSteps, 1000*uint64(c.Packets)), c.MaxSteps}
	}
	var (
		r   *Result
		try Config
	)
	for _, b := range budgets {
		var tape *sim.Tape
		try, tape = tierTry(c, ds, k)
		try.MaxSteps = b
		var err error
		if r, err = Run(t, &try, Options{Tape: tape, Record: true}); err != nil {
			return nil, try, err
		}
		if r.Faults != "none" || matching(r, sig) == nil {
			return nil, try, nil
		}
	}
	return r, try, nil
}

// tierTry is the k-th try of a tier search from c: first the finding's own
// decisions without its fault draws, then the next seeds under each
// strategy of the portfolio.
func tierTry(c Config, ds []sim.Decision, k int) (Config, *sim.Tape) {
	if k == 0 {
		var keep []sim.Decision
		for _, d := range ds {
			if d.Stream != sim.StreamFault {
				keep = append(keep, d)
			}
		}
		return c, sim.NewReplayTape(keep, sim.NewSeedSource(c.Seed))
	}
	k--
	c.Seed += uint64(k / len(portfolio))
	c.Strategy = portfolio[k%len(portfolio)]
	return c, nil
}

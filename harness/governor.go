package harness

import (
	"sync"

	"github.com/nicsim/nicsim/sim"
)

// A hunt that collects every finding runs every seed, and a hanging driver
// spends the whole step budget (2 million steps) on each seed that hangs.
// Once exploration has seen a hang, the governor shortens the budget of
// later runs to ten times the longest passing run so far (at least
// livelockSteps, and 1,000 steps per packet): a run that exceeds it is a
// hang sighting with a short budget, confirmed with the full budget before
// it becomes a finding.
type stepGovernor struct {
	mu      sync.Mutex
	maxPass uint64 // steps of the longest passing run
	hung    bool   // a hang was seen
}

// budget is the step budget of the next run of c (0: the full default).
func (g *stepGovernor) budget(c *Config) uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.hung {
		return 0
	}
	return max(livelockSteps, 10*g.maxPass, 1000*uint64(c.Packets))
}

// observe learns from a finished run.
func (g *stepGovernor) observe(r *Result) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case !r.Failed():
		g.maxPass = max(g.maxPass, r.Steps)
	case r.Verdict.Class == sim.ClassLivelock:
		g.hung = true
	}
}

// run runs the i-th seed of h under the governor; short reports a hang
// under a shortened budget.
func (g *stepGovernor) run(h *Hunt, t Target, i int) (*Result, bool, error) {
	c := h.SeedConfig(i)
	c.MaxSteps = g.budget(&c)
	r, err := Run(t, &c, Options{})
	if err != nil {
		return nil, false, err
	}
	g.observe(r)
	// Only a hang depends on the budget; any other run is the same run it
	// would be with the full one.
	return r, c.MaxSteps != 0 && r.Verdict.Class == sim.ClassLivelock, nil
}

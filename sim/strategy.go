package sim

import (
	"fmt"
	"slices"
)

// Strategy proposes which candidate steps next. cands[0] is the current
// actor when curOn is true. The proposal is recorded on the tape; during a
// replay the tape overrides it.
type Strategy interface {
	Choose(m *Machine, cands []ActorID, curOn bool) int
	Name() string
}

// RandomWalk picks uniformly among the enabled actors at every step.
type RandomWalk struct{}

// Choose implements [Strategy].
func (*RandomWalk) Choose(m *Machine, cands []ActorID, _ bool) int {
	return int(m.Tape.Source().Uint32n(StreamSched, uint32(len(cands))))
}

// Name implements [Strategy].
func (*RandomWalk) Name() string { return "random" }

// PCT is probabilistic concurrency testing with depth D: every actor gets a
// random priority when first seen, the highest-priority enabled actor runs,
// and at D-1 random steps the running actor drops below all others. A bug of
// depth d is found with probability at least 1/(n k^(d-1)).
type PCT struct {
	D int    // depth (1..3 are useful)
	K uint64 // expected run length in steps, for placing change points

	prio    [64]uint64
	seen    uint64
	changes []uint64 // sorted change points
	next    int      // first change point not yet applied
	started bool
}

// Name implements [Strategy].
func (p *PCT) Name() string { return fmt.Sprintf("pct:%d", p.D) }

func (p *PCT) start(m *Machine) {
	p.started = true
	k := p.K
	if k == 0 {
		k = 4000
	}
	p.changes = p.changes[:0]
	for i := 1; i < p.D; i++ {
		p.changes = append(p.changes, 1+uint64(m.Tape.Source().Uint32n(StreamStrategy, uint32(k))))
	}
	slices.Sort(p.changes)
}

// Choose implements [Strategy].
func (p *PCT) Choose(m *Machine, cands []ActorID, _ bool) int {
	if !p.started {
		p.start(m)
	}
	best := 0
	for i, a := range cands {
		if p.seen&(1<<a) == 0 {
			p.seen |= 1 << a
			// Initial priorities sit above the D-1 change-point priorities.
			p.prio[a] = uint64(p.D) + 1 + uint64(m.Tape.Source().Uint32n(StreamStrategy, 1<<30))<<6 | uint64(a)
		}
		if p.prio[a] > p.prio[cands[best]] {
			best = i
		}
	}
	for p.next < len(p.changes) && p.changes[p.next] <= m.steps {
		p.prio[cands[best]] = uint64(p.D-1-p.next) << 6
		p.next++
		best = 0
		for i, a := range cands {
			if p.prio[a] > p.prio[cands[best]] {
				best = i
			}
		}
	}
	return best
}

// StrategySpec is a strategy name parsed once; [StrategySpec.New] makes a
// fresh strategy for each run.
type StrategySpec struct {
	name string
	pct  int    // depth, for PCT
	irq  uint64 // N, for interrupt placement
}

// ParseStrategy parses a strategy name: "random", "pct" (depth 2), "pct:D"
// or "irq:N".
func ParseStrategy(name string) (StrategySpec, error) {
	switch name {
	case "random", "":
		return StrategySpec{name: "random"}, nil
	case "pct":
		return StrategySpec{name: name, pct: 2}, nil
	}
	var d int
	if _, err := fmt.Sscanf(name, "pct:%d", &d); err == nil && d >= 1 && d <= 8 && name == fmt.Sprintf("pct:%d", d) {
		return StrategySpec{name: name, pct: d}, nil
	}
	var n uint64
	if _, err := fmt.Sscanf(name, "irq:%d", &n); err == nil && name == fmt.Sprintf("irq:%d", n) {
		return StrategySpec{name: name, irq: n}, nil
	}
	return StrategySpec{}, fmt.Errorf("unknown strategy %q (want random, pct, pct:D with D in 1..8, or irq:N)", name)
}

// String is the strategy's name.
func (s StrategySpec) String() string { return s.name }

// New makes the strategy for one run of about k steps (PCT places its
// priority-change points in the first k steps; 0 means 4000).
func (s StrategySpec) New(k uint64) Strategy {
	switch {
	case s.pct > 0:
		return &PCT{D: s.pct, K: k}
	case s.name != "random" && s.name != "":
		return &IRQPlacement{N: s.irq}
	}
	return &RandomWalk{}
}

// NewStrategy parses a strategy name (see [ParseStrategy]) and makes the
// strategy for a run of about k steps.
func NewStrategy(name string, k uint64) (Strategy, error) {
	s, err := ParseStrategy(name)
	if err != nil {
		return nil, err
	}
	return s.New(k), nil
}

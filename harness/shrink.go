package harness

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

// Shrinking: a failing run is cut down to the fewest packets and the fewest
// non-zero decisions (preemptions, interrupt placements, jitter, faults)
// that still fail with the same signature (class and driver sites, see
// diag.Signature): the same bug, not merely the same kind of failure. A decision of 0 means "keep
// running the current actor" (or no jitter, no fault), so zeroing decisions
// removes preemptions; decisions past the end of the list are 0.
//
// Shrinking is deterministic: its budget counts runs and steps, not time.

// ShrinkBudget bounds the work of one shrink.
type ShrinkBudget struct {
	Runs  int    // at most this many runs (default 2000)
	Steps uint64 // at most this many steps over all runs (default 10 million)
	_     struct{}
}

// Shrunk is the outcome of a shrink.
type Shrunk struct {
	Config      Config
	Decisions   []sim.Decision
	Result      *Result // the shrunk run, recorded
	Runs        int
	Before      int // non-zero scheduling decisions before
	Preemptions int // non-zero scheduling decisions after
	Packets     [2]int
}

type shrinker struct {
	t      Target
	sig    diag.Signature
	class  string
	budget ShrinkBudget
	runs   int
	steps  uint64
}

// Preemptions counts the non-zero scheduling decisions of a list.
func Preemptions(ds []sim.Decision) int {
	n := 0
	for _, d := range ds {
		if d.Stream == sim.StreamSched && d.V != 0 {
			n++
		}
	}
	return n
}

func nonZero(ds []sim.Decision) int {
	n := 0
	for _, d := range ds {
		if d.V != 0 {
			n++
		}
	}
	return n
}

// Shrink minimises a failing run given by cfg and its recorded decisions,
// keeping its signature sig.
func Shrink(t Target, cfg Config, ds []sim.Decision, sig diag.Signature, b ShrinkBudget) (*Shrunk, error) {
	if b.Runs == 0 {
		b.Runs = 2000
	}
	if b.Steps == 0 {
		b.Steps = 10_000_000
	}
	s := &shrinker{t: t, sig: sig, class: sig.Class(), budget: b}
	out := &Shrunk{Before: Preemptions(ds), Packets: [2]int{cfg.Packets, cfg.Packets}}
	strategy := cfg.Strategy
	cfg.Strategy = "random" // with a zero source: never preempt past the list
	keep := cfg.KeepTrace
	cfg.KeepTrace = false
	full := cfg.MaxSteps
	cfg, cur, err := s.start(cfg, ds)
	if err != nil || cur == nil {
		// nil: the run does not fail when replayed with zeros past its end.
		return nil, err
	}
	cfg, cur = s.shrinkPackets(cfg, cur)
	cur = s.truncate(cfg, cur)
	cur = s.zeroChunks(cfg, cur)
	out.Config, out.Decisions, out.Runs = cfg, cur.Decisions, s.runs
	out.Preemptions = Preemptions(cur.Decisions)
	out.Packets[1] = cfg.Packets
	cfg.KeepTrace = keep
	cfg.MaxSteps = full
	out.Config = cfg
	final, err := Run(t, &cfg, Options{Tape: sim.NewReplayTape(cur.Decisions, sim.NewBytesSource(nil)),
		Record: true, LastN: 40, Capture: true})
	if err != nil {
		return nil, err
	}
	if matching(final, sig) == nil {
		return nil, nil // shrunk under a short step budget, the livelock went away
	}
	out.Result, out.Decisions = final, final.Decisions
	// The shrunk list is complete, so the strategy never decides on replay;
	// keep the name of the one that found the failure.
	out.Config.Strategy = strategy
	return out, nil
}

// livelockSteps is the step budget shrinking tries first for a livelock:
// every try of a livelock runs the whole budget, so a shorter one buys many
// more tries. The shrunk run is checked again with the full budget.
const livelockSteps = 200_000

// start replays the failure as found; a livelock is tried with the short
// budget first.
func (s *shrinker) start(cfg Config, ds []sim.Decision) (Config, *Result, error) {
	if s.class == sim.ClassLivelock {
		short := cfg
		short.MaxSteps = livelockSteps
		if r, err := s.try(short, ds); err != nil || r != nil {
			return short, r, err
		}
	}
	r, err := s.try(cfg, ds)
	return cfg, r, err
}

func (s *shrinker) exhausted() bool {
	return s.runs >= s.budget.Runs || s.steps >= s.budget.Steps
}

// try replays ds (zeros past its end) and returns the run if it fails with
// the signature being shrunk.
func (s *shrinker) try(cfg Config, ds []sim.Decision) (*Result, error) {
	s.runs++
	r, err := Run(s.t, &cfg, Options{Tape: sim.NewReplayTape(ds, sim.NewBytesSource(nil)), Record: true})
	if err != nil {
		return nil, err
	}
	s.steps += r.Steps
	if matching(r, s.sig) == nil {
		return nil, nil
	}
	return r, nil
}

func (s *shrinker) better(r, than *Result) bool {
	a, b := nonZero(r.Decisions), nonZero(than.Decisions)
	return a < b || (a == b && len(r.Decisions) < len(than.Decisions))
}

// shrinkPackets tries the smallest workload that still fails.
func (s *shrinker) shrinkPackets(cfg Config, cur *Result) (Config, *Result) {
	if _, ok := IsGrader(cfg.Scenario); ok {
		return cfg, cur // the lab's program sends what it sends
	}
	for p := 1; p < cfg.Packets && !s.exhausted(); p *= 2 {
		c := cfg
		c.Packets = p
		if c.Procs > p {
			c.Procs = p
		}
		if r, err := s.try(c, cur.Decisions); err == nil && r != nil {
			return c, r
		}
	}
	return cfg, cur
}

// truncate finds a short prefix of the decisions that still fails.
func (s *shrinker) truncate(cfg Config, cur *Result) *Result {
	lo, hi := 0, len(cur.Decisions)
	for lo < hi && !s.exhausted() {
		mid := (lo + hi) / 2
		r, err := s.try(cfg, cur.Decisions[:mid])
		if err == nil && r != nil {
			if s.better(r, cur) {
				cur = r
			}
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return cur
}

// zeroChunks zeroes runs of non-zero decisions, halving the chunk size, and
// keeps every change that still fails (ddmin on the non-zero decisions).
func (s *shrinker) zeroChunks(cfg Config, cur *Result) *Result {
	for chunk := nonZero(cur.Decisions) / 2; chunk >= 1; chunk /= 2 {
		for i := 0; !s.exhausted(); {
			idx := nonZeroIdx(cur.Decisions)
			if i >= len(idx) {
				break
			}
			end := min(i+chunk, len(idx))
			ds := append([]sim.Decision(nil), cur.Decisions...)
			for _, j := range idx[i:end] {
				ds[j].V = 0
			}
			if r, err := s.try(cfg, ds); err == nil && r != nil && s.better(r, cur) {
				cur = r
				continue
			}
			i = end
		}
	}
	return cur
}

func nonZeroIdx(ds []sim.Decision) []int {
	var idx []int
	for i, d := range ds {
		if d.V != 0 {
			idx = append(idx, i)
		}
	}
	return idx
}

package harness

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// Finding is one distinct bug a hunt found: its signature, the tier where
// it shows, and its own shrunk, recorded run.
type Finding struct {
	Tier      diag.Tier
	Signature diag.Signature
	Verdict   *sim.Verdict // the failure of Result with this signature
	// Device and Kernel are the registry names of the run's device and
	// kernel models, whose explanations of the verdict apply.
	Device, Kernel string
	Sites          diag.Sites // from the verdict and the recorded trace
	Config         Config     // the run of the replay file (shrunk)
	Result         *Result    // that run, recorded with its whole trace and frames
	Shrunk         *Shrunk    // nil when not shrunk
	Index          int        // seed index of the hunt the finding comes from; -1 if the tier search found it
	// SeenTier and SeenSeed are where the hunt first saw it: the tier and
	// seed of its most severe, lowest sighting (what Diagnose picks, so
	// that shards of a hunt can be joined as one run).
	SeenTier diag.Tier
	SeenSeed uint64
	Seen     int // failing seeds of the hunt with this signature
	TierRuns int // runs the tier search spent on it
	// Grader says whether the lab's grader fails on it (set by
	// ScoreGrader; nil when its kernel has no grader).
	Grader *GraderVerdict
}

// Diagnosis is what a hunt found: every distinct finding, ordered lab,
// hardware, faults, and by the lowest seed within a tier.
type Diagnosis struct {
	Schedules  int
	Findings   []*Finding
	TierRuns   int // runs spent deciding tiers, over all findings
	ShrinkRuns int // runs spent shrinking, over all findings
	Unreported int // distinct signatures beyond MaxFindings
	// OrderedSchedules are the schedules of the second look past a missing
	// fence (strict, no faults, stores ordered; 0 if there was none).
	OrderedSchedules int
}

// group gathers the sightings of one signature.
type group struct {
	sig   diag.Signature
	best  diag.Tier  // the most severe tier it was seen in
	index int        // its lowest seed index in that tier
	cands []sighting // its sightings, most severe tier and lowest seed first
}

// maxConfirm bounds the sightings of a hang tried with the full budget.
const maxConfirm = 4

// Diagnose hunts the whole seed budget (or up to the first failure with
// First) and returns every distinct finding, deduplicated by signature,
// each shrunk on its own with its signature kept and given a measured tier.
func (h *Hunt) Diagnose(t Target) (*Diagnosis, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	done, seen, err := h.explore(t, h.First)
	if err != nil {
		return nil, err
	}
	d := &Diagnosis{Schedules: done}
	if o := h.ordered(); !h.First && o.From < o.Seeds && masksHardware(h, seen) {
		n, more, err := o.explore(t, false)
		if err != nil {
			return nil, err
		}
		for i := range more {
			more[i].ordered = true
		}
		d.OrderedSchedules, seen = n, append(seen, more...)
	}
	groups := h.group(seen)
	limit := h.MaxFindings
	if limit <= 0 {
		limit = 10
	}
	for i, g := range groups {
		if len(d.Findings) == limit {
			d.Unreported = len(groups) - i
			break
		}
		f, err := h.finding(t, g)
		if err != nil {
			return nil, err
		}
		if f == nil {
			continue // a hang under a short budget that the full one does not confirm
		}
		d.TierRuns += f.TierRuns
		if f.Shrunk != nil {
			d.ShrinkRuns += f.Shrunk.Runs
		}
		d.Findings = append(d.Findings, f)
	}
	slices.SortStableFunc(d.Findings, func(a, b *Finding) int {
		if a.Tier != b.Tier {
			return int(a.Tier) - int(b.Tier)
		}
		return cmp.Compare(a.Config.Seed, b.Config.Seed)
	})
	return d, nil
}

// group folds sightings (in seed order) by signature, most severe first.
func (h *Hunt) group(seen []sighting) []*group {
	by := map[diag.Signature]*group{}
	var gs []*group
	for _, s := range seen {
		g := by[s.sig]
		if g == nil {
			g = &group{sig: s.sig}
			by[s.sig] = g
			gs = append(gs, g)
		}
		g.cands = append(g.cands, s)
	}
	for _, g := range gs {
		slices.SortStableFunc(g.cands, func(a, b sighting) int {
			if ta, tb := h.tierOf(a), h.tierOf(b); ta != tb {
				return int(ta) - int(tb)
			}
			return a.index - b.index
		})
		g.best, g.index = h.tierOf(g.cands[0]), g.cands[0].index
	}
	slices.SortStableFunc(gs, func(a, b *group) int {
		if a.best != b.best {
			return int(a.best) - int(b.best)
		}
		return a.index - b.index
	})
	return gs
}

func (h *Hunt) tierOf(s sighting) diag.Tier {
	if s.died != nil {
		return diag.Lab // a driver that kills its kernel shows under QEMU
	}
	return diag.TierOf(h.configOf(s).Personality, s.faulty)
}

// configOf is the configuration of a sighting's run.
func (h *Hunt) configOf(s sighting) Config {
	if s.ordered {
		return h.ordered().SeedConfig(s.index)
	}
	return h.SeedConfig(s.index)
}

// A missing fence fails every strict schedule as soon as the device
// fetches a descriptor, so whatever else real hardware would show stays
// hidden behind it until the fence is fixed. When the hunt saw one, it
// takes a second look: a quarter of the seed budget, strict, without
// faults, with the stores ordered as if the fence were there.

// masksHardware reports whether a missing fence showed in a strict
// schedule without faults.
func masksHardware(h *Hunt, seen []sighting) bool {
	for _, s := range seen {
		if s.sig.Class() == sim.ClassUnpublished && h.tierOf(s) == diag.Hardware {
			return true
		}
	}
	return false
}

// ordered is the hunt of the second look.
func (h *Hunt) ordered() *Hunt {
	o := *h
	o.Base.Ordered = true
	o.Personality, o.Faults = nic.Strict.String(), "none"
	o.Seeds = max(1, h.Seeds/4)
	o.From = h.From / 4 // a shard (From > 0) looks at its part of the quarter
	o.Spawn = nil       // the worker processes know only the command line's hunt
	return &o
}

// confirm re-runs a group's sightings with recording on, most severe first,
// and returns the first that fails the same way (nil if none does). A run
// that differs from the hunt's is a determinism bug, except for a hang
// seen under a shortened budget, which the full budget may not confirm.
func (h *Hunt) confirm(t Target, g *group) (*sighting, Config, *Result, error) {
	for k, s := range g.cands {
		if k == maxConfirm {
			break
		}
		c := h.configOf(s)
		r, err := Run(t, &c, Options{Record: true})
		if err != nil {
			return nil, c, nil, err
		}
		switch {
		case s.short && matching(r, g.sig) != nil:
			return &g.cands[k], c, r, nil
		case s.short:
			continue
		case r.TraceHash != s.hash:
			return nil, c, nil, notDeterministic(&c, fmt.Sprintf("hash %016x, then %016x (%s)", s.hash, r.TraceHash, r.Verdict.Class))
		}
		return &g.cands[k], c, r, nil
	}
	return nil, Config{}, nil, nil
}

// finding records, tiers and shrinks one signature's run.
func (h *Hunt) finding(t Target, g *group) (*Finding, error) {
	if g.cands[0].died != nil {
		return h.deathFinding(g), nil
	}
	s, c, r, err := h.confirm(t, g)
	if err != nil || s == nil {
		return nil, err
	}
	f := &Finding{Tier: h.tierOf(*s), Signature: g.sig, Index: s.index, Seen: len(g.cands)}
	f.SeenTier, f.SeenSeed = g.best, h.configOf(g.cands[0]).Seed
	ds := r.Decisions
	if f.Tier > diag.Lab {
		ts, err := h.tierSearch(t, c, ds, g.sig, f.Tier)
		if err != nil {
			return nil, err
		}
		f.TierRuns = ts.runs
		if ts.found != nil {
			f.Tier, c, ds, f.Index = ts.tier, ts.cfg, ts.found.Decisions, -1
		}
	}
	c.KeepTrace = true
	if err := h.shrinkFinding(t, f, c, ds); err != nil {
		return nil, err
	}
	if f.Tier == diag.Faults && f.Result.Faults == "none" {
		// Shrinking removed every fault and it still fails: it is not a
		// faults-only bug.
		f.Tier = diag.TierOf(f.Config.Personality, false)
	}
	f.Verdict = matching(f.Result, f.Signature)
	if rc, err := f.Config.Resolve(); err == nil {
		f.Device, f.Kernel = rc.Device.Name, rc.Kernel.Name
	}
	f.Sites = diag.SitesOf(f.Verdict)
	diag.Locate(&f.Sites, f.Verdict, traceLines(f.Result))
	return f, nil
}

// shrinkFinding shrinks the run (unless NoShrink) and records the result
// with its trace and frames.
func (h *Hunt) shrinkFinding(t Target, f *Finding, c Config, ds []sim.Decision) error {
	if !h.NoShrink {
		b := h.Budget
		if b.Steps == 0 && f.Signature.Class() == sim.ClassLivelock {
			// Every try of a hang runs its whole (short) budget; a hang's
			// replay is as long as the budget whatever the shrink cuts.
			b.Steps = hangShrinkSteps
		}
		sh, err := Shrink(t, c, ds, f.Signature, b)
		if err != nil {
			return err
		}
		if sh != nil {
			f.Config, f.Result, f.Shrunk = sh.Config, sh.Result, sh
			return nil
		}
	}
	tape := sim.NewReplayTape(ds, sim.NewSeedSource(c.Seed))
	r, err := Run(t, &c, Options{Tape: tape, Record: true, LastN: 40, Capture: true})
	if err != nil {
		return err
	}
	if matching(r, f.Signature) == nil {
		return fmt.Errorf("nicsim bug: seed %d does not fail the same way when replayed: %s, then %s",
			c.Seed, f.Signature, diag.SignatureOf(r.Verdict))
	}
	f.Config, f.Result = c, r
	return nil
}

// hangShrinkSteps bounds the steps of shrinking a hang found by a hunt
// (about twenty tries of the short budget).
const hangShrinkSteps = 4_000_000

// traceLines formats the recorded trace of r, one event per line.
func traceLines(r *Result) []string {
	tr := r.Machine.Trace
	all := tr.All()
	lines := make([]string, len(all))
	for i := range all {
		lines[i] = tr.Format(&all[i])
	}
	return lines
}

package harness

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/sim"
)

// GraderVerdict says whether a lab's grader (`make grade`) fails on a
// finding, and in which subtest.
type GraderVerdict struct {
	Grader string // "nettest"
	// Run: the finding was seen in a scenario of the grader (else only in
	// another scenario, and the grader's own hunt did not show it).
	Run bool
	// Fails: the finding's schedule, replayed with only what a guest under
	// QEMU shows (Config.Observable), fails the grader.
	Fails bool
	// Subtests it fails (the subtest in progress; not those it merely
	// kept from running).
	Subtests []string
	// Message is the observable replay's verdict when the grader fails.
	Message string
}

// String says it in one line, for reports.
func (v *GraderVerdict) String() string {
	switch {
	case !v.Run:
		return fmt.Sprintf("not seen in the %s scenario's schedules (only in another scenario)", v.Grader)
	case v.Fails:
		return fmt.Sprintf("%s fails %s", v.Grader, strings.Join(v.Subtests, ", "))
	}
	return fmt.Sprintf("%s passes this schedule: QEMU would show nothing of it (only nicsim's oracle sees it)", v.Grader)
}

// IsGrader reports whether scenario is a grader's ("nettest",
// "nettest/ping3") and returns the grader.
func IsGrader(scenario string) (*grader.Grader, bool) {
	g, _, ok := grader.Scenario(scenario)
	return g, ok
}

// ScoreGrader scores grader g over the findings of a hunt (its lab
// findings, in report order: finding ids are their index + 1): every
// subtest passes unless the observable replay of a lab finding of g's
// scenarios fails it. It sets each lab finding's Grader verdict (for
// findings of g's kernel).
func ScoreGrader(t Target, g *grader.Grader, fs []*Finding) ([]grader.Result, error) {
	rs := g.Results()
	for i, f := range fs {
		if f.Kernel != g.Kernel || f.Tier != diag.Lab {
			continue // make grade runs under QEMU, without faults
		}
		fg, _, ok := grader.Scenario(f.Config.Scenario)
		f.Grader = &GraderVerdict{Grader: g.Name, Run: ok && fg == g}
		if !f.Grader.Run {
			continue
		}
		if f.Result == nil || f.Result.Machine == nil {
			// The driver killed its worker: its kernel dies under QEMU too.
			f.Grader.Fails, f.Grader.Message = true, f.Verdict.Message
			f.Grader.Subtests = []string{"every subtest (the kernel dies)"}
			for k := range rs {
				rs[k].Fail(fmt.Sprintf("the driver kills the kernel (finding %d)", i+1), i+1)
			}
			continue
		}
		obs, err := observable(t, f)
		if err != nil {
			return nil, err
		}
		if obs == nil {
			continue
		}
		f.Grader.Fails, f.Grader.Message = true, obs.Verdict.Class+": "+obs.Verdict.Message
		failSubtests(rs, obs.Grade, i+1, f.Grader)
	}
	return rs, nil
}

// failSubtests marks the subtests a run failed in rs, by finding id.
func failSubtests(rs []grader.Result, run []grader.Result, id int, v *GraderVerdict) {
	for _, r := range run {
		if r.Passed {
			continue
		}
		for k := range rs {
			if rs[k].Name != r.Name {
				continue
			}
			if r.NotReached {
				rs[k].Fail(fmt.Sprintf("%s (finding %d)", r.Why, id), 0)
				rs[k].NotReached = rs[k].NotReached || len(rs[k].Findings) == 0
				continue
			}
			rs[k].Fail(r.Why, id)
			rs[k].NotReached = false
			v.Subtests = append(v.Subtests, r.Name)
		}
	}
}

// observable replays a finding's schedule with only what a guest under
// QEMU shows; it returns the run when the grader fails there, else nil.
func observable(t Target, f *Finding) (*Result, error) {
	c := f.Config
	c.Observable, c.KeepTrace = true, false
	tape := sim.NewReplayTape(f.Result.Decisions, sim.NewSeedSource(c.Seed))
	r, err := Run(t, &c, Options{Tape: tape})
	if err != nil {
		return nil, err
	}
	for _, g := range r.Grade {
		if !g.Passed {
			return r, nil
		}
	}
	return nil, nil
}

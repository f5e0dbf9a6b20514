package harness

import (
	"fmt"
	"slices"
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
	// Subtests it fails: the one in progress (every one when the program
	// never started, or the driver killed the kernel).
	Subtests []string
	// NotReached are the subtests it kept from running.
	NotReached []string
	// Message is the observable replay's verdict when the grader fails.
	Message string
	// Unknown: nicsim could not run the driver in this schedule (an
	// internal error: a kernel service it does not model). The subtests it
	// stopped score 0 here, but what make grade gives is not known.
	Unknown bool
}

// String says it in one line, for reports.
func (v *GraderVerdict) String() string {
	switch {
	case !v.Run:
		return fmt.Sprintf("not seen in the %s scenario's schedules (only in another scenario)", v.Grader)
	case v.Unknown:
		from := "the first"
		if len(v.Subtests) > 0 {
			from = v.Subtests[0]
		}
		return fmt.Sprintf("not known: nicsim could not run the driver in this schedule, so %s's subtests from %s on are not graded (scored 0 here)",
			v.Grader, from)
	case v.Fails && len(v.NotReached) > 0:
		return fmt.Sprintf("%s fails %s (and %s, not reached)", v.Grader, strings.Join(v.Subtests, ", "), strings.Join(v.NotReached, ", "))
	case v.Fails:
		return fmt.Sprintf("%s fails %s", v.Grader, strings.Join(v.Subtests, ", "))
	}
	return fmt.Sprintf("%s passes this schedule: QEMU would show nothing of it (only nicsim's oracle sees it)", v.Grader)
}

// Apply fails in rs what the verdict of finding id fails: its subtests by
// the finding, those it kept from running as not reached.
func (v *GraderVerdict) Apply(rs []grader.Result, id int) {
	if !v.Fails {
		return
	}
	stopped := "boot"
	if len(v.Subtests) > 0 {
		stopped = v.Subtests[0]
	}
	for k := range rs {
		switch {
		case slices.Contains(v.Subtests, rs[k].Name):
			if rs[k].NotReached {
				rs[k].Why, rs[k].NotReached = "", false // failing beats not reached
			}
			rs[k].Fail(v.Message, id)
		case slices.Contains(v.NotReached, rs[k].Name):
			rs[k].NotReached = rs[k].Passed || rs[k].NotReached
			rs[k].Fail("not reached: the program stopped in "+stopped, 0)
		}
	}
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
			f.Grader.Fails, f.Grader.Message = true, f.Verdict.Class+": "+f.Verdict.Message
			for _, r := range rs {
				f.Grader.Subtests = append(f.Grader.Subtests, r.Name)
			}
		} else if err := judgeObservable(t, f); err != nil {
			return nil, err
		}
		if f.Verdict != nil && f.Verdict.Class == sim.ClassInternal && f.Grader.Fails {
			f.Grader.Unknown = true
			f.Grader.Message = "not graded: nicsim could not run the driver here (" + f.Grader.Message + ")"
		}
		f.Grader.Apply(rs, i+1)
	}
	return rs, nil
}

// judgeObservable replays a lab finding with only what QEMU shows and
// records what the grader fails there.
func judgeObservable(t Target, f *Finding) error {
	obs, err := observable(t, f)
	if err != nil || obs == nil {
		return err
	}
	v := f.Grader
	v.Fails, v.Message = true, obs.Verdict.Class+": "+obs.Verdict.Message
	for _, r := range obs.Grade {
		switch {
		case r.Passed:
		case r.NotReached:
			v.NotReached = append(v.NotReached, r.Name)
		default:
			v.Subtests = append(v.Subtests, r.Name)
		}
	}
	if len(v.Subtests) == 0 { // stopped before the first subtest: all fail
		v.Subtests, v.NotReached = v.NotReached, nil
	}
	return nil
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

package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// huntSummary is the JSON object hunt --json ends its output with, also on
// exit status 2 (verdict "error").
type huntSummary struct {
	Verdict   string  `json:"verdict"` // pass, fail (a finding at or above --fail-on) or error
	Error     string  `json:"error"`
	Driver    string  `json:"driver"`
	ABI       string  `json:"abi"`
	Schedules int     `json:"schedules"`
	ElapsedS  float64 `json:"elapsed_s"`
	Out       string  `json:"out"`
	// Scenarios the hunt ran, each with the whole seed budget.
	Scenarios []string `json:"scenarios"`
	// Grade is the lab grader's score over the hunt (null when no grader
	// scenario ran).
	Grade    *gradeJSON    `json:"grade"`
	Tiers    tierCounts    `json:"tiers"`
	// Unsupported counts the findings in which nicsim could not run the
	// driver (it called a kernel service nicsim does not model): tier
	// "nicsim", in no tier's count, never a driver bug.
	Unsupported int           `json:"unsupported"`
	Findings    []findingJSON `json:"findings"`
	TierRuns int           `json:"tier_runs"`
	// OrderedSchedules ran as the second look past a missing fence.
	OrderedSchedules int `json:"ordered_schedules"`
	// The most severe finding, as hunt reported its one failure before.
	Class     string `json:"class"`
	Seed      uint64 `json:"seed"`
	Replay    string `json:"replay"`
	TraceHash string `json:"trace_hash"`
	Message   string `json:"message"`

	json   bool // --json was on the command line
	worker bool // running as a hunt worker: no summary
}

// tierCounts always has all three keys.
type tierCounts struct {
	Lab      int `json:"lab"`
	Hardware int `json:"hardware"`
	Faults   int `json:"faults"`
}

// findingJSON is one finding of huntSummary.
type findingJSON struct {
	Tier        string `json:"tier"`
	Class       string `json:"class"`
	Signature   string `json:"signature"`
	Title       string `json:"title"`
	Site        string `json:"site"`
	What        string `json:"what"`
	Message     string `json:"message"`
	Why         string `json:"why"`
	QEMU        string `json:"qemu"`
	Fix         string `json:"fix"`
	Replay      string `json:"replay"`
	TraceHash   string `json:"trace_hash"`
	Seed        uint64 `json:"seed"`
	Personality string `json:"personality"`
	Faults      string `json:"faults"`
	Preemptions int    `json:"preemptions"`
	Packets     int    `json:"packets"`
	Seen        int    `json:"seen"` // schedules of the hunt that failed this way
	TierRuns    int    `json:"tier_runs"`
	// SeenTier and SeenSeed: where the hunt first saw it (the most severe
	// tier, then the lowest seed), which decides the finding (grade merge
	// joins shards by them).
	SeenTier string `json:"seen_tier"`
	SeenSeed uint64 `json:"seen_seed"`
	// Ordered: found by the second look past a missing fence, with the
	// stores ordered (the replay file says ordered=1).
	Ordered bool `json:"ordered"`
	// Scenario is the scenario of its replay file.
	Scenario string `json:"scenario"`
	// GraderFails: the lab's grader fails on it (a lab finding of a grader
	// scenario whose replay with only what QEMU shows fails a subtest);
	// GraderSubtests are those subtests; Grader says it in words ("" when
	// the kernel has no grader or it ran in no grader scenario).
	GraderFails    bool     `json:"grader_fails"`
	GraderSubtests []string `json:"grader_subtests"`
	Grader         string   `json:"grader"`
	// GraderNotReached are the subtests it kept from running, and
	// GraderMessage what the grader's replay failed with (grade merge
	// scores shards from them).
	GraderNotReached []string `json:"grader_not_reached"`
	GraderMessage    string   `json:"grader_message"`
}

// gradeJSON is the grader's score over a hunt.
type gradeJSON struct {
	Name      string          `json:"name"`     // the grader ("nettest")
	Scenario  string          `json:"scenario"` // the scenario that ran it
	Schedules int             `json:"schedules"`
	Points    int             `json:"points"`
	Max       int             `json:"max"`
	Subtests  []grader.Result `json:"subtests"` // name, points, max, passed, why, findings (ids: index+1 in findings), not_reached
	NotOurs   []string        `json:"not_scored"`
}

// fillGrade records the grader's score (none when hg is nil).
func (s *huntSummary) fillGrade(hg *huntGrade) {
	if hg == nil {
		return
	}
	p, m := grader.Score(hg.results)
	s.Grade = &gradeJSON{Name: hg.g.Name, Scenario: hg.scenario, Schedules: hg.schedules, Points: p, Max: m,
		Subtests: hg.results, NotOurs: append([]string{}, hg.g.NotOurs...)}
}

func newHuntSummary() huntSummary {
	return huntSummary{Verdict: "error", Out: defaultOut, Findings: []findingJSON{}, Scenarios: []string{}}
}

// wantsJSON reports whether --json is on the command line anywhere, even
// after a flag the parser rejects.
func wantsJSON(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "json" {
			continue
		}
		if !hasVal {
			return true
		}
		b, err := strconv.ParseBool(val)
		return err == nil && b
	}
	return false
}

// fill records the diagnosis; paths are the findings' replay files.
func (s *huntSummary) fill(d *harness.Diagnosis, paths []string, elapsed float64) {
	s.Schedules, s.ElapsedS, s.TierRuns, s.OrderedSchedules = d.Schedules, elapsed, d.TierRuns, d.OrderedSchedules
	for i, f := range d.Findings {
		e := explain(f)
		j := findingJSON{Tier: f.Tier.String(), Class: f.Verdict.Class, Signature: string(f.Signature),
			Title: e.Title, Site: site(f), What: e.What, Message: f.Verdict.Message, Why: e.Why, QEMU: e.QEMU,
			Fix: e.Fix, Replay: paths[i], TraceHash: fmt.Sprintf("%016x", f.Result.TraceHash), Seed: f.Config.Seed,
			Personality: f.Config.Personality, Faults: f.Result.Faults,
			Preemptions: harness.Preemptions(f.Result.Decisions), Packets: f.Config.Packets, Seen: f.Seen,
			Ordered: f.Config.Ordered, TierRuns: f.TierRuns, SeenTier: f.SeenTier.String(), SeenSeed: f.SeenSeed,
			Scenario: f.Config.Scenario, GraderSubtests: []string{}, GraderNotReached: []string{}}
		if v := f.Grader; v != nil {
			j.GraderFails, j.Grader, j.GraderMessage = v.Fails, v.String(), v.Message
			j.GraderSubtests = append(j.GraderSubtests, v.Subtests...)
			j.GraderNotReached = append(j.GraderNotReached, v.NotReached...)
		}
		if f.Result.Machine == nil {
			j.TraceHash = "" // the driver killed the worker: no trace
		}
		s.Findings = append(s.Findings, j)
		if nicsimFault(f) {
			s.Findings[len(s.Findings)-1].Tier = "nicsim"
			s.Unsupported++
			continue
		}
		switch f.Tier {
		case diag.Lab:
			s.Tiers.Lab++
		case diag.Hardware:
			s.Tiers.Hardware++
		default:
			s.Tiers.Faults++
		}
	}
	if len(s.Findings) > 0 {
		top := s.Findings[0]
		s.Class, s.Seed, s.Replay, s.TraceHash, s.Message = top.Class, top.Seed, top.Replay, top.TraceHash, top.Message
	} else {
		s.Class = "pass"
	}
}

// explain looks the finding's rows up kernel first: a kernel model's
// explanation of a class (JOS: a kernel virtual address where PADDR was
// due) is more specific than its device's (an mbuf or page outside RAM).
func explain(f *harness.Finding) diag.Explanation {
	return diag.Explain(f.Verdict, f.Sites, f.Tier, f.Result.Faults, f.Kernel, f.Device)
}

// site is the line a finding is at: for a missing fence the tail write that
// publishes (the line to fix), else its own site, else for a ring's
// ownership the tail write.
func site(f *harness.Finding) string {
	switch c := f.Verdict.Class; {
	case c == sim.ClassUnpublished && f.Sites.Publish.Known():
		return f.Sites.Publish.Loc()
	case f.Sites.At.Known():
		return f.Sites.At.Loc()
	case c == sim.ClassRingOwnership || c == sim.ClassUnpublished:
		return f.Sites.Publish.Loc()
	}
	return ""
}

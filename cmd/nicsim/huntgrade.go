package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"github.com/nicsim/nicsim/guest/xv6/netc"
	"io"
	"slices"
	"strings"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/harness"
)

// A hunt runs, by default, the lab's grader scenario of the driver's
// kernel and nicsim's own burst scenario (ping), each with the whole seed
// budget; --scenario picks one. The findings of both are merged by
// signature, and the grader's subtests are scored over the lab findings.

// huntScenarios are the scenarios a hunt runs: the one --scenario named,
// else the kernel's list for the driver (KernelModel.HuntScenarios: a JOS
// lab folder's grader scenarios and ping), else the kernel's grader (if it
// has one) and its default scenario.
func huntScenarios(base *harness.Config, named bool) []string {
	if named {
		return []string{base.Scenario}
	}
	rc, err := base.Resolve()
	if err != nil {
		return []string{base.Scenario}
	}
	if k := rc.Kernel; k.HuntScenarios != nil {
		if l := k.HuntScenarios(base.Driver); len(l) > 0 {
			return l
		}
	}
	for _, g := range grader.ForKernel(rc.Kernel.Name) {
		if slices.Contains(rc.Kernel.Scenarios, g.Name) && g.Name != base.Scenario {
			return []string{g.Name, base.Scenario}
		}
	}
	return []string{base.Scenario}
}

// forScenario is base running scenario sc: the CPUs and processes the
// user left unset (in user, the flags as given) are sc's defaults, as
// --scenario sc would give them (JOS's grader scenarios run on 3 CPUs,
// its ping on 1).
func forScenario(base, user harness.Config, sc string) harness.Config {
	base.Scenario = sc
	if user.CPUs == 0 {
		base.CPUs = 0
		if user.Procs == 0 {
			base.Procs = 0
		}
		base.Defaults()
	}
	return base
}

// scenarioRun is one scenario's diagnosis.
type scenarioRun struct {
	scenario string
	d        *harness.Diagnosis
}

// mergeDiagnoses joins the scenarios' diagnoses as grade merge joins
// shards: one finding per signature, the one seen first (the most severe
// tier it was seen in, then the lowest seed; on a tie the earlier
// scenario's), seen as often as in all scenarios together; ordered lab,
// hardware, faults, then by seed and scenario. tier_runs counts the tier
// searches of the findings kept. At most max findings are kept (0: 10, as
// one scenario's hunt keeps), the first in that order; the rest are counted
// as unreported.
func mergeDiagnoses(runs []scenarioRun, max int) *harness.Diagnosis {
	out := &harness.Diagnosis{}
	by := map[diag.Signature]int{}
	for _, r := range runs {
		d := r.d
		out.Schedules += d.Schedules
		out.ShrinkRuns += d.ShrinkRuns
		out.Unreported += d.Unreported
		out.OrderedSchedules += d.OrderedSchedules
		for _, f := range d.Findings {
			i, ok := by[f.Signature]
			switch {
			case !ok:
				by[f.Signature] = len(out.Findings)
				out.Findings = append(out.Findings, f)
			case seenEarlier(f, out.Findings[i]):
				f.Seen += out.Findings[i].Seen
				out.Findings[i] = f
			default:
				out.Findings[i].Seen += f.Seen
			}
		}
	}
	rank := map[string]int{}
	for i, r := range runs {
		rank[r.scenario] = i
	}
	slices.SortStableFunc(out.Findings, func(a, b *harness.Finding) int {
		return cmp.Or(cmp.Compare(a.Tier, b.Tier), cmp.Compare(a.Config.Seed, b.Config.Seed),
			cmp.Compare(rank[a.Config.Scenario], rank[b.Config.Scenario]))
	})
	if max <= 0 {
		max = 10
	}
	if len(out.Findings) > max {
		out.Unreported += len(out.Findings) - max
		out.Findings = out.Findings[:max]
	}
	for _, f := range out.Findings {
		out.TierRuns += f.TierRuns
	}
	return out
}

// seenEarlier reports whether a hunt chooses finding a over b (one
// signature): seen in a more severe tier, or in the same one at a lower
// seed (grade merge's seenBefore).
func seenEarlier(a, b *harness.Finding) bool {
	if a.SeenTier != b.SeenTier {
		return a.SeenTier < b.SeenTier
	}
	return a.SeenSeed < b.SeenSeed
}

// huntGrade is the grader's part of a hunt's report.
type huntGrade struct {
	g         *grader.Grader
	results   []grader.Result
	schedules int // of the grader's scenario
	scenario  string
	ownNet    bool // the driver came with its own net.c, which the tests ran
}

// scoreHunt scores the grader of the hunt's scenarios (nil when none of
// them is a grader's).
func scoreHunt(t harness.Target, runs []scenarioRun, d *harness.Diagnosis) (*huntGrade, error) {
	for _, r := range runs {
		g, ok := harness.IsGrader(r.scenario)
		if !ok {
			continue
		}
		rs, err := harness.ScoreGrader(t, g, d.Findings)
		if err != nil {
			return nil, err
		}
		if _, s, _ := grader.Scenario(r.scenario); s != nil {
			rs = onlySubtest(rs, s.Name)
		}
		return &huntGrade{g: g, results: rs, schedules: r.d.Schedules, scenario: r.scenario, ownNet: hostsNetC(t)}, nil
	}
	return nil, nil
}

func onlySubtest(rs []grader.Result, name string) []grader.Result {
	for _, r := range rs {
		if r.Name == name {
			return []grader.Result{r}
		}
	}
	return nil
}

// hostsNetC reports whether the target hosts a student's net.c beside the
// driver (its system calls then run the grader's programs).
func hostsNetC(t harness.Target) bool {
	src, ok := t.(interface{ Sources() [][]byte })
	if !ok {
		return false
	}
	for _, b := range src.Sources() {
		if netc.IsNetC(b) {
			return true
		}
	}
	return false
}

// writeGrade prints the subtests as make grade does, with the score.
func writeGrade(w io.Writer, hg *huntGrade) {
	p, m := grader.Score(hg.results)
	net := "nicsim's net.c"
	if hg.ownNet {
		net = "your net.c"
	}
	fmt.Fprintf(w, "[nicsim] make grade (%s, simulated: the lab's tests with %s and nicsim's host, %d schedules of --scenario %s): Score: %d/%d\n",
		hg.g.Name, net, hg.schedules, hg.scenario, p, m)
	grader.Format(w, hg.results, "  ")
	for _, n := range hg.g.NotOurs {
		fmt.Fprintf(w, "  not scored: %s\n", n)
	}
}

// scenarioCounts renders "2000 schedules (nettest 1000, ping 1000)".
func scenarioCounts(runs []scenarioRun) string {
	if len(runs) == 1 {
		return fmt.Sprintf("%d schedules of --scenario %s", runs[0].d.Schedules, runs[0].scenario)
	}
	var parts []string
	n := 0
	for _, r := range runs {
		n += r.d.Schedules
		parts = append(parts, fmt.Sprintf("%s %d", r.scenario, r.d.Schedules))
	}
	return fmt.Sprintf("%d schedules (%s)", n, strings.Join(parts, ", "))
}

// mergeGrade scores the grader of a submission's shards over their joined
// findings, as one hunt scores it (nil when the shards ran no grader).
func mergeGrade(rs []gradeRow, fs []findingJSON) *gradeJSON {
	var out *gradeJSON
	for _, r := range rs {
		var g gradeJSON
		b, _ := json.Marshal(r.Fields["grade"])
		if json.Unmarshal(b, &g) != nil || g.Name == "" {
			continue
		}
		if out == nil {
			first := g
			first.Schedules = 0
			out = &first
		}
		out.Schedules += g.Schedules
	}
	if out == nil {
		return nil
	}
	gr, ok := grader.Lookup(out.Name)
	if !ok {
		return out
	}
	results := gr.Results()
	if _, s, _ := grader.Scenario(out.Scenario); s != nil {
		results = onlySubtest(results, s.Name)
	}
	for i, f := range fs {
		if f.Tier == "lab" && f.GraderFails {
			v := harness.GraderVerdict{Grader: out.Name, Run: true, Fails: true, Subtests: f.GraderSubtests,
				NotReached: f.GraderNotReached, Message: f.GraderMessage}
			v.Apply(results, i+1)
		}
	}
	out.Subtests = results
	out.Points, out.Max = grader.Score(results)
	return out
}

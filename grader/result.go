package grader

import (
	"fmt"
	"io"
	"strings"
)

// Result is one subtest's outcome: in one run, or over a hunt's schedules.
type Result struct {
	Name   string `json:"name"`   // as make grade prints it
	Points int    `json:"points"` // scored: Max when passed, else 0
	Max    int    `json:"max"`
	Passed bool   `json:"passed"`
	// Why says what made it fail: the run and what went wrong ("the reply
	// to port 2009 never came"; "not reached: ping1 failed first").
	Why string `json:"why,omitempty"`
	// Findings are the ids (1-based, in report order) of the findings of a
	// hunt that fail it.
	Findings []int `json:"findings"`
	// NotReached: it failed because the guest program stopped before it
	// (an earlier subtest failed or the kernel died).
	NotReached bool `json:"not_reached,omitempty"`
}

// Status is make grade's word for the result: "OK" or "FAIL".
func (r Result) Status() string {
	if r.Passed {
		return "OK"
	}
	return "FAIL"
}

// Results are a grader's subtests, all passed: the start of a run or a
// hunt, before anything fails.
func (g *Grader) Results() []Result {
	out := make([]Result, len(g.Subtests))
	for i, s := range g.Subtests {
		out[i] = Result{Name: s.Name, Points: s.Points, Max: s.Points, Passed: true, Findings: []int{}}
	}
	return out
}

// Fail marks r failed for why (kept if it already has a reason) and, when
// finding > 0, fails it by that finding too.
func (r *Result) Fail(why string, finding int) {
	r.Passed, r.Points = false, 0
	if r.Why == "" {
		r.Why = why
	}
	if finding > 0 {
		for _, f := range r.Findings {
			if f == finding {
				return
			}
		}
		r.Findings = append(r.Findings, finding)
	}
}

// Score adds up the points: scored and possible.
func Score(rs []Result) (points, max int) {
	for _, r := range rs {
		points += r.Points
		max += r.Max
	}
	return points, max
}

// Format prints the results as make grade does, one line each ("ping:
// OK (40/40)"), then "Score: N/M". Each line starts with indent; a failed
// one says why on the line below.
func Format(w io.Writer, rs []Result, indent string) {
	for _, r := range rs {
		fmt.Fprintf(w, "%s%s: %s (%d/%d)", indent, r.Name, r.Status(), r.Points, r.Max)
		if len(r.Findings) > 0 {
			var ids []string
			for _, f := range r.Findings {
				ids = append(ids, fmt.Sprint(f))
			}
			fmt.Fprintf(w, " [finding %s]", strings.Join(ids, ", "))
		}
		fmt.Fprintln(w)
		if !r.Passed && r.Why != "" {
			fmt.Fprintf(w, "%s    %s\n", indent, firstLine(r.Why))
		}
	}
	p, m := Score(rs)
	fmt.Fprintf(w, "%sScore: %d/%d\n", indent, p, m)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

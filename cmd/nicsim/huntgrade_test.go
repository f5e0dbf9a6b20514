package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// huntGradeJSON is the part of hunt's JSON object this test reads.
type huntGradeJSON struct {
	Scenarios []string   `json:"scenarios"`
	Grade     *gradeJSON `json:"grade"`
	Findings  []struct {
		Tier           string   `json:"tier"`
		Scenario       string   `json:"scenario"`
		GraderFails    bool     `json:"grader_fails"`
		GraderSubtests []string `json:"grader_subtests"`
		Grader         string   `json:"grader"`
	} `json:"findings"`
}

func lastGradeJSON(t *testing.T, out string) huntGradeJSON {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var s huntGradeJSON
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out)
	}
	return s
}

// A driver whose ARP reply re-enters its lock panics in the grader's first
// test: the hunt prints every subtest with its points and the score, the
// lab finding says make grade fails "ping", and the JSON carries both.
func TestHuntGraderScore(t *testing.T) {
	code, out, errs := runProc(t, "hunt", "--driver", "zoo:xv6/arp-reentrant", "--seeds", "16", "--faults", "none",
		"--json", "--out", t.TempDir())
	if code != exitFail {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	for _, want := range []string{"make grade (nettests", "  ping: FAIL (0/40) [finding 1]", "  DNS: FAIL (0/19)",
		"  Score: 0/99", "make grade: nettests fails ping", "not scored: 1 point for time.txt"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	s := lastGradeJSON(t, out)
	if strings.Join(s.Scenarios, ",") != "nettests,ping" || s.Grade == nil || s.Grade.Name != "nettests" ||
		s.Grade.Points != 0 || s.Grade.Max != 99 || len(s.Grade.Subtests) != 4 {
		t.Fatalf("JSON scenarios %v grade %+v", s.Scenarios, s.Grade)
	}
	ping := s.Grade.Subtests[0]
	if ping.Name != "ping" || ping.Passed || ping.Max != 40 || len(ping.Findings) != 1 || ping.Findings[0] != 1 {
		t.Errorf("subtest ping = %+v, want failed by finding 1", ping)
	}
	f := s.Findings[0]
	if f.Tier != "lab" || f.Scenario != "nettests" || !f.GraderFails || strings.Join(f.GraderSubtests, ",") != "ping" {
		t.Errorf("finding 1 = %+v, want a lab finding of nettests that fails ping", f)
	}
}

// --scenario picks one scenario, a subtest alone scores only itself; a
// kernel's scenario list names the graders' when one is unknown.
func TestHuntOneSubtest(t *testing.T) {
	code, out, errs := runProc(t, "hunt", "--driver", "ref:xv6-2024", "--scenario", "nettest/ping3", "--seeds", "8",
		"--personality", "qemu", "--json", "--out", t.TempDir())
	if code != exitOK || !strings.Contains(out, "  ping3: OK (30/30)\n  Score: 30/30") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if s := lastGradeJSON(t, out); strings.Join(s.Scenarios, ",") != "nettest/ping3" || s.Grade.Points != 30 {
		t.Errorf("JSON %+v", s)
	}
	code, out, _ = runProc(t, "hunt", "--driver", "ref:xv6-2024", "--scenario", "nettest/nope", "--json")
	if code != exitUsage || !strings.Contains(out, "nettest/ping3") {
		t.Errorf("unknown scenario: exit %d\n%s", code, out)
	}
}

// A leak the 2020-2023 grader does not test is a lab finding of nicsim's
// heap oracle: make grade passes its schedule, and every point is kept.
func TestHuntGraderPassesOracleOnly(t *testing.T) {
	code, out, errs := runProc(t, "hunt", "--driver", "zoo:xv6/tx-leak", "--scenario", "nettests", "--seeds", "8",
		"--faults", "none", "--json", "--out", t.TempDir())
	if code != exitFail {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	s := lastGradeJSON(t, out)
	if s.Grade == nil || s.Grade.Points != 99 || len(s.Findings) == 0 {
		t.Fatalf("grade %+v findings %+v, want 99/99 and a finding", s.Grade, s.Findings)
	}
	f := s.Findings[0]
	if f.Tier != "lab" || f.GraderFails || !strings.Contains(f.Grader, "passes this schedule") {
		t.Errorf("finding %+v, want a lab leak make grade passes", f)
	}
}

// --max-findings bounds the findings of the whole hunt, not of each
// scenario: a driver with many distinct bugs, hunted in the grader's
// scenario and ping, reports exactly that many.
func TestHuntMaxFindingsAcrossScenarios(t *testing.T) {
	code, out, errs := runCLI(t, "hunt", "--driver", "zoo:xv6/tx-no-lock", "--seeds", "150",
		"--max-findings", "3", "--json", "--out", t.TempDir())
	var s huntGradeJSON
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("exit %d: %v\n%s%s", code, err, out, errs)
	}
	if code != exitFail || len(s.Scenarios) != 2 || len(s.Findings) != 3 {
		t.Fatalf("exit %d, scenarios %v, %d findings: want exit %d, two scenarios, 3 findings\n%s", code,
			s.Scenarios, len(s.Findings), exitFail, errs)
	}
}

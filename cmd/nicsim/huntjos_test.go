package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/internal/labvariant"
)

// handlab is the hand-written JOS lab folder.
const handlab = "../../guest/jos/testdata/handlab"

// josHuntJSON is the part of hunt's JSON object the JOS tests read.
type josHuntJSON struct {
	Scenarios []string `json:"scenarios"`
	Findings  []struct {
		Class    string `json:"class"`
		Scenario string `json:"scenario"`
	} `json:"findings"`
}

func josHunt(t *testing.T, args ...string) josHuntJSON {
	t.Helper()
	args = append([]string{"hunt", "--json", "--out", t.TempDir()}, args...)
	_, out, errs := runProc(t, args...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var s josHuntJSON
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("hunt %v: last line is not JSON: %v\n%s\n%s", args, err, out, errs)
	}
	return s
}

// A JOS lab folder hunted without --scenario runs the lab's grader
// scenarios and ping; its lone driver runs ping only. An input
// environment that receives every frame into the one page it sent is
// found by the default hunt.
func TestHuntJOSLabDefaultScenarios(t *testing.T) {
	want := []string{"testoutput", "testinput", "ping"}
	if s := josHunt(t, "--driver", handlab, "--seeds", "4"); !slices.Equal(s.Scenarios, want) {
		t.Errorf("default hunt of handlab ran %v, want %v", s.Scenarios, want)
	}
	if s := josHunt(t, "--driver", handlab+"/kern/e1000.c", "--seeds", "4"); !slices.Equal(s.Scenarios, []string{"ping"}) {
		t.Errorf("default hunt of handlab's kern/e1000.c ran %v, want [ping]", s.Scenarios)
	}
	reuse := labvariant.Copy(t, handlab, labvariant.InputPageReuse...)
	s := josHunt(t, "--driver", reuse, "--seeds", "4")
	found := slices.ContainsFunc(s.Findings, func(f struct {
		Class    string `json:"class"`
		Scenario string `json:"scenario"`
	}) bool {
		return f.Class == "input-page-reuse" && f.Scenario == "testinput"
	})
	if !found {
		t.Errorf("default hunt of the page-reusing lab found %+v, want input-page-reuse in testinput", s.Findings)
	}
}

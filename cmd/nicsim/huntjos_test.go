package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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

// copyLab copies handlab into a temporary folder with one file's text
// replaced.
func copyLab(t *testing.T, file, old, new string) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.Walk(handlab, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(handlab, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if filepath.ToSlash(rel) == file {
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("%s lacks %q", file, old)
			}
			b = bytes.Replace(b, []byte(old), []byte(new), 1)
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
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
	reuse := copyLab(t, "net/input.c",
		"\twhile (1) {\n\t\twhile ((len",
		"\tif ((i = sys_page_alloc(0, &nsipcbuf, PTE_P | PTE_U | PTE_W)) < 0)\n\t\tpanic(\"alloc\");\n\twhile (1) {\n\t\twhile ((len")
	b, _ := os.ReadFile(filepath.Join(reuse, "net", "input.c"))
	b = bytes.Replace(b, []byte("\t\tif ((i = sys_page_alloc(0, &nsipcbuf, PTE_P | PTE_U | PTE_W)) < 0)\n\t\t\tpanic(\"input: sys_page_alloc: %e\", i);\n"), nil, 1)
	if err := os.WriteFile(filepath.Join(reuse, "net", "input.c"), b, 0o644); err != nil {
		t.Fatal(err)
	}
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

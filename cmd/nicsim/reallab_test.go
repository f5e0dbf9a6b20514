package main

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/internal/labvariant"
)

// realLab is where the reproductions of real students' xv6 net-lab trees
// live (guest/xv6/testdata/reallab2020 and reallab2024): a whole kernel/
// folder of each lab generation (the lab's headers with their inline asm,
// defs.h declaring the whole kernel, pci.c, net.c, sysnet.c), other
// students' styles, and bug variants of them, most of them a mutant file
// (bugs/no-eop.mutant) that edits a file of the tree: a file of a variant
// (bugs/no-eop/e1000.c) is made in a temporary folder of t.
func realLab(t testing.TB, gen, rel string) string {
	lab := filepath.Join("..", "..", "guest", "xv6", "testdata", "reallab"+gen)
	p := filepath.Join(lab, filepath.FromSlash(rel))
	if _, err := os.Stat(strings.TrimSuffix(p, string(filepath.Separator))); err == nil {
		return p
	}
	return filepath.Join(labvariant.Variant(t, lab, path.Dir(rel)), path.Base(rel))
}

// Real students' trees, hunted as a new user would (lone files and whole
// kernel/ folders) with a few seeds of the lab's grader under QEMU's
// device: a correct solution gets every point and no lab finding; each bug
// variant gets the grade make grade would give, a lab finding with the
// right title (the root cause: EOP, RS, the RDT off-by-one), and the
// failing subtest named. The 2024 net.c bug variants run in harness's
// TestRealLab2024Grader, without the files of a finding (seconds to write
// for a run as long as nettest's ping3).
func TestHuntRealLabTrees(t *testing.T) {
	for _, tc := range []struct {
		name    string
		drivers []string
		points  int
		title   string // the first lab finding's title ("" for none)
		fails   string // the subtests that finding fails
	}{
		{"2020/folder", []string{realLab(t, "2020", "kernel") + "/"}, 99, "", ""},
		{"2020/twolocks", []string{realLab(t, "2020", "styles/twolocks/e1000.c")}, 99, "", ""},
		{"2020/dropnetrx", []string{realLab(t, "2020", "styles/dropnetrx/e1000.c")}, 99, "", ""},
		{"2020/lock-netrx", []string{realLab(t, "2020", "bugs/lock-netrx/e1000.c")}, 0, "lock re-entry", "ping"},
		{"2020/no-eop", []string{realLab(t, "2020", "bugs/no-eop/e1000.c")}, 0, "TX descriptor without EOP", "ping"},
		{"2020/no-rs", []string{realLab(t, "2020", "bugs/no-rs/e1000.c")}, 40, "TX descriptor without RS", "single-process pings"},
		{"2020/rx-offbyone", []string{realLab(t, "2020", "bugs/rx-offbyone/e1000.c")}, 0, "RX ring handed over whole (RDT off by one)", "ping"},
		// A kernel function of the student's own defs.h that nicsim lacks:
		// the driver links, and the call is a finding of tier nicsim (not a
		// driver bug; exit 2), named, with the grader stopped there.
		{"2020/statsinc", []string{realLab(t, "2020", "quirks/statsinc/e1000.c")}, 0, "kernel function nicsim does not provide", "ping"},
		{"2020/ownheader", []string{realLab(t, "2020", "quirks/ownheader/e1000.c")}, 99, "", ""},
		{"2024/folder", []string{realLab(t, "2024", "kernel")}, 170, "", ""},
		{"2024/dropnetrx", []string{realLab(t, "2024", "styles/dropnetrx/e1000.c"), realLab(t, "2024", "kernel/net.c")}, 170, "", ""},
		{"2024/netlist", []string{realLab(t, "2024", "kernel/e1000.c"), realLab(t, "2024", "styles/netlist/net.c")}, 170, "", ""},
		{"2024/lock-netrx", []string{realLab(t, "2024", "bugs/lock-netrx/e1000.c"), realLab(t, "2024", "kernel/net.c")}, 40, "lock re-entry", "ping0"},
		{"2024/no-eop", []string{realLab(t, "2024", "bugs/no-eop/e1000.c"), realLab(t, "2024", "kernel/net.c")}, 0, "TX descriptor without EOP", "ping0"},
		{"2024/rx-offbyone", []string{realLab(t, "2024", "bugs/rx-offbyone/e1000.c"), realLab(t, "2024", "kernel/net.c")}, 40, "RX ring handed over whole (RDT off by one)", "ping0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"hunt", "--seeds", "2", "--personality", "qemu", "--faults", "none", "--max-findings", "1",
				"--json", "--out", t.TempDir()}
			if strings.HasPrefix(tc.name, "2020") {
				args = append(args, "--scenario", "nettests")
			} else {
				args = append(args, "--scenario", "nettest")
			}
			for _, d := range tc.drivers {
				args = append(args, "--driver", d)
			}
			code, out, errs := runProc(t, args...)
			tier := "lab"
			if strings.HasPrefix(tc.title, "kernel function nicsim") {
				tier = "nicsim"
			}
			if code == exitUsage && tier != "nicsim" {
				t.Fatalf("exit 2\n%s%s", out, errs)
			}
			s := lastGradeJSON(t, out)
			if s.Grade == nil || s.Grade.Points != tc.points {
				t.Fatalf("grade %+v, want %d points\n%s", s.Grade, tc.points, out)
			}
			var lab []string
			for _, f := range s.Findings {
				if f.Tier == "lab" {
					lab = append(lab, f.Grader)
				}
			}
			full := lastHuntJSON(t, out)
			if tc.title == "" {
				if len(lab) != 0 || code != exitOK {
					t.Fatalf("exit %d, lab findings %v, want none\n%s", code, lab, out)
				}
				return
			}
			if len(full.Findings) == 0 || full.Findings[0].Tier != tier || full.Findings[0].Title != tc.title {
				t.Fatalf("first finding %+v, want a %s finding %q\n%s", full.Findings, tier, tc.title, out)
			}
			if got := strings.Join(s.Findings[0].GraderSubtests, ","); got != tc.fails {
				t.Errorf("finding 1 fails %q, want %q\n%s", got, tc.fails, out)
			}
		})
	}
}

// lastHuntJSON reads hunt's JSON object, the last line of its output.
func lastHuntJSON(t *testing.T, out string) huntSummary {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var s huntSummary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out)
	}
	return s
}

// Under injected faults, a real student's net.c whose sys_bind kallocs its
// port got two false findings: bind returning -1 when kalloc failed (which
// is right) was a "corrupt frame", and a panic's stopped context counted as
// a leak. Now the bind is made again, and no heap count follows a panic.
func TestHuntRealLabFaultsNoFalseFindings(t *testing.T) {
	code, out, errs := runProc(t, "hunt", "--driver", realLab(t, "2024", "kernel/e1000.c"), "--driver", realLab(t, "2024", "styles/netlist/net.c"),
		"--seeds", "40", "--no-shrink", "--json", "--out", t.TempDir())
	if code == exitUsage {
		t.Fatalf("exit 2\n%s%s", out, errs)
	}
	s := lastHuntJSON(t, out)
	if s.Grade == nil || s.Grade.Points != 170 {
		t.Fatalf("grade %+v, want 170\n%s", s.Grade, out)
	}
	for _, f := range s.Findings {
		if f.Tier == "lab" || f.Class == "corrupt-frame" || f.Class == "leak" {
			t.Errorf("finding %s %s: %s", f.Tier, f.Class, f.Message)
		}
	}
}

package harness

import (
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/internal/labvariant"
)

// realLabFile is a file of the reproductions of real students' xv6 net-lab
// trees (guest/xv6/testdata/reallab2024): a file of the tree, or of a
// variant (bugs/no-rs/e1000.c, made from bugs/no-rs.mutant in a temporary
// folder of t).
func realLabFile(t testing.TB, rel string) string {
	_, file, _, _ := runtime.Caller(0)
	lab := filepath.Join(filepath.Dir(filepath.Dir(file)), "guest/xv6/testdata/reallab2024")
	if p := filepath.Join(lab, filepath.FromSlash(rel)); fileExists(p) {
		return p
	}
	return filepath.Join(labvariant.Variant(t, lab, path.Dir(rel)), path.Base(rel))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// The bug variants of a real student's 2024 e1000.c and net.c fail the
// lab's grader (nettest, QEMU's device, no faults) with the right class at
// the right subtest, and the student's correct pair passes every subtest.
// (cmd/nicsim's TestHuntRealLabTrees hunts the rest of the trees through
// the command line; these rows are here because writing a finding's files
// for a run as long as nettest's ping3 takes seconds.)
func TestRealLab2024Grader(t *testing.T) {
	for _, tc := range []struct {
		e1000, net string
		class      string // "" for a pass
		fails      string // the first subtest that fails
	}{
		{"kernel/e1000.c", "kernel/net.c", "", ""},
		{"kernel/e1000.c", "styles/netlist/net.c", "", ""},
		{"bugs/tx-nofree/e1000.c", "kernel/net.c", "leak", "free"},
		{"bugs/no-rs/e1000.c", "kernel/net.c", "lost-packet", "ping1"},
		{"kernel/e1000.c", "bugs/net-no-bound/net.c", "queue-bound", "ping3"},
		{"kernel/e1000.c", "bugs/net-drop-leak/net.c", "datagram-leak", "ping3"},
		{"kernel/e1000.c", "bugs/net-wakeup-early/net.c", "lost-wakeup", "ping1"},
	} {
		t.Run(strings.TrimSuffix(filepath.Base(filepath.Dir(tc.e1000))+"+"+filepath.Base(filepath.Dir(tc.net)), "/"), func(t *testing.T) {
			c := &Config{Driver: realLabFile(t, tc.e1000), Files: []string{realLabFile(t, tc.net)}, Seed: 1,
				Scenario: "nettest", Personality: "qemu"}
			tg, err := Open(c)
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			r, err := Run(tg, c, Options{})
			if err != nil {
				t.Fatal(err)
			}
			failed := ""
			for _, g := range r.Grade {
				if !g.Passed && !g.NotReached && failed == "" {
					failed = g.Name
				}
			}
			class := ""
			if r.Failed() {
				class = r.Verdict.Class
			}
			if class != tc.class || failed != tc.fails {
				t.Fatalf("verdict %q failing %q, want %q failing %q: %s", class, failed, tc.class, tc.fails, r.Verdict.Message)
			}
		})
	}
}

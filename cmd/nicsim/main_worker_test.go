package main

import (
	"os"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/sandbox"
)

// TestMain lets the test binary stand in for nicsim when a hunt re-runs
// itself as worker processes (os.Executable is the test binary here).
func TestMain(m *testing.M) {
	sandbox.ServeJail()
	if len(os.Args) > 1 && !strings.HasPrefix(os.Args[1], "-") { // a nicsim command (runProc, workers)
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// A C driver runs one per process, so the hunt uses worker processes; it
// must find what one process finds, at the same seed.
func TestHuntWorkerProcesses(t *testing.T) {
	for _, w := range []string{"1", "2"} {
		code, out, errs := runProc(t, "hunt", "--driver", "zoo:xv6/rx-reads-rdh", "--scenario", "ping", "--seeds", "400", "--workers", w,
			"--first", "--no-shrink", "--json", "--out", t.TempDir())
		if code != exitFail {
			t.Fatalf("workers=%s: exit %d, want 1\n%s%s", w, code, out, errs)
		}
		s := lastJSON(t, out)
		if s.Class != "ring-ownership" || s.Seed != 80 {
			t.Errorf("workers=%s: %s at seed %d, want ring-ownership at seed 80", w, s.Class, s.Seed)
		}
	}
	code, out, errs := runProc(t, "hunt", "--driver", "ref:xv6", "--seeds", "200", "--workers", "2", "--json")
	if code != exitOK || lastJSON(t, out).Schedules != 400 { // nettests and ping
		t.Fatalf("ref:xv6 with 2 worker processes: exit %d\n%s%s", code, out, errs)
	}
}

package properties

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/harness"
)

const helperEnv = "NICSIM_PROPERTIES_HELPER"

// TestHelperCheckFails is run by TestCheckReportsFailure in a child
// process: it is a user's test of a driver with a bug.
func TestHelperCheckFails(t *testing.T) {
	if os.Getenv(helperEnv) == "" {
		t.Skip("run by TestCheckReportsFailure")
	}
	Check(t, Config{Harness: harness.Config{Driver: "model:xv6", Bug: "arp-reentrant"}, Checks: 10})
}

// A failing Check names the verdict and the shrunk schedule, prints rapid's
// rerun line and the nicsim replay command, and writes both the rapid fail
// file and the replay file under testdata/ of the package directory.
func TestCheckReportsFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCheckFails$", "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the helper test passed:\n%s", out)
	}
	replay := filepath.Join("testdata", "nicsim", "TestHelperCheckFails", "lock-reentry-qemu.replay")
	for _, want := range []string{
		"[nicsim] FAIL lock-reentry: driver=model:xv6 bug=arp-reentrant personality=qemu scenario=ping: 0 preemptions",
		"[nicsim] schedule: no preemptions",
		"acquire: lock e1000_lock",
		"To reproduce, specify -run=\"TestHelperCheckFails\" -rapid.failfile=",
		"[nicsim] replay: nicsim replay " + replay,
		"[nicsim] wrote " + replay,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	f, err := corpus.Load(filepath.Join(dir, replay))
	if err != nil {
		t.Fatal(err)
	}
	if f.Verdict != "lock-reentry" || f.Bug != "arp-reentrant" || f.Strategy != "random" {
		t.Errorf("replay file: verdict %q bug %q strategy %q", f.Verdict, f.Bug, f.Strategy)
	}
	fails, _ := filepath.Glob(filepath.Join(dir, "testdata", "rapid", "TestHelperCheckFails", "*.fail"))
	if len(fails) != 1 {
		t.Errorf("rapid fail files: %v, want one", fails)
	}
}

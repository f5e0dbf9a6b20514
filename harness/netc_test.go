package harness

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/csrc"
)

// netcFiles are the 2024 reference e1000.c and nicsim's reference net.c.
func netcConfig(t *testing.T, seed uint64) *Config {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	return &Config{Driver: filepath.Join(root, "guest/csrc/drivers/xv6-2024/ref/e1000.c"),
		Files: []string{filepath.Join(root, "guest/xv6/netc/ref/net.c")}, Seed: seed, KeepTrace: true}
}

var _ = csrc.DefaultRing

// TestNetCRefRuns hosts the reference pair and checks that the socket
// workload made its system calls (the trace holds the copies of recv).
func TestNetCRefRuns(t *testing.T) {
	c := netcConfig(t, 1)
	tg, err := Open(c)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	r, err := Run(tg, c, Options{Record: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed() {
		t.Fatalf("reference failed: %s: %s\n%s", r.Verdict.Class, r.Verdict.Message, strings.Join(r.Last, "\n"))
	}
	n := map[string]int{}
	for _, e := range r.Machine.Trace.All() {
		s := r.Machine.Trace.Format(&e)
		for _, k := range []string{"copyout", "copyin", "proc.sleep", "proc.wakeup", "net_rx"} {
			if strings.Contains(s, k) {
				n[k]++
			}
		}
	}
	t.Logf("steps %d events %d: %v", r.Steps, r.Events, n)
}

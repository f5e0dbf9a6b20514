package harness

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
)

// netcConfig hosts the 2024 reference e1000.c with nicsim's reference
// net.c (a bundled driver with the user's net.c beside it).
func netcConfig(seed uint64) *Config {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	return &Config{Driver: "ref:xv6-2024", Files: []string{filepath.Join(root, "guest/xv6/netc/ref/net.c")}, Seed: seed}
}

// TestNetCRefPasses runs the socket workload on the reference pair under
// both personalities and many seeds, and replays one seed for its hash.
func TestNetCRefPasses(t *testing.T) {
	c := netcConfig(1)
	tg, err := Open(c)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	for _, pers := range []string{"qemu", "strict"} {
		for seed := uint64(1); seed <= 40; seed++ {
			c := netcConfig(seed)
			c.Personality = pers
			r, err := Run(tg, c, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Failed() {
				t.Fatalf("%s seed %d: %s: %s", pers, seed, r.Verdict.Class, r.Verdict.Message)
			}
		}
	}
	c = netcConfig(7)
	a, _ := Run(tg, c, Options{})
	b, _ := Run(tg, netcConfig(7), Options{})
	if a.TraceHash != b.TraceHash || a.Steps < 1000 {
		t.Fatalf("seed 7: trace hashes %#x and %#x (steps %d, %d)", a.TraceHash, b.TraceHash, a.Steps, b.Steps)
	}
}

// TestNetCZoo finds every net.c mutant with the class it is tagged with.
func TestNetCZoo(t *testing.T) {
	k, err := guest.LookupKernel("xv6-2024")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := k.Hosted.Mutants()
	if err != nil {
		t.Fatal(err)
	}
	var net []csrc.Mutant
	for _, mu := range ms {
		if strings.Contains(mu.Name, "/net-") {
			net = append(net, mu)
		}
	}
	if len(net) < 7 {
		t.Fatalf("%d net.c mutants in the xv6-2024 zoo", len(net))
	}
	for _, mu := range net {
		r := huntMutant(mu, 200)
		if !r.Found || r.Err != "" {
			t.Errorf("%s: want %s, got %s (%s) %s", mu.Name, mu.Verdict, r.Class, r.Message, r.Err)
		}
	}
}

// TestNetCNettest runs the 2024 grader's program with the reference pair
// (the program's socket operations are net.c's system calls): every
// subtest passes; a net.c without a queue bound fails ping3 with
// queue-bound.
func TestNetCNettest(t *testing.T) {
	c := netcConfig(1)
	c.Scenario = "nettest"
	tg, err := Open(c)
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 10; seed++ {
		c := netcConfig(seed)
		c.Scenario, c.KeepTrace = "nettest", seed == 1
		r, err := Run(tg, c, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Failed() {
			t.Fatalf("seed %d: %s: %s", seed, r.Verdict.Class, r.Verdict.Message)
		}
		for _, g := range r.Grade {
			if !g.Passed {
				t.Errorf("seed %d: %s did not pass", seed, g.Name)
			}
		}
		if seed == 1 && !strings.Contains(strings.Join(traceLines(r), "\n"), "copyout") {
			t.Fatal("nettest made no copyout: the real system calls did not run")
		}
	}
	tg.Close()
	mc := &Config{Driver: "zoo:xv6-2024/net-no-bound", Scenario: "nettest", Seed: 1}
	mt, err := Open(mc)
	if err != nil {
		t.Fatal(err)
	}
	defer mt.Close()
	r, err := Run(mt, mc, Options{})
	if err != nil || r.Verdict.Class != "queue-bound" {
		t.Fatalf("net-no-bound under nettest: %v %v", r.Verdict, err)
	}
}

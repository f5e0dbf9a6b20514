package harness

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
)

// netcConfig hosts the 2024 reference e1000.c with nicsim's reference
// net.c.
func netcConfig(seed uint64) *Config {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	return &Config{Driver: filepath.Join(root, "guest/csrc/drivers/xv6-2024/ref/e1000.c"),
		Files: []string{filepath.Join(root, "guest/xv6/netc/ref/net.c")}, Seed: seed}
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
	ms, err := k.Mutants()
	if err != nil || len(ms) < 6 {
		t.Fatalf("net.c zoo: %d mutants, %v", len(ms), err)
	}
	for _, mu := range ms {
		if !strings.Contains(mu.Name, "/net-") {
			t.Fatalf("%s: not a net.c mutant", mu.Name)
		}
		r := huntMutant(mu, 200)
		if !r.Found || r.Err != "" {
			t.Errorf("%s: want %s, got %s (%s) %s", mu.Name, mu.Verdict, r.Class, r.Message, r.Err)
		}
	}
}

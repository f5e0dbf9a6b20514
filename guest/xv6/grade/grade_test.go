package grade_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/grader"
	_ "github.com/nicsim/nicsim/guest/all"
	"github.com/nicsim/nicsim/guest/xv6/grade"
	"github.com/nicsim/nicsim/harness"
	_ "github.com/nicsim/nicsim/nic/all"
	"github.com/nicsim/nicsim/sim"
)

// run runs one seed of a scenario for a driver.
func run(t *testing.T, driver, scenario, pers string, seed uint64, swarm bool) *harness.Result {
	t.Helper()
	c := harness.Config{Driver: driver, Scenario: scenario, Personality: pers, Seed: seed, Swarm: swarm}
	c.Defaults()
	tg, err := harness.Open(&c)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	r, err := harness.Run(tg, &c, harness.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func seeds() int {
	if testing.Short() {
		return 4
	}
	return 16
}

// The reference drivers get every point of their grader, on every seed
// and both personalities; under a swarm of faults they still fail nothing.
func TestRefFullPoints(t *testing.T) {
	for _, d := range []struct {
		drv string
		g   *grader.Grader
	}{{"ref:xv6", grade.Nettests}, {"ref:xv6-2024", grade.Nettest}} {
		for _, pers := range []string{"qemu", "strict"} {
			for i := range seeds() {
				seed := uint64(i + 1)
				for _, swarm := range []bool{false, true} {
					r := run(t, d.drv, d.g.Name, pers, seed, swarm)
					if r.Failed() {
						t.Fatalf("%s %s seed %d swarm %v: %s: %s", d.drv, pers, seed, swarm, r.Verdict.Class, r.Verdict.Message)
					}
					if p, m := grader.Score(r.Grade); !swarm && (p != d.g.Max() || m != d.g.Max()) {
						t.Errorf("%s %s seed %d: score %d/%d, want %d/%d", d.drv, pers, seed, p, m, d.g.Max(), d.g.Max())
					}
				}
			}
		}
	}
	if grade.Nettests.Max() != 99 || grade.Nettest.Max() != 170 {
		t.Errorf("max points %d and %d, want 99 (the 100th is time.txt) and 170", grade.Nettests.Max(), grade.Nettest.Max())
	}
}

// Every subtest that runs alone scores only itself.
func TestEverySubtestAlone(t *testing.T) {
	for _, d := range []struct {
		drv string
		g   *grader.Grader
	}{{"ref:xv6", grade.Nettests}, {"ref:xv6-2024", grade.Nettest}} {
		for _, sc := range d.g.Scenarios()[1:] {
			r := run(t, d.drv, sc, "strict", 3, false)
			_, s, _ := grader.Scenario(sc)
			if r.Failed() || len(r.Grade) != 1 || r.Grade[0].Name != s.Name || !r.Grade[0].Passed {
				t.Errorf("%s %s: %v, grade %+v", d.drv, sc, r.Verdict, r.Grade)
			}
		}
	}
}

// Mutants that lose packets or panic fail the subtest where it shows (the
// others pass or are not reached); a leak the 2020 grader does not
// test fails nicsim's own oracle with every point kept.
func TestZooFailsTheRightSubtest(t *testing.T) {
	for _, tc := range []struct {
		drv, sc, class, sub string
		points              int
	}{
		{"zoo:xv6/no-eop", "nettests", sim.ClassLostPacket, "ping", 0},
		{"zoo:xv6/one-per-intr", "nettests", sim.ClassLostPacket, "multi-process pings", 60},
		{"zoo:xv6/arp-reentrant", "nettests", sim.ClassLockReentry, "ping", 0},
		{"zoo:xv6-2024/arp-reentrant", "nettest", sim.ClassLockReentry, "ping0", 40},
		{"zoo:xv6/tx-leak", "nettests", sim.ClassLeak, "", 99},
	} {
		r := run(t, tc.drv, tc.sc, "qemu", 1, false)
		p, _ := grader.Score(r.Grade)
		if r.Verdict.Class != tc.class || p != tc.points {
			t.Errorf("%s: %s with %d points, want %s with %d", tc.drv, r.Verdict.Class, p, tc.class, tc.points)
		}
		var failed []string
		for _, g := range r.Grade {
			if !g.Passed && !g.NotReached {
				failed = append(failed, g.Name)
			}
		}
		if got := strings.Join(failed, ","); got != tc.sub {
			t.Errorf("%s: failed subtests %q, want %q (%s)", tc.drv, got, tc.sub, r.Verdict.Message)
		}
	}
}

// The same seed gives the same trace, faults and all.
func TestDeterministic(t *testing.T) {
	for _, sc := range []string{"nettest", "nettest/ping3"} {
		for seed := uint64(1); seed <= 3; seed++ {
			a := run(t, "ref:xv6-2024", sc, "strict", seed, true)
			b := run(t, "ref:xv6-2024", sc, "strict", seed, true)
			if a.TraceHash != b.TraceHash || fmt.Sprint(a.Grade) != fmt.Sprint(b.Grade) {
				t.Errorf("%s seed %d: hash %016x then %016x", sc, seed, a.TraceHash, b.TraceHash)
			}
		}
	}
}

// A console of the real guest (with the host's txone line mixed in) reads
// back as the grader's results.
func TestParseRealConsole(t *testing.T) {
	console := "$ nettest grade\ntxone: OK\narp_rx: received an ARP packet\nip_rx: received an IP packet\n" +
		"ping0: OK\nping1: OK\nping2: OK\nping3: FAILED: no reply\ndns: OK\nfree: OK\n"
	rs := grade.Nettest.Parse(console)
	p, m := grader.Score(rs)
	if p != 140 || m != 170 || rs[6].Name != "ping3" || rs[6].Passed || !strings.Contains(rs[6].Why, "ping3: FAILED") {
		t.Errorf("score %d/%d, ping3 %+v", p, m, rs[6])
	}
	rs = grade.Nettests.Parse("testing ping: OK\ntesting single-process pings: OK\ntesting multi-process pings: OK\nDNS OK\n")
	if p, m := grader.Score(rs); p != 99 || m != 99 {
		t.Errorf("nettests: %d/%d, want 99/99", p, m)
	}
}

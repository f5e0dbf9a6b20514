package harness

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

func hunt(t *testing.T, driver string, seeds int) *HuntResult {
	t.Helper()
	h := Hunt{Base: Config{Driver: driver, Seed: 1}, Seeds: seeds}
	h.Base.Defaults()
	tg, err := Open(&h.Base)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	res, err := h.Run(tg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The reference C drivers pass every schedule tried, both personalities.
func TestHostedReferenceDriversPass(t *testing.T) {
	for _, d := range []string{"ref:xv6", "ref:xv6-2024"} {
		res := hunt(t, d, seeds(t, 1500))
		if res.Fail != nil {
			t.Errorf("%s failed at seed %d (%s, %s): %v\n%s", d, res.Config.Seed, res.Config.Strategy,
				res.Config.Personality, res.Fail.Verdict, strings.Join(res.Fail.Last, "\n"))
		}
	}
}

// The C mutants end in the verdicts they plant, and nicsim carries on
// after a driver crashes.
func TestHostedMutantVerdicts(t *testing.T) {
	cases := []struct {
		driver, class string
		mention       []string
	}{
		{"zoo:xv6/arp-reentrant", sim.ClassLockReentry, []string{"e1000_transmit", "e1000_recv", "e1000_intr", "net_rx", "interrupt"}},
		{"zoo:xv6-2024/arp-reentrant", sim.ClassLockReentry, []string{"e1000_transmit", "net_rx"}},
		{"zoo:xv6/null-transmit", sim.ClassCrash, []string{"SIGSEGV", "e1000_transmit"}},
		{"zoo:xv6/intr-spin", sim.ClassLivelock, []string{"e1000_intr"}},
	}
	for _, c := range cases {
		res := hunt(t, c.driver, 200)
		if res.Fail == nil {
			t.Errorf("%s: nothing found", c.driver)
			continue
		}
		v := res.Fail.Verdict
		if v.Class != c.class {
			t.Errorf("%s: %s, want %s: %s", c.driver, v.Class, c.class, v.Message)
			continue
		}
		for _, s := range c.mention {
			if !strings.Contains(v.Message, s) {
				t.Errorf("%s: message does not mention %q: %s", c.driver, s, v.Message)
			}
		}
	}
	// nicsim survived the crash and the livelock: the reference still runs.
	if res := hunt(t, "ref:xv6", 20); res.Fail != nil {
		t.Fatalf("ref:xv6 after the mutants: %v", res.Fail.Verdict)
	}
}

// A hosted failure replays bit for bit from its file.
func TestHostedReplayIsExact(t *testing.T) {
	res := hunt(t, "zoo:xv6/arp-reentrant", 100)
	if res.Fail == nil {
		t.Fatal("arp-reentrant not found")
	}
	c := res.Config
	tg := openT(t, &c)
	for i := 0; i < 5; i++ {
		r, err := Run(tg, &c, Options{Tape: sim.NewReplayTape(res.Fail.Decisions, sim.NewSeedSource(c.Seed)), Record: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.TraceHash != res.Fail.TraceHash {
			t.Fatalf("replay %d: hash %x, want %x", i, r.TraceHash, res.Fail.TraceHash)
		}
	}
}

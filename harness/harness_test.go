package harness

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/sim"
)

func openT(t *testing.T, c *Config) Target {
	t.Helper()
	c.Defaults()
	tg, err := Open(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tg.Close() })
	return tg
}

func seeds(t *testing.T, n int) int {
	if testing.Short() {
		return n / 5
	}
	return n
}

// The same seed gives the same trace hash, run after run, for every
// strategy and personality.
func TestDeterminism(t *testing.T) {
	for _, pers := range []string{"qemu", "strict"} {
		for _, strat := range []string{"random", "pct:2"} {
			for seed := uint64(1); seed <= 5; seed++ {
				c := Config{Driver: "model:xv6", Personality: pers, Strategy: strat, Seed: seed}
				tg := openT(t, &c)
				a, err := Run(tg, &c, Options{Record: true})
				if err != nil {
					t.Fatal(err)
				}
				b, _ := Run(tg, &c, Options{})
				if a.TraceHash != b.TraceHash || a.Steps != b.Steps {
					t.Errorf("%s/%s seed %d: hash %x (%d steps) then %x (%d steps)", pers, strat, seed,
						a.TraceHash, a.Steps, b.TraceHash, b.Steps)
				}
				if a.Failed() {
					t.Errorf("%s/%s seed %d: the correct model driver failed: %v", pers, strat, seed, a.Verdict)
				}
			}
		}
	}
}

// The correct model driver passes many schedules in both personalities.
func TestModelDriverPasses(t *testing.T) {
	for _, abi := range []string{"xv6", "xv6-2024"} {
		h := Hunt{Base: Config{Driver: "model:" + abi, Seed: 1}, Seeds: seeds(t, 2000)}
		h.Base.Defaults()
		res, err := h.Run(openT(t, &h.Base))
		if err != nil {
			t.Fatal(err)
		}
		if res.Fail != nil {
			t.Fatalf("model:%s failed at seed %d (%s, %s): %v\n%s", abi, res.Config.Seed, res.Config.Strategy,
				res.Config.Personality, res.Fail.Verdict, strings.Join(res.Fail.Last, "\n"))
		}
	}
}

// Every planted bug is found, with the verdict class it should produce.
func TestPlantedBugsFound(t *testing.T) {
	want := map[string][]string{
		"arp-reentrant": {sim.ClassLockReentry},
		"one-per-intr":  {sim.ClassLostPacket},
		"tx-no-dd":      {sim.ClassRingOwnership},
		"no-ack":        {sim.ClassLivelock},
		"no-rs":         {sim.ClassLivelock, sim.ClassLostPacket},
		"rx-no-clear":   {sim.ClassDuplicate, sim.ClassCorrupt, sim.ClassRingOwnership},
		"tx-full-lap":   {sim.ClassLostPacket, sim.ClassLivelock, sim.ClassRingOwnership},
		"tx-no-lock":    {sim.ClassLostPacket, sim.ClassRingOwnership, sim.ClassDuplicate, sim.ClassDoubleFree},
	}
	for bug, classes := range want {
		t.Run(bug, func(t *testing.T) {
			h := Hunt{Base: Config{Driver: "model:xv6", Bug: bug, Seed: 1}, Seeds: 10000}
			h.Base.Defaults()
			res, err := h.Run(openT(t, &h.Base))
			if err != nil {
				t.Fatal(err)
			}
			if res.Fail == nil {
				t.Fatalf("not found in %d schedules", res.Schedules)
			}
			got := res.Fail.Verdict.Class
			ok := false
			for _, c := range classes {
				ok = ok || got == c
			}
			if !ok {
				t.Fatalf("found as %q after %d schedules, want one of %v: %s", got, res.Schedules, classes, res.Fail.Verdict.Message)
			}
			t.Logf("%s: %s after %d schedules (%s, %s)", bug, got, res.Schedules, res.Config.Strategy, res.Config.Personality)
		})
	}
}

// The ARP re-entrancy names the lock and both acquisition sites, and its
// replay file reproduces the identical trace hash every time.
func TestARPReentrancyReplay(t *testing.T) {
	h := Hunt{Base: Config{Driver: "model:xv6", Bug: "arp-reentrant", Seed: 1}, Seeds: 1000}
	h.Base.Defaults()
	tg := openT(t, &h.Base)
	res, err := h.Run(tg)
	if err != nil || res.Fail == nil {
		t.Fatalf("hunt: %v, %+v", err, res)
	}
	msg := res.Fail.Verdict.Message
	for _, s := range []string{"e1000_lock", "e1000_transmit", "e1000_recv", "e1000_intr", "interrupt"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message does not name %q:\n%s", s, msg)
		}
	}
	f := ToFile(tg, &res.Config, res.Fail)
	b, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		g, err := corpus.ParseBytes(b)
		if err != nil {
			t.Fatal(err)
		}
		c, ds, err := FromFile(g)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Run(tg, c, Options{Tape: sim.NewReplayTape(ds, sim.NewSeedSource(c.Seed)), Record: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.TraceHash != res.Fail.TraceHash || r.Verdict.Class != res.Fail.Verdict.Class || r.Diverged != -1 {
			t.Fatalf("replay %d: hash %x class %s diverged %d, want %x %s -1", i, r.TraceHash, r.Verdict.Class,
				r.Diverged, res.Fail.TraceHash, res.Fail.Verdict.Class)
		}
	}
}

// A replay file stays useful when its decisions no longer fit the run (the
// driver changed): the recorded prefix replays, then the run continues from
// the seed, and it is still deterministic.
func TestReplayPrefixThenSeed(t *testing.T) {
	c := Config{Driver: "model:xv6", Personality: "strict", Strategy: "random", Seed: 3}
	tg := openT(t, &c)
	full, err := Run(tg, &c, Options{Record: true})
	if err != nil {
		t.Fatal(err)
	}
	ds := append([]sim.Decision(nil), full.Decisions[:len(full.Decisions)/2]...)
	// An edit of the driver shows up as decisions that no longer fit.
	ds = append(ds, sim.Decision{Stream: sim.StreamSched, V: 250, N: 251})
	run := func() *Result {
		r, err := Run(tg, &c, Options{Tape: sim.NewReplayTape(ds, sim.NewSeedSource(c.Seed)), Record: true})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := run(), run()
	if a.Diverged != len(ds)-1 {
		t.Fatalf("diverged at %d, want %d (the first decision that does not fit)", a.Diverged, len(ds)-1)
	}
	if a.Failed() || a.TraceHash != b.TraceHash {
		t.Fatalf("verdict %v, hashes %x %x: want a passing, deterministic run", a.Verdict, a.TraceHash, b.TraceHash)
	}
	for i := range ds[:len(ds)-1] {
		if a.Decisions[i] != ds[i] {
			t.Fatalf("decision %d = %v, want the recorded %v", i, a.Decisions[i], ds[i])
		}
	}
}

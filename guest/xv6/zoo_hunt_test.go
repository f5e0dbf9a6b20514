package xv6_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/nicsim/nicsim/guest/xv6"
	"github.com/nicsim/nicsim/harness"
)

// TestZooHunt hunts every mutant of the zoo with the C hosting layer, the
// way `nicsim hunt --driver zoo:ABI/NAME --seeds 2000` does (both
// personalities alternating, swarm faults, portfolio strategies), and
// checks that the first verdict is the class the mutant is tagged with.
// A mutant with a strict tag is hunted again with the strict personality
// alone; one with needs must pass (the workload cannot express it yet);
// the references must pass. It takes a few minutes (livelocks run to the
// step budget), so it runs only with NICSIM_ZOO_HUNT=1; NICSIM_ZOO_SEEDS
// changes the number of seeds (default 2000).
func TestZooHunt(t *testing.T) {
	if os.Getenv("NICSIM_ZOO_HUNT") == "" {
		t.Skip("set NICSIM_ZOO_HUNT=1 to hunt every mutant of the zoo (minutes)")
	}
	seeds := 2000
	if s := os.Getenv("NICSIM_ZOO_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("NICSIM_ZOO_SEEDS=%q", s)
		}
		seeds = n
	}
	ms, err := xv6.Mutants()
	if err != nil {
		t.Fatal(err)
	}
	for _, abi := range xv6.Generations() {
		hunt(t, "ref:"+abi, nil, "both", seeds, "pass")
	}
	for _, m := range ms {
		switch {
		case m.Needs != "":
			hunt(t, m.Name, m.Params, "both", seeds, "pass")
		default:
			hunt(t, m.Name, m.Params, "both", seeds, m.Verdict)
			if m.Strict != "" {
				hunt(t, m.Name, m.Params, "strict", seeds, m.Strict)
			}
		}
	}
}

// hunt runs one hunt of driver and checks the class of its first failure
// ("pass" for none).
func hunt(t *testing.T, driver string, params [][2]string, personality string, seeds int, want string) {
	t.Helper()
	c := harness.Config{Driver: driver, Seed: 1}
	for _, p := range params {
		if err := c.SetParam(p[0], p[1]); err != nil {
			t.Fatalf("%s: %v", driver, err)
		}
	}
	c.Defaults()
	h := harness.Hunt{Base: c, Seeds: seeds, Personality: personality, NoShrink: true}
	tg, err := harness.Open(&h.Base)
	if err != nil {
		t.Fatalf("%s: %v", driver, err)
	}
	defer tg.Close()
	start := time.Now()
	res, err := h.Run(tg)
	if err != nil {
		t.Fatalf("%s: %v", driver, err)
	}
	got, at, msg := "pass", res.Schedules, ""
	if res.Fail != nil {
		got, msg = res.Fail.Verdict.Class, res.Fail.Verdict.Message
	}
	line := driver + " (" + personality + "): " + got + " after " + strconv.Itoa(at) + " schedules in " +
		time.Since(start).Round(time.Millisecond).String()
	if got != want {
		t.Errorf("%s, want %s\n  %s", line, want, msg)
		return
	}
	t.Log(line)
}

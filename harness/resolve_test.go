package harness

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// PCT places its change points within the scenario's length: 4000 steps for
// the standard 64 datagrams, proportionally fewer for a shrunk scenario.
func TestPCTFollowsScenarioLength(t *testing.T) {
	for _, c := range []struct {
		packets int
		want    uint64
	}{{64, 4000}, {8, 500}, {1, 62}, {0, 62}} {
		cfg := Config{Driver: "model:xv6", Packets: c.packets, Strategy: "pct:3"}
		rc, err := cfg.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		p, ok := rc.Strategy.New(rc.expectedSteps()).(*sim.PCT)
		if !ok || p.K != c.want || p.D != 3 {
			t.Errorf("packets=%d: strategy %+v, want PCT depth 3 over %d steps", c.packets, p, c.want)
		}
	}
}

func TestResolveNamesWhatIsUnknown(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Driver: "model:plan9"}, "unknown kernel"},
		{Config{Device: "ne2000"}, "unknown device"},
		{Config{Personality: "silicon"}, "unknown personality"},
		{Config{Strategy: "dfs"}, "unknown strategy"},
		{Config{Driver: "ref:xv6", ABI: "xv6-2024"}, "does not match"},
	} {
		c.cfg.Defaults()
		if _, err := c.cfg.Resolve(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an error with %q", c.cfg, err, c.want)
		}
	}
}

package grade_test

import (
	"testing"

	"github.com/nicsim/nicsim/grader"
	_ "github.com/nicsim/nicsim/guest/all"
	"github.com/nicsim/nicsim/harness"
	_ "github.com/nicsim/nicsim/nic/all"
	"github.com/nicsim/nicsim/stack"
)

// run runs one seed of a scenario for a driver.
func run(t *testing.T, driver, scenario, pers string, seed uint64) *harness.Result {
	t.Helper()
	c := harness.Config{Driver: driver, Scenario: scenario, Personality: pers, Seed: seed, KeepTrace: true}
	c.Defaults()
	tg, err := harness.Open(&c)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	r, err := harness.Run(tg, &c, harness.Options{Record: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDebugRun(t *testing.T) {
	r := run(t, "ref:xv6-2024", "nettest", "qemu", 1)
	t.Logf("verdict %v steps %d t=%v", r.Verdict, r.Steps, r.VirtualTime)
	for _, g := range r.Grade {
		t.Logf("%+v", g)
	}
	p, m := grader.Score(r.Grade)
	t.Logf("score %d/%d", p, m)
	for _, l := range r.Last {
		t.Log(l)
	}
}

func TestDebugMatrix(t *testing.T) {
	for _, d := range []struct{ drv, sc string }{{"ref:xv6", "nettests"}, {"ref:xv6-2024", "nettest"}, {"ref:xv6", "nettests/dns"}, {"ref:xv6-2024", "nettest/ping3"}} {
		for _, pers := range []string{"qemu", "strict"} {
			for seed := uint64(1); seed <= 3; seed++ {
				r := run(t, d.drv, d.sc, pers, seed)
				p, m := grader.Score(r.Grade)
				t.Logf("%s %s %s %d: %v steps %d %d/%d", d.drv, d.sc, pers, seed, r.Verdict.Class, r.Steps, p, m)
				if r.Failed() {
					t.Log(r.Verdict.Message)
				}
			}
		}
	}
}

func TestDebugFrames(t *testing.T) {
	for _, sc := range []string{"nettest", "nettest/ping3"} {
		c := harness.Config{Driver: "ref:xv6-2024", Scenario: sc, Personality: "qemu", Seed: 1}
		c.Defaults()
		tg, _ := harness.Open(&c)
		r, _ := harness.Run(tg, &c, harness.Options{Capture: true})
		p := stack.NewParser()
		ports := map[uint16]int{}
		for _, f := range r.Frames {
			fr := p.Parse(f.Data)
			if fr.Kind == stack.KindUDP {
				ports[fr.UDP.SrcPort]++
			}
		}
		t.Logf("%s: %d frames, by src port %v", sc, len(r.Frames), ports)
		tg.Close()
	}
}

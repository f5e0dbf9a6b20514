package properties

import (
	"github.com/nicsim/nicsim/internal/checks"
	"path/filepath"
	"testing"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
	"pgregory.net/rapid"
)

// Check runs rapid over whole scenarios of the driver cfg names: every
// check draws a personality and a schedule, runs the scenario with every
// oracle on (delivery exactly once and in order, ring ownership, DMA,
// locks, deadlock, livelock, leaks at quiescence) and fails on the first
// verdict that is not ignored. Rapid shrinks the failure to the fewest
// preemptions it can, and Check reports the verdict, the shrunk schedule,
// and the nicsim replay file it writes for it (see [Config.ReplayDir]).
//
// Rapid's own fail file goes to testdata/rapid/<test name>/ and is replayed
// first by the next plain go test, as for any rapid test.
func Check(t *testing.T, cfg Config) {
	t.Helper()
	dir := cfg.ReplayDir
	if dir == "" {
		dir = filepath.Join("testdata", "nicsim", safeName(t.Name()))
	}
	r, err := newRunner(cfg, dir)
	if err != nil {
		t.Fatalf("[nicsim] %v", err)
	}
	t.Cleanup(func() { _ = r.tg.Close() })
	t.Cleanup(func() { r.save(t) }) // runs first: it needs the target
	r.check(t)
}

// runner is one Check: the opened driver and the last failure seen.
type runner struct {
	cfg  *resolved
	tg   harness.Target
	dir  string
	last *failure // the most recent failing run; rapid's last run is the shrunk one
}

func newRunner(cfg Config, dir string) (*runner, error) {
	c, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	tg, err := harness.Open(&c.base)
	if err != nil {
		return nil, err
	}
	return &runner{cfg: c, tg: tg, dir: dir}, nil
}

// check runs rapid with tb, which may be a recorder that expects failure.
func (r *runner) check(tb rapid.TB) {
	tb.Helper()
	checks.With(tb, r.cfg.Checks, func() {
		tb.Helper()
		rapid.Check(tb, r.property)
	})
}

// property is one check: draw, run, judge.
func (r *runner) property(t *rapid.T) {
	c := r.cfg.base
	if len(r.cfg.pers) > 1 {
		c.Personality = rapid.SampledFrom(r.cfg.pers).Draw(t, "personality")
	}
	var (
		sched Schedule
		rs    *RapidSource
		tape  *sim.Tape
	)
	if r.cfg.Draw == DrawChoices {
		rs = NewRapidSource(t)
		tape = sim.NewTape(rs)
	} else {
		sched = ScheduleOf(r.cfg.MaxPreemptions, r.cfg.MaxTiming).Draw(t, "schedule")
		tape = sim.NewTape(sched.Source())
	}
	res, err := harness.Run(r.tg, &c, harness.Options{Tape: tape, Record: true, LastN: 30})
	if rs != nil {
		rs.Rethrow()
	}
	if err != nil {
		t.Fatalf("[nicsim] %v", err)
	}
	if !res.Failed() || r.cfg.ignored(res.Verdict.Class) {
		return
	}
	res.Machine = nil // its RAM went back to the harness's pool
	f := &failure{cfg: c, res: res, sched: sched, drawn: rs == nil, preemptions: Preemptions(res.Decisions)}
	r.last = f
	t.Logf("%s", details(f))
	t.Fatalf("%s", r.summary(f))
}

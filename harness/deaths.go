package harness

import (
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

// A worker process that dies while running a seed (the driver exited,
// raised a signal, corrupted the process or ran past the wall-clock
// budget) is a finding on that seed, never the end of the hunt: a fresh
// worker goes on with the rest of the dead one's seeds. The seed is run
// again alone in a fresh worker: if it fails normally there, those failures
// are recorded as usual; if the worker dies again, the finding is "driver
// killed the worker: HOW", in the lab tier (a driver that takes its kernel
// down shows under QEMU), with a replay file that names the seed. Its class
// comes from how the worker died (livelock for a run past the budget, crash
// otherwise), not from timing, so a replay gives it again; its signature
// is the class and how ("crash worker-died signal-SIGABRT").

// DefaultRunTimeout is the wall-clock budget of one run in a worker
// process. Runs are bounded by step and virtual-time budgets, and a loop
// without events by the watchdog; this catches what escapes them (a driver
// that blocks signals and spins).
const DefaultRunTimeout = 60 * time.Second

// death is how a worker died running a seed.
type death struct {
	seed  int
	class string
	kind  string // how, without the worker's last words: "signal SIGABRT"
	how   string
	// passedAlone: run again alone in a fresh worker, the seed passed.
	passedAlone bool
	// late: the worker died after the seed's end line (already counted).
	late bool
}

// sig is the death's signature: its class and kind.
func (d *death) sig() diag.Signature {
	return diag.Signature(d.class + " worker-died " + strings.ReplaceAll(d.kind, " ", "-"))
}

// newDeath describes a worker's end: its wait error, whether the parent
// killed it for overrunning budget, and the first line of its stderr.
func newDeath(seed int, err error, overran bool, budget time.Duration, stderr string) *death {
	d := &death{seed: seed, class: sim.ClassCrash}
	switch {
	case overran:
		d.class = sim.ClassLivelock
		d.how = fmt.Sprintf("the run went on past the %v wall-clock budget (blocked signals and a spin?)", budget)
	case err == nil:
		d.how = "exit status 0"
	default:
		d.how = exitHow(err)
	}
	line := firstLine(stderr)
	if sig, _, ok := strings.Cut(line, ": "); ok && goSignal.MatchString(sig) && strings.HasPrefix(d.how, "exit status 2") {
		// Go's runtime reports a fatal signal and exits with status 2.
		d.how = "signal " + sig
	}
	d.kind = d.how
	if overran {
		d.kind = "wall-clock budget"
	}
	if err == nil && !overran {
		d.how += " before the run ended"
	}
	if line != "" && !overran {
		d.how += fmt.Sprintf(" (the worker's last words: %q)", line)
	}
	return d
}

// goSignal is how Go's runtime starts the report of a fatal signal.
var goSignal = regexp.MustCompile(`^SIG[A-Z0-9]+$`)

// exitHow renders a worker's exit: "exit status 3", "signal SIGABRT".
func exitHow(err error) string {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return err.Error()
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return "signal " + signame(ws.Signal())
	}
	return fmt.Sprintf("exit status %d", ee.ExitCode())
}

func signame(s syscall.Signal) string {
	names := map[syscall.Signal]string{syscall.SIGABRT: "SIGABRT", syscall.SIGKILL: "SIGKILL",
		syscall.SIGSEGV: "SIGSEGV", syscall.SIGBUS: "SIGBUS", syscall.SIGILL: "SIGILL", syscall.SIGFPE: "SIGFPE",
		syscall.SIGTERM: "SIGTERM", syscall.SIGSYS: "SIGSYS", syscall.SIGXCPU: "SIGXCPU", syscall.SIGXFSZ: "SIGXFSZ"}
	if n, ok := names[s]; ok {
		return n
	}
	return fmt.Sprintf("%d (%v)", int(s), s)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 160 {
		s = s[:160] + "..."
	}
	return s
}

// runTimeout is the per-run wall-clock budget in worker processes.
func (h *Hunt) runTimeout() time.Duration {
	if h.RunTimeout > 0 {
		return h.RunTimeout
	}
	return DefaultRunTimeout
}

// confirmDeath runs the seed of a worker's death again alone, in a fresh
// worker (worker i of Seeds, from i, runs seed i only). It returns what
// that run gives: its normal failures, a second death, or, if it passes,
// the first death still (something outside the driver may have killed the
// worker, and the finding says so).
func (h *Hunt) confirmDeath(d *death) ([]sighting, error) {
	cmd, err := h.Spawn(d.seed, h.Seeds, d.seed)
	if err != nil {
		return nil, err
	}
	p, err := h.startWorker(d.seed, cmd)
	if err != nil {
		return nil, err
	}
	out := procOutcome{best: h.Seeds}
	p.follow(func(f []string, i int) { out.note(f, i, false, cmd) })
	again, err := p.wait()
	switch {
	case err != nil:
		return nil, err
	case again != nil:
		d = again
	case len(out.seen) > 0:
		return out.seen, nil
	default:
		passed := *d
		passed.passedAlone = true
		passed.how += "; run again alone in a fresh worker, the seed passed: something outside the driver may have killed it"
		d = &passed
	}
	return []sighting{{index: d.seed, sig: d.sig(), died: d}}, nil
}

// deathRun is the run of a worker's death: no trace (the run's events
// died with the worker), a verdict naming how, and the seed.
func (h *Hunt) deathRun(d *death) (Config, *Result) {
	c := h.SeedConfig(d.seed)
	return c, &Result{Verdict: &sim.Verdict{Class: d.class, Message: diag.DiedPrefix + d.how},
		Seed: c.Seed, Strategy: c.Strategy, Personality: c.Personality, Diverged: -1, Faults: "-", Sent: -1}
}

// deathResult is the first failure of a hunt (Run) that is a death.
func (h *Hunt) deathResult(res *HuntResult, d *death) *HuntResult {
	res.Config, res.Fail = h.deathRun(d)
	res.Found = res.Fail
	res.Died = true
	return res
}

// deathFinding is the finding of a group of deaths: in the lab tier, on
// its lowest seed, with no trace to confirm, tier or shrink.
func (h *Hunt) deathFinding(g *group) *Finding {
	s := g.cands[0]
	f := &Finding{Tier: diag.Lab, Signature: g.sig, Index: s.index, Seen: len(g.cands), SeenTier: diag.Lab}
	f.Config, f.Result = h.deathRun(s.died)
	f.SeenSeed = f.Config.Seed
	f.Verdict = f.Result.Verdict
	if rc, err := f.Config.Resolve(); err == nil {
		f.Device, f.Kernel = rc.Device.Name, rc.Kernel.Name
	}
	return f
}

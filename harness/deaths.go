package harness

import (
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/nicsim/nicsim/sim"
)

// A worker process that dies while running a seed (the driver exited,
// raised a signal, corrupted the process or ran past the wall-clock
// budget) is a finding on that seed, never the end of the hunt. The seed is
// run again alone in a fresh worker: if it fails normally there, that
// failure is reported and recorded as usual; if the worker dies again, the
// finding is "driver killed the worker: HOW", with a replay file that names
// the seed. Its class comes from how the worker died (livelock for a run
// past the budget, crash otherwise), not from timing, so a replay gives it
// again.

// DefaultRunTimeout is the wall-clock budget of one run in a worker
// process. Runs are bounded by step and virtual-time budgets, and a loop
// without events by the watchdog; this catches what escapes them (a driver
// that blocks signals and spins).
const DefaultRunTimeout = 60 * time.Second

// death is how a worker died running a seed.
type death struct {
	seed  int
	class string
	how   string
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
		d.how = "exit status 0 before the run ended"
	default:
		d.how = exitHow(err)
	}
	line := firstLine(stderr)
	if sig, _, ok := strings.Cut(line, ": "); ok && goSignal.MatchString(sig) && strings.HasPrefix(d.how, "exit status 2") {
		// Go's runtime reports a fatal signal and exits with status 2.
		d.how = "signal " + sig
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
// worker (worker i of Seeds runs seed i only). It returns the outcome of
// that run: a normal failure, a second death, or a pass (the death did not
// come back: something else killed the worker, which is still reported).
func (h *Hunt) confirmDeath(d *death) (procOutcome, error) {
	out := procOutcome{best: h.Seeds}
	cmd, err := h.Spawn(d.seed, h.Seeds)
	if err != nil {
		return out, err
	}
	p, err := h.startWorker(d.seed, cmd)
	if err != nil {
		return out, err
	}
	p.follow(func(f []string, i int) { out.note(f, i, cmd) })
	again, err := p.wait()
	if err != nil {
		return out, err
	}
	if again != nil {
		out.best, out.died, out.class = again.seed, again, again.class
		return out, nil
	}
	if out.best == h.Seeds {
		out.best, out.class = d.seed, d.class
		out.died = &death{seed: d.seed, class: d.class,
			how: d.how + "; run again alone in a fresh worker, the seed passed: something outside the driver may have killed it"}
	}
	return out, nil
}

// deathResult is the finding of a worker's death: no trace (the run's
// events died with the worker), a verdict naming how, and the seed.
func (h *Hunt) deathResult(res *HuntResult, d *death) *HuntResult {
	c := h.SeedConfig(d.seed)
	res.Config = c
	res.Fail = &Result{Verdict: &sim.Verdict{Class: d.class, Message: "driver killed the worker: " + d.how},
		Seed: c.Seed, Strategy: c.Strategy, Personality: c.Personality, Diverged: -1, Faults: "-"}
	res.Found = res.Fail
	res.Died = true
	res.Schedules = d.seed + 1
	return res
}

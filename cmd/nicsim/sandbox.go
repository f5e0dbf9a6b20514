package main

import (
	"flag"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/nicsim/nicsim/guest/hosted"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sandbox"
)

// sandboxFlags are the flags of commands that run a C driver: the sandbox
// (on by default) and the wall-clock budget of a run in a worker.
type sandboxFlags struct {
	mode         string
	runTimeout   time.Duration
	forceWorkers bool
	firstIndex   int
}

func (f *sandboxFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.mode, "sandbox", envOr("NICSIM_SANDBOX", "on"),
		"on: run a C driver contained (seccomp, rlimits, namespaces where the kernel allows, parent-death signal); off: run it as plain code")
	fs.DurationVar(&f.runTimeout, "run-timeout", harness.DefaultRunTimeout,
		"wall-clock budget of one run in a worker process; a worker past it is ended and the seed is a livelock finding")
	fs.BoolVar(&f.forceWorkers, "force-workers", false, "allow --workers above the number of cores")
	fs.IntVar(&f.firstIndex, "first-index", 0, "explore seed indices I..seeds-1 only, as they are in the whole hunt (a shard; see nicsim grade --shard)")
}

// apply checks the flags and sets them on the hunt.
func (f *sandboxFlags) apply(h *harness.Hunt) error {
	switch f.mode {
	case "on":
	case "off":
		h.Base.NoSandbox = true
	default:
		return usagef("--sandbox %q: want on or off", f.mode)
	}
	if f.runTimeout <= 0 {
		return usagef("--run-timeout %v: want a positive duration", f.runTimeout)
	}
	h.RunTimeout = f.runTimeout
	h.From = f.firstIndex
	if cores := runtime.NumCPU(); h.Workers > cores && !f.forceWorkers {
		return usagef("--workers %d: this machine has %d cores, and each worker is a process of about 30 MB (--force-workers to insist)",
			h.Workers, cores)
	}
	return nil
}

// lockdownWorker contains a worker process whose driver is loaded, before
// its code first runs: rlimits, then a seccomp filter that allows only
// what the worker needs and traps the driver's system calls.
func lockdownWorker(t harness.Target, off bool) error {
	if off || !t.Exclusive() {
		return nil
	}
	if err := sandbox.Limit(sandbox.DefaultLimits); err != nil {
		return err
	}
	if dm, ok := t.(interface{ DriverMemory() (lo, hi uint64) }); ok {
		return sandbox.Lockdown(dm.DriverMemory())
	}
	return sandbox.Lockdown(hosted.DriverMemory())
}

var isolateNote sync.Once

// isolate starts a worker in its own namespaces with a parent-death
// signal; where the kernel refuses namespaces it says so once on w and
// goes on with the other layers. Without the sandbox a worker still dies
// with its parent.
func isolate(cmd *exec.Cmd, off bool, w io.Writer) {
	if off {
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		return
	}
	if err := sandbox.Isolate(cmd); err != nil {
		isolateNote.Do(func() {
			fmt.Fprintf(w, "[nicsim] sandbox: %v; workers run in nicsim's namespaces (seccomp filter, rlimits and parent-death signal still apply)\n", err)
		})
	}
}

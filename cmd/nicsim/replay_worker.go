package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// A C driver's replay runs in a worker process, like a hunt's runs, so that
// a driver that exits, raises a signal or wrecks its process is reported
// ("driver killed the worker") instead of taking nicsim down. The worker
// tells the parent its exit status on a pipe (file descriptor 3, named by
// $NICSIM_STATUS_FD) just before it exits: an exit without that line is
// the driver's doing.

const statusFDEnv = "NICSIM_STATUS_FD"

// inWorkerFlag is the internal flag of a command re-run as a worker.
const inWorkerFlag = "in-worker"

// hostedDriver reports whether a config's driver is C code (which runs in
// workers) rather than the Go model.
func hostedDriver(c *harness.Config) bool {
	d, err := guest.ParseDriverName(c.Driver)
	return err == nil && d.Kind != guest.DriverModel
}

// runInWorker re-runs this command (cmd, args) in a sandboxed worker
// process, passing its output through, and returns its exit status. When
// the driver killed the worker, or it ran past budget, it prints the
// verdict, calls died with its class and message and returns 1.
func runInWorker(cmd string, args []string, off bool, budget time.Duration, stdout, stderr io.Writer,
	died func(class, msg string)) (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return exitUsage, err
	}
	c := exec.Command(exe, append([]string{cmd, "--" + inWorkerFlag}, args...)...)
	r, w, err := os.Pipe()
	if err != nil {
		return exitUsage, err
	}
	defer r.Close()
	c.ExtraFiles = []*os.File{w}
	c.Env = append(os.Environ(), statusFDEnv+"=3")
	var errs strings.Builder // shown only if the worker exits normally: never a Go crash dump
	// The worker may not grow a file (RLIMIT_FSIZE 0): its output goes
	// through a pipe that this process copies, even when stdout is a file.
	c.Stdout, c.Stderr = struct{ io.Writer }{stdout}, &limitedBuf{b: &errs, n: 64 << 10}
	isolate(c, off, stderr)
	err = c.Start()
	w.Close()
	if err != nil {
		return exitUsage, fmt.Errorf("starting the %s worker: %w", cmd, err)
	}
	var overran atomic.Bool
	timer := time.AfterFunc(budget, func() { overran.Store(true); c.Process.Kill() })
	status, _ := bufio.NewReader(r).ReadString('\n')
	werr := c.Wait()
	timer.Stop()
	if code, ok := strings.CutPrefix(strings.TrimSpace(status), "exit "); ok {
		io.WriteString(stderr, errs.String())
		n, _ := strconv.Atoi(code)
		return n, nil
	}
	class, how := sim.ClassCrash, "it exited without reporting"
	switch {
	case overran.Load():
		class, how = sim.ClassLivelock, fmt.Sprintf("the run went on past the %v wall-clock budget (blocked signals and a spin?)", budget)
	case werr != nil:
		how = werr.Error()
		if line, _, _ := strings.Cut(strings.TrimSpace(errs.String()), "\n"); line != "" {
			how += fmt.Sprintf(" (the worker's last words: %q)", line)
		}
	}
	msg := "driver killed the worker: " + how
	fmt.Fprintf(stdout, "[nicsim] FAIL %s: %s\n", class, msg)
	died(class, msg)
	return exitFail, nil
}

// reportStatus tells the parent of a worker its exit status (see above).
func reportStatus(code int) {
	if os.Getenv(statusFDEnv) != "3" {
		return
	}
	f := os.NewFile(3, "status")
	fmt.Fprintf(f, "exit %d\n", code)
	f.Close()
}

// limitedBuf keeps the first n bytes written to it.
type limitedBuf struct {
	b *strings.Builder
	n int
}

func (l *limitedBuf) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

package sandbox

import (
	"fmt"
	"os/exec"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Limits are the rlimits of a worker process.
type Limits struct {
	// CPUSeconds is the CPU time the worker may use in all (0: no limit).
	// The soft and hard limits are equal, so the kernel kills it with
	// SIGKILL rather than sending SIGXCPU (which the hosting layer uses
	// for its watchdog).
	CPUSeconds uint64
	// AddressSpace bounds the worker's virtual memory in bytes (0: none).
	AddressSpace uint64
	_            struct{}
}

// DefaultLimits are generous for a hunt: an hour of CPU, 8 GiB of address
// space (Go reserves arenas and every thread has a stack).
var DefaultLimits = Limits{CPUSeconds: 3600, AddressSpace: 8 << 30}

// Limit applies l to the calling process, with no core dumps and no file
// that may grow (a worker writes only to its stdout pipe, which the file
// size limit does not cover) and a small number of open files.
func Limit(l Limits) error {
	set := []rlimit{{"core", unix.RLIMIT_CORE, 0}, {"fsize", unix.RLIMIT_FSIZE, 0}, {"nofile", unix.RLIMIT_NOFILE, 64}}
	if l.CPUSeconds > 0 {
		set = append(set, rlimit{"cpu", unix.RLIMIT_CPU, l.CPUSeconds})
	}
	if l.AddressSpace > 0 {
		set = append(set, rlimit{"as", unix.RLIMIT_AS, l.AddressSpace})
	}
	for _, s := range set {
		if err := s.apply(); err != nil {
			return err
		}
	}
	return nil
}

// rlimit is one limit to set: soft and hard both v (or the current hard
// limit, if lower).
type rlimit struct {
	name     string
	resource int
	v        uint64
}

func (s rlimit) apply() error {
	var cur unix.Rlimit
	if err := unix.Getrlimit(s.resource, &cur); err != nil {
		return fmt.Errorf("sandbox: rlimit %s: %w", s.name, err)
	}
	v := min(s.v, cur.Max)
	if err := unix.Setrlimit(s.resource, &unix.Rlimit{Cur: v, Max: v}); err != nil {
		return fmt.Errorf("sandbox: rlimit %s: %w", s.name, err)
	}
	return nil
}

// KillGroupOnCancel makes cmd (made with exec.CommandContext) start in a
// process group of its own and, when its context ends, kill the whole
// group: a compiler's cc1 or as, not only the gcc driver. Wait then
// returns within a second even if a grandchild still holds the output
// pipes. Without it a compile past its time limit ran on (and Wait with
// it) until cc1's CPU limit.
func KillGroupOnCancel(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
}

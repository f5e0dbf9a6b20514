package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
)

// Namespaces that a worker starts in when the kernel allows: its own user
// (unprivileged), mount, PID and network namespaces. In them the worker sees
// no other process, has no network and no privilege on the host; its seccomp
// filter ([Lockdown]) then closes the file system.
const workerNamespaces = syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID | syscall.CLONE_NEWNET

var probed struct {
	sync.Once
	err error
}

// Probe reports whether this kernel lets an unprivileged process start a
// child in new user, mount, PID and network namespaces (it starts `true`
// in them once and remembers the answer). Debian's
// kernel.unprivileged_userns_clone=0, Ubuntu's AppArmor restriction and
// most containers without --privileged say no.
func Probe() error {
	probed.Do(func() {
		exe, err := exec.LookPath("true")
		if err != nil {
			probed.err = fmt.Errorf("sandbox: cannot probe namespaces: %w", err)
			return
		}
		cmd := exec.Command(exe)
		cmd.SysProcAttr = namespaced()
		if err := cmd.Run(); err != nil {
			probed.err = fmt.Errorf("sandbox: this kernel does not let nicsim start workers in new user, mount, PID and network namespaces (%v)", err)
		}
	})
	return probed.err
}

func namespaced() *syscall.SysProcAttr {
	uid, gid := os.Getuid(), os.Getgid()
	return &syscall.SysProcAttr{
		Cloneflags:                 workerNamespaces,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: uid, HostID: uid, Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: gid, HostID: gid, Size: 1}},
		GidMappingsEnableSetgroups: false,
		Pdeathsig:                  syscall.SIGKILL,
	}
}

// Isolate prepares cmd to start as a sandboxed worker: with a parent-death
// signal (SIGKILL when nicsim dies, so no worker outlives it) and, when
// [Probe] succeeds, in new user, mount, PID and network namespaces. It
// returns Probe's error when the namespaces are not available; cmd then
// still has its parent-death signal.
func Isolate(cmd *exec.Cmd) error {
	err := Probe()
	if err != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		return err
	}
	cmd.SysProcAttr = namespaced()
	return nil
}

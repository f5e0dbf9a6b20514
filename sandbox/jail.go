package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A jail runs a tool (gcc, ld) on untrusted input with Landlock: it may
// read and execute only the toolchain's directories and the folders named,
// and write only in its build folder. `#include "/etc/passwd"` and
// `asm(".incbin \"/etc/passwd\"")` then fail with "Permission denied"
// instead of reading the file into the compiler's diagnostics or the image.
//
// Landlock applies to the process that restricts itself and everything it
// executes, so the jail is a helper: this executable, started again with
// the jail command, restricts itself and execs the tool. [ServeJail] must
// run at the start of main (and of TestMain in test binaries that build
// drivers); without it [Jail] says there is no helper.
//
// The Landlock system calls are made with golang.org/x/sys/unix: the
// go-landlock library applies its rules to every thread through libpsx,
// which claims SIGSYS, the signal the seccomp trap of a driver's system
// calls is reported with.

const (
	jailCommand = "__nicsim_jail"
	jailSpecEnv = "NICSIM_JAIL_SPEC"
)

// toolchainDirs are what gcc, cc1, as and ld need to run.
var toolchainDirs = []string{"/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc/alternatives"}

// toolchainFiles are single files the toolchain reads.
var toolchainFiles = []string{"/etc/ld.so.cache", "/etc/ld.so.conf"}

// jailSpec is what a jailed tool may read (and execute) and write.
type jailSpec struct {
	Read   []string   `json:"read"`
	Write  []string   `json:"write"`
	Tool   string     `json:"tool"`
	Limits ToolLimits `json:"limits"`
}

// ToolLimits are the rlimits of a jailed tool (0: no limit).
type ToolLimits struct {
	FileBytes    uint64 // no file it writes may grow past this
	CPUSeconds   uint64 // CPU time (the kernel kills it past this)
	AddressSpace uint64 // virtual memory in bytes
	_            struct{}
}

// apply sets the limits on this process (before the exec), with no core dumps.
func (l ToolLimits) apply() error {
	set := []rlimit{{"core", unix.RLIMIT_CORE, 0}}
	for _, r := range []rlimit{{"fsize", unix.RLIMIT_FSIZE, l.FileBytes}, {"cpu", unix.RLIMIT_CPU, l.CPUSeconds},
		{"as", unix.RLIMIT_AS, l.AddressSpace}} {
		if r.v > 0 {
			set = append(set, r)
		}
	}
	for _, r := range set {
		if err := r.apply(); err != nil {
			return err
		}
	}
	return nil
}

// ErrNoJail is returned by Jail when this process cannot jail a tool.
var ErrNoJail = errors.New("sandbox: compiler jail unavailable")

var jailServed atomic.Bool

// ServeJail runs the jail helper when this process was started as one (it
// then never returns); otherwise it records that this executable can
// serve jails and returns.
func ServeJail() {
	if len(os.Args) < 2 || os.Args[1] != jailCommand {
		jailServed.Store(true)
		return
	}
	err := enterJail(os.Getenv(jailSpecEnv), os.Args[2:])
	fmt.Fprintf(os.Stderr, "nicsim jail: %v\n", err)
	os.Exit(127)
}

// Jail rewrites cmd (a tool with its arguments, Dir and Env) to run in a
// jail that may read the folders in read and read and write those in
// write. It returns an error wrapping [ErrNoJail], leaving cmd alone, when
// the kernel has no Landlock or this executable does not serve jails.
func Jail(cmd *exec.Cmd, read, write []string, lim ToolLimits) error {
	if err := JailAvailable(); err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoJail, err)
	}
	spec, _ := json.Marshal(jailSpec{Read: read, Write: write, Tool: cmd.Path, Limits: lim})
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	cmd.Env = append(env, jailSpecEnv+"="+string(spec))
	cmd.Args = append([]string{exe, jailCommand}, cmd.Args...)
	cmd.Path = exe
	return nil
}

// JailAvailable reports whether Jail can jail a tool in this process.
func JailAvailable() error {
	if err := LandlockSupported(); err != nil {
		return err
	}
	if !jailServed.Load() {
		return fmt.Errorf("%w: this program does not call sandbox.ServeJail", ErrNoJail)
	}
	return nil
}

// LandlockSupported reports whether the kernel offers Landlock.
func LandlockSupported() error {
	if landlockABI() < 1 {
		return fmt.Errorf("%w: the kernel has no Landlock (Linux 5.13+ with landlock in its LSM list)", ErrNoJail)
	}
	return nil
}

func landlockABI() int {
	v, _, e := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, 0, 0, unix.LANDLOCK_CREATE_RULESET_VERSION)
	if e != 0 {
		return 0
	}
	return int(v)
}

// enterJail restricts this thread to the spec and execs the tool from it
// (the restriction follows the exec; the other threads end with it).
func enterJail(specJSON string, args []string) error {
	var spec jailSpec
	if err := json.Unmarshal([]byte(specJSON), &spec); err != nil || len(args) == 0 {
		return fmt.Errorf("bad jail request (%v)", err)
	}
	runtime.LockOSThread()
	if err := spec.Limits.apply(); err != nil {
		return err
	}
	if err := restrictSelf(spec); err != nil {
		return err
	}
	env := os.Environ()
	for i, e := range env {
		if len(e) > len(jailSpecEnv) && e[:len(jailSpecEnv)+1] == jailSpecEnv+"=" {
			env = append(env[:i], env[i+1:]...)
			break
		}
	}
	return syscall.Exec(spec.Tool, args, env)
}

// Access rights of Landlock ABI 1, and those later ABIs add.
const (
	fsRead    = unix.LANDLOCK_ACCESS_FS_EXECUTE | unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_READ_DIR
	fsFileRW  = unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_WRITE_FILE
	fsABI1All = (unix.LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1
)

// restrictSelf creates a ruleset from spec and enforces it on this thread.
func restrictSelf(spec jailSpec) error {
	handled := uint64(fsABI1All)
	if landlockABI() >= 3 {
		handled |= unix.LANDLOCK_ACCESS_FS_REFER | unix.LANDLOCK_ACCESS_FS_TRUNCATE
	} else if landlockABI() >= 2 {
		handled |= unix.LANDLOCK_ACCESS_FS_REFER
	}
	attr := unix.LandlockRulesetAttr{Access_fs: handled}
	fd, _, e := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr), 0)
	if e != 0 {
		return fmt.Errorf("landlock_create_ruleset: %w", e)
	}
	defer unix.Close(int(fd))
	rules := []struct {
		paths  []string
		access uint64
	}{
		{append(append([]string{}, toolchainDirs...), spec.Read...), fsRead},
		{toolchainFiles, unix.LANDLOCK_ACCESS_FS_READ_FILE},
		{[]string{"/dev/null"}, fsFileRW},
		{spec.Write, handled},
	}
	for _, r := range rules {
		for _, p := range r.paths {
			if err := addRule(int(fd), p, r.access&handled); err != nil {
				return err
			}
		}
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("no_new_privs: %w", err)
	}
	if _, _, e := unix.Syscall(unix.SYS_LANDLOCK_RESTRICT_SELF, fd, 0, 0); e != 0 {
		return fmt.Errorf("landlock_restrict_self: %w", e)
	}
	return nil
}

// addRule allows access beneath path (a missing path is skipped; a file
// gets only the file rights).
func addRule(rulesetFD int, path string, access uint64) error {
	fd, err := unix.Open(path, unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		access &= unix.LANDLOCK_ACCESS_FS_EXECUTE | fsFileRW | unix.LANDLOCK_ACCESS_FS_TRUNCATE
	}
	attr := unix.LandlockPathBeneathAttr{Allowed_access: access, Parent_fd: int32(fd)}
	_, _, e := unix.Syscall6(unix.SYS_LANDLOCK_ADD_RULE, uintptr(rulesetFD), unix.LANDLOCK_RULE_PATH_BENEATH,
		uintptr(unsafe.Pointer(&attr)), 0, 0, 0)
	if e != 0 {
		return fmt.Errorf("landlock_add_rule %s: %w", path, e)
	}
	return nil
}

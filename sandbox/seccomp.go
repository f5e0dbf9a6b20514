package sandbox

import (
	"fmt"
	"os"
	"sync"
	"unsafe"

	seccomp "github.com/elastic/go-seccomp-bpf"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// Offsets in struct seccomp_data: nr, arch, instruction_pointer, args.
const (
	offIPLow  = 8
	offIPHigh = 12
)

// TrapRange installs a seccomp filter on every thread of the process (and
// on every process it starts later): a system call made from code in
// [lo, hi) raises SIGSYS and does not happen; every other system call is
// allowed. Install it before the code in [lo, hi) first runs; the caller's
// SIGSYS handler must turn the signal into a verdict. It cannot be undone.
// Installing the same range again does nothing.
func TrapRange(lo, hi uint64) error {
	trapped.Lock()
	defer trapped.Unlock()
	if trapped.ranges[[2]uint64{lo, hi}] {
		return nil
	}
	prog, err := trapPrefix(lo, hi)
	if err != nil {
		return err
	}
	if err := load(append(prog, bpf.RetConstant{Val: unix.SECCOMP_RET_ALLOW})); err != nil {
		return err
	}
	trapped.ranges[[2]uint64{lo, hi}] = true
	return nil
}

// trapped are the ranges TrapRange installed in this process.
var trapped = struct {
	sync.Mutex
	ranges map[[2]uint64]bool
}{ranges: map[[2]uint64]bool{}}

// Lockdown installs the filter of a worker whose image is loaded: system
// calls from [lo, hi) raise SIGSYS, and of the others only those a worker
// needs from then on (Go's runtime: memory, threads, signals, futexes,
// timers; reading and writing the descriptors it holds) are allowed. Any
// other call (opening a file, exec, fork, sockets, kill of another process)
// fails with EPERM.
func Lockdown(lo, hi uint64) error {
	prefix, err := trapPrefix(lo, hi)
	if err != nil {
		return err
	}
	policy := workerPolicy(os.Getpid())
	rest, err := policy.Assemble()
	if err != nil {
		return fmt.Errorf("sandbox: worker filter: %w", err)
	}
	return load(append(prefix, rest...))
}

// trapPrefix is the start of a filter: SECCOMP_RET_TRAP when the
// instruction pointer lies in [lo, hi), else fall through.
func trapPrefix(lo, hi uint64) ([]bpf.Instruction, error) {
	if lo >= hi || lo>>32 != (hi-1)>>32 {
		return nil, fmt.Errorf("sandbox: trap range %#x..%#x must lie in one 4 GiB block", lo, hi)
	}
	return []bpf.Instruction{
		bpf.LoadAbsolute{Off: offIPHigh, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: uint32(lo >> 32), SkipTrue: 4},
		bpf.LoadAbsolute{Off: offIPLow, Size: 4},
		bpf.JumpIf{Cond: bpf.JumpLessThan, Val: uint32(lo), SkipTrue: 2},
		bpf.JumpIf{Cond: bpf.JumpGreaterOrEqual, Val: uint32(hi), SkipTrue: 1},
		bpf.RetConstant{Val: unix.SECCOMP_RET_TRAP},
	}, nil
}

// workerNeeds are the system calls a worker makes once its image is
// loaded (measured with strace on hunts of the reference drivers).
var workerNeeds = []string{
	"read", "write", "close", "fcntl", "lseek",
	"mmap", "munmap", "mprotect", "madvise", "brk", "mremap",
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "restart_syscall",
	"futex", "sched_yield", "sched_getaffinity", "nanosleep", "clock_nanosleep",
	"clock_gettime", "gettimeofday", "getrusage", "getpid", "gettid",
	"getrandom", "epoll_create1", "epoll_ctl", "epoll_pwait", "epoll_wait", "eventfd2",
	"set_robust_list", "rseq", "membarrier", "exit", "exit_group", "uname",
}

// workerPolicy allows workerNeeds; new threads (clone with CLONE_THREAD)
// but no new processes; signals to this process only; reading rlimits.
// clone3 fails with ENOSYS so that glibc falls back to clone, whose flags
// a filter can see.
func workerPolicy(pid int) seccomp.Policy {
	self := seccomp.Condition{Argument: 0, Operation: seccomp.Equal, Value: uint64(pid)}
	return seccomp.Policy{
		DefaultAction: seccomp.ActionErrno,
		Syscalls: []seccomp.SyscallGroup{
			{Names: workerNeeds, Action: seccomp.ActionAllow},
			{NamesWithCondtions: []seccomp.NameWithConditions{
				{Name: "clone", Conditions: []seccomp.Condition{{Argument: 0, Operation: seccomp.BitsSet, Value: unix.CLONE_THREAD}}},
				{Name: "tgkill", Conditions: []seccomp.Condition{self}},
				{Name: "kill", Conditions: []seccomp.Condition{self}},
				{Name: "prlimit64", Conditions: []seccomp.Condition{{Argument: 2, Operation: seccomp.Equal, Value: 0}}},
			}, Action: seccomp.ActionAllow},
			{Names: []string{"clone3"}, Action: seccomp.ActionErrno | seccomp.Action(unix.ENOSYS)},
		},
	}
}

// load installs prog on all threads (TSYNC), after setting no_new_privs.
func load(prog []bpf.Instruction) error {
	raw, err := bpf.Assemble(prog)
	if err != nil {
		return fmt.Errorf("sandbox: assembling the filter: %w", err)
	}
	filter := make([]unix.SockFilter, len(raw))
	for i, r := range raw {
		filter[i] = unix.SockFilter{Code: r.Op, Jt: r.Jt, Jf: r.Jf, K: r.K}
	}
	fprog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("sandbox: no_new_privs: %w", err)
	}
	r, _, e := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER,
		unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog)))
	if e != 0 {
		return fmt.Errorf("sandbox: installing the seccomp filter: %w", e)
	}
	if r != 0 {
		return fmt.Errorf("sandbox: installing the seccomp filter: thread %d could not take it", r)
	}
	return nil
}

//go:build cgo && linux && amd64

package hosted

/*
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

// The guest's fixed ranges, reserved (PROT_NONE) by a constructor when the
// process starts, before its heap can grow into them: the kernel places
// the brk heap of a non-PIE executable anywhere in the GiB after it, and
// Go's heap base is random too. Mirrored by stacks.go (reservedRanges).
static const uint64_t nicsim_resv[4][2] = {
	{0x40000000, 0x20000},                       // register window
	{0x80000000, 0x1000000 + 17 * 0x11000},      // RAM, then the coroutine stacks
	{0xEF800000, 0x2800000},                     // kernels at 0xF0000000 (JOS): MMIOBASE up to RAM and stacks
	{0x0FF00000, 0x100000},                      // JOS user pages at fixed addresses (REQVA)
};
#define NICSIM_NRESV 4
static int nicsim_resv_ok[NICSIM_NRESV];

__attribute__((constructor)) static void nicsim_reserve(void) {
	for (int i = 0; i < NICSIM_NRESV; i++) {
		void *p = mmap((void *)nicsim_resv[i][0], nicsim_resv[i][1], PROT_NONE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
		nicsim_resv_ok[i] = p == (void *)nicsim_resv[i][0];
		if (p != MAP_FAILED && !nicsim_resv_ok[i])
			munmap(p, nicsim_resv[i][1]); // kernels before 4.17 ignore the flag
	}
}

// nicsim_in_resv: is [addr, addr+len) inside a range this process reserved?
static int nicsim_in_resv(uint64_t addr, uint64_t len) {
	for (int i = 0; i < NICSIM_NRESV; i++)
		if (nicsim_resv_ok[i] && addr >= nicsim_resv[i][0] && addr + len <= nicsim_resv[i][0] + nicsim_resv[i][1])
			return 1;
	return 0;
}

// Map len bytes at exactly addr (or fail with errno); prot 7 = RWX. Inside
// a reservation the mapping replaces it; elsewhere it must not replace
// anything.
static void *nicsim_map_fixed(uint64_t addr, uint64_t len, int prot, int *err) {
	int fixed = nicsim_in_resv(addr, len) ? MAP_FIXED : MAP_FIXED_NOREPLACE;
	void *p = mmap((void *)addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | fixed, -1, 0);
	if (p == MAP_FAILED) {
		*err = errno;
		return 0;
	}
	if ((uint64_t)p != addr) { // kernels before 4.17 ignore the flag
		munmap(p, len);
		*err = EEXIST;
		return 0;
	}
	return p;
}

static int nicsim_protect_none(void *p, uint64_t len) { return mprotect(p, len, PROT_NONE); }
static int nicsim_protect_rx(void *p, uint64_t len) { return mprotect(p, len, PROT_READ | PROT_EXEC); }

// Unmap, or put the reservation back.
static int nicsim_unmap(void *p, uint64_t len) {
	if (nicsim_in_resv((uint64_t)p, len)) {
		void *q = mmap(p, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
		return q == p ? 0 : -1;
	}
	return munmap(p, len);
}

// nicsim_reserved reports the reservations (for the test of the mirror).
static uint64_t nicsim_reserved(int i, int what) { return what == 0 ? nicsim_resv[i][0] : what == 1 ? nicsim_resv[i][1] : (uint64_t)nicsim_resv_ok[i]; }

// Drop the pages of [p, p+len): they read as zero again and cost nothing.
static int nicsim_zero(void *p, uint64_t len) { return madvise(p, len, MADV_DONTNEED); }

// Calls into the image: odd while one runs. Only one thread calls at a time.
static volatile uint64_t nicsim_calls;
static volatile pthread_t nicsim_caller;
static volatile int nicsim_watch_fired;
static volatile uint64_t nicsim_watch_ticks; // 100 ms ticks before a stuck call is stopped

// Run the image's function fn(arg) (nicsim_run) on this thread.
static uint64_t nicsim_call(uint64_t fn, uint64_t arg) {
	nicsim_caller = pthread_self();
	__atomic_store_n(&nicsim_calls, nicsim_calls + 1, __ATOMIC_RELAXED);
	uint64_t r = ((uint64_t (*)(uint64_t))fn)(arg);
	__atomic_store_n(&nicsim_calls, nicsim_calls + 1, __ATOMIC_RELAXED);
	return r;
}

// The image's basic-block countdown (nicsim_bb) while an image is armed,
// else 0; the lock keeps disarming (before the unmap) from racing a peek.
static volatile int64_t *nicsim_watch_bb;
static pthread_mutex_t nicsim_watch_mu = PTHREAD_MUTEX_INITIALIZER;

// nicsim_peek_bb reads the countdown of the armed image (0 if none).
static int64_t nicsim_peek_bb(void) {
	pthread_mutex_lock(&nicsim_watch_mu);
	int64_t bb = nicsim_watch_bb ? __atomic_load_n(nicsim_watch_bb, __ATOMIC_RELAXED) : 0;
	pthread_mutex_unlock(&nicsim_watch_mu);
	return bb;
}

// The watchdog stops a call that has not returned for nicsim_watch_ticks
// ticks with SIGXCPU: a loop with no instrumented basic block (for (;;);
// compiles to a jump to itself) never reaches the basic-block budget. A
// call whose countdown moved since the last tick runs instrumented code,
// which the budget stops after a fixed number of blocks whatever the wall
// time: the watchdog leaves it alone, so that how a spin ends never
// depends on the machine's load.
static void *nicsim_watch(void *arg) {
	uint64_t last = 0, stuck = 0;
	int64_t last_bb = 0;
	for (;;) {
		usleep(100 * 1000);
		uint64_t c = __atomic_load_n(&nicsim_calls, __ATOMIC_RELAXED);
		int64_t bb = nicsim_peek_bb();
		if ((c & 1) && c == last && bb == last_bb && ++stuck >= nicsim_watch_ticks) {
			stuck = 0;
			nicsim_watch_fired = 1;
			pthread_kill(nicsim_caller, SIGXCPU);
		} else if (c != last || bb != last_bb) {
			stuck = 0;
		}
		last = c;
		last_bb = bb;
	}
	return 0;
}

// What the fault handler needs to know about the loaded image.
static struct {
	uint64_t img_lo, img_hi;     // image text and data
	uint64_t stk_lo, stk_hi;     // coroutine stacks
	uint64_t landing;            // nicsim_crash_landing, 0 when no image is loaded
	uint64_t crash_sp;           // top of the spare stack the landing runs on
	volatile uint64_t *in_coro;  // &nicsim_ctl.in_coro
} nicsim_fault;

#define NICSIM_NSIGS 7
static struct sigaction nicsim_old[NICSIM_NSIGS];
static const int nicsim_sigs[NICSIM_NSIGS] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGXCPU, SIGSYS, SIGTRAP};

// NICSIM_SIG_GP is the pseudo signal of a general protection fault (the
// kernel's SIGSEGV or SIGBUS with si_code SI_KERNEL and no address): a
// privileged instruction (hlt, cli, in, out) or a non-canonical address.
#define NICSIM_SIG_GP 0x200

// NICSIM_SIG_JUMP is the pseudo signal of a jump or call to an address
// outside the image (a null or wild function pointer, a smashed return
// address): addr is the target, pc the call site (the return address on
// the stack, minus one).
#define NICSIM_SIG_JUMP 0x300

// Pass a signal on to the handler installed before ours (Go's).
static void nicsim_chain(int sig, siginfo_t *si, void *uc) {
	if (sig == SIGXCPU && nicsim_watch_fired) {
		nicsim_watch_fired = 0; // the call returned just in time: drop the watchdog's signal
		return;
	}
	for (int i = 0; i < NICSIM_NSIGS; i++) {
		if (nicsim_sigs[i] != sig)
			continue;
		struct sigaction *old = &nicsim_old[i];
		if (old->sa_flags & SA_SIGINFO) {
			old->sa_sigaction(sig, si, uc);
		} else if (old->sa_handler == SIG_DFL) {
			sigaction(sig, old, 0); // the fault repeats and takes the default action
		} else if (old->sa_handler != SIG_IGN) {
			old->sa_handler(sig);
		}
		return;
	}
}

// A fault in the image, or on a coroutine stack, while a coroutine runs
// continues in nicsim_crash_landing(sig, addr, pc) on the spare stack. A
// SIGSYS is a system call the sandbox's seccomp filter trapped: addr is the
// call's number and pc the syscall instruction (2 bytes before the return).
// A SIGTRAP (int3, __builtin_trap is ud2) names the int3 itself.
// The handler runs on the thread's alternate signal stack (SA_ONSTACK; Go
// gives each of its threads one), never on the overflowing stack.
static void nicsim_on_fault(int sig, siginfo_t *si, void *ucv) {
	ucontext_t *uc = ucv;
	greg_t *r = uc->uc_mcontext.gregs;
	uint64_t pc = (uint64_t)r[REG_RIP], sp = (uint64_t)r[REG_RSP];
	int inside = (pc >= nicsim_fault.img_lo && pc < nicsim_fault.img_hi) ||
		(sp >= nicsim_fault.stk_lo && sp < nicsim_fault.stk_hi);
	if (nicsim_fault.landing && inside && nicsim_fault.in_coro && *nicsim_fault.in_coro) {
		if (sig == SIGXCPU)
			nicsim_watch_fired = 0;
		r[REG_RIP] = (greg_t)nicsim_fault.landing;
		r[REG_RSP] = (greg_t)(nicsim_fault.crash_sp - 8);
		r[REG_RDI] = sig;
		r[REG_RSI] = (greg_t)si->si_addr;
		r[REG_RDX] = (greg_t)pc;
		if (sig == SIGSYS) {
			r[REG_RSI] = si->si_syscall;
			r[REG_RDX] = (greg_t)(pc - 2);
		}
		if ((sig == SIGSEGV || sig == SIGBUS) && si->si_code == SI_KERNEL)
			r[REG_RDI] = NICSIM_SIG_GP;
		if (sig == SIGSEGV && pc == (uint64_t)si->si_addr && !(pc >= nicsim_fault.img_lo && pc < nicsim_fault.img_hi) &&
				sp % 8 == 0 && sp >= nicsim_fault.stk_lo && sp + 8 <= nicsim_fault.stk_hi) {
			// The fetch at pc faulted: the word at sp is the return
			// address the call pushed.
			r[REG_RDI] = NICSIM_SIG_JUMP;
			r[REG_RDX] = (greg_t)(*(uint64_t *)sp - 1);
		}
		if (sig == SIGTRAP)
			r[REG_RDX] = (greg_t)(pc - 1); // int3 traps after itself
		return;
	}
	nicsim_chain(sig, si, ucv);
}

static void nicsim_set_watch(uint64_t ticks) { nicsim_watch_ticks = ticks; }

static int nicsim_install(uint64_t ticks) {
	nicsim_watch_ticks = ticks;
	pthread_t t;
	int e = pthread_create(&t, 0, nicsim_watch, 0);
	if (e != 0)
		return e;
	pthread_detach(t);
	for (int i = 0; i < NICSIM_NSIGS; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = nicsim_on_fault;
		sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
		sigfillset(&sa.sa_mask);
		if (sigaction(nicsim_sigs[i], &sa, &nicsim_old[i]) != 0)
			return errno;
	}
	return 0;
}

static void nicsim_arm(uint64_t img_lo, uint64_t img_hi, uint64_t stk_lo, uint64_t stk_hi,
		uint64_t landing, uint64_t crash_sp, void *in_coro, void *bb) {
	pthread_mutex_lock(&nicsim_watch_mu);
	nicsim_watch_bb = bb;
	pthread_mutex_unlock(&nicsim_watch_mu);
	nicsim_fault.img_lo = img_lo;
	nicsim_fault.img_hi = img_hi;
	nicsim_fault.stk_lo = stk_lo;
	nicsim_fault.stk_hi = stk_hi;
	nicsim_fault.crash_sp = crash_sp;
	nicsim_fault.in_coro = in_coro;
	__atomic_store_n(&nicsim_fault.landing, landing, __ATOMIC_SEQ_CST);
}
*/
import "C"

import (
	"fmt"
	"sync"
	"syscall"
	"unsafe"
)

// mapping is a region of memory mapped by mmap.
type mapping struct {
	p []byte
}

// mapFixed maps size bytes, readable, writable and executable, at addr.
func mapFixed(addr, size uint64) (mapping, error) {
	var e C.int
	p := C.nicsim_map_fixed(C.uint64_t(addr), C.uint64_t(size), 7, &e)
	if p == nil {
		return mapping{}, fmt.Errorf("mmap %#x..%#x: %w", addr, addr+size, syscall.Errno(e))
	}
	return mapping{unsafe.Slice((*byte)(p), size)}, nil
}

// addr is the mapping's first address.
func (m mapping) addr() uint64 { return uint64(uintptr(unsafe.Pointer(&m.p[0]))) }

// guard makes [off, off+n) of the mapping inaccessible.
func (m mapping) guard(off, n uint64) error {
	if C.nicsim_protect_none(unsafe.Pointer(&m.p[off]), C.uint64_t(n)) != 0 {
		return fmt.Errorf("mprotect guard page failed")
	}
	return nil
}

// readExec makes [off, off+n) of the mapping read-only and executable.
func (m mapping) readExec(off, n uint64) error {
	if C.nicsim_protect_rx(unsafe.Pointer(&m.p[off]), C.uint64_t(n)) != 0 {
		return fmt.Errorf("mprotect of the image's code failed")
	}
	return nil
}

// zero drops [off, off+n) (page aligned) so that it reads as zeros.
func (m mapping) zero(off, n uint64) {
	if n > 0 {
		C.nicsim_zero(unsafe.Pointer(&m.p[off]), C.uint64_t(n))
	}
}

func (m mapping) unmap() {
	if len(m.p) > 0 {
		C.nicsim_unmap(unsafe.Pointer(&m.p[0]), C.uint64_t(len(m.p)))
	}
}

// reservation returns the i-th range the process reserved at start and
// whether the reservation took.
func reservation(i int) (addr, size uint64, ok bool) {
	return uint64(C.nicsim_reserved(C.int(i), 0)), uint64(C.nicsim_reserved(C.int(i), 1)), C.nicsim_reserved(C.int(i), 2) != 0
}

// call runs the image function at fn with one argument.
func call(fn, arg uint64) uint64 { return uint64(C.nicsim_call(C.uint64_t(fn), C.uint64_t(arg))) }

// watchdogTicks is how long (in 100 ms ticks) one resume of a coroutine may
// run before the watchdog stops it as a livelock. A resume runs from one
// event to the next (microseconds), so 2 s is ample on a loaded machine and
// keeps a `for (;;);` from costing much wall time per verdict and shrink.
const watchdogTicks = 20

// setWatchdog changes the watchdog's limit (tests).
func setWatchdog(ticks uint64) {
	watchdogLimit = ticks
	C.nicsim_set_watch(C.uint64_t(ticks))
}

// watchdogLimit is the watchdog's current limit in 100 ms ticks.
var watchdogLimit uint64 = watchdogTicks

var installOnce struct {
	sync.Once
	err error
}

// armFaults routes faults of the image to its landing function (landing
// 0 disarms) and shows the watchdog the image's basic-block countdown bb
// (nil when disarming). The handlers are installed once per process and
// chain to the ones installed before (Go's) for every other fault.
func armFaults(imgLo, imgHi, stkLo, stkHi, landing, crashSP uint64, inCoro, bb unsafe.Pointer) error {
	installOnce.Do(func() {
		if e := C.nicsim_install(C.uint64_t(watchdogTicks)); e != 0 {
			installOnce.err = fmt.Errorf("sigaction: %w", syscall.Errno(e))
		}
	})
	if installOnce.err != nil {
		return installOnce.err
	}
	C.nicsim_arm(C.uint64_t(imgLo), C.uint64_t(imgHi), C.uint64_t(stkLo), C.uint64_t(stkHi),
		C.uint64_t(landing), C.uint64_t(crashSP), inCoro, bb)
	return nil
}

package hosted

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sandbox"
	"github.com/nicsim/nicsim/sim"
)

// where snapshots the call chain of an event, innermost first: the event's
// code address, then the return addresses of the shadow call stack, each
// minus one so that it names the line of the call. The machine's trace
// renders it ([Host.Attach] sets the symbolizer), e.g.
// "e1000_transmit (e1000.c:97) <- net_rx <- e1000_recv (e1000.c:140) <- e1000_intr (e1000.c:152)".
func (x *hctx) where(pc uint64) sim.Where {
	var w sim.Where
	w.PCs[0] = pc
	w.N = 1
	co := &x.h.ctl.Coro[x.co]
	d := min(co.Depth, shadowMax)
	for i := int(d) - 1; i >= 0 && int(w.N) < len(w.PCs); i-- {
		ra := co.Shadow[i]
		if x.h.img.isTrampoline(ra) {
			continue
		}
		w.PCs[w.N] = ra - 1
		w.N++
	}
	return w
}

// whereString renders where(pc), cached.
func (x *hctx) whereString(pc uint64) string {
	w := x.where(pc)
	if s, ok := x.h.chains[w]; ok {
		return s
	}
	s := w.Render(x.h.img.symbols().describe)
	x.h.chains[w] = s
	return s
}

// crashed turns a fault of the driver into a verdict. The coroutine is
// abandoned; the next run resets the image.
func (x *hctx) crashed(m *sim.Machine, c *sim.CPU, ev event) {
	x.h.dirty = true
	if ev.a == sigXCPU {
		m.Fail(sim.ClassLivelock, "%s spins without touching the device or memory: stopped after %.1fs in a loop of uninstrumented code, in %s (cpu%d)",
			x.name, float64(watchdogLimit)/10, x.whereString(ev.c), c.ID)
	}
	m.Emit(c.Source(), KindCrash, ev.a, ev.b, ev.c)
	chain := x.whereString(ev.c)
	in := x.h.img.symbols().frames(ev.c)[0].String()
	where := m.At(sim.Where{PCs: [12]uint64{ev.c}, N: 1})
	if where == "" && strings.HasPrefix(in, "nicsim_") {
		// Not the driver's code: the driver's context left into the
		// runtime with a stack or registers it had broken.
		where = fmt.Sprintf(" after %s returned into nicsim's runtime (%s) with a broken stack or registers (a longjmp to a function that had returned, a write through a stale stack pointer)",
			x.name, in)
	} else if where == "" {
		where = " in " + in
	}
	if op := x.privileged(ev); op != "" {
		m.Fail(sim.ClassInternal, "%s (cpu%d: %s)", x.containedMessage(ev, in, where), c.ID, chain)
	}
	if msg := x.containedMessage(ev, in, where); msg != "" {
		m.Fail(sim.ClassCrash, "%s (cpu%d: %s)%s", msg, c.ID, chain, x.k.AfterAllocFailure(c))
	}
	what := fmt.Sprintf("accessing %#x", ev.b)
	if ev.a == sigJump {
		what = fmt.Sprintf("jumping to %#x, outside the driver's code (a call through a null or wild function pointer, or a return through a smashed stack),", ev.b)
	}
	if ev.a == sigGP {
		what = "(a general protection fault: a privileged instruction such as hlt, cli, inb or outb, or a non-canonical address such as 0x4141414141414141 reached through a smashed pointer or return address)"
	}
	if ev.a == sigILL || ev.a == sigFPE || ev.a == sigTRAP {
		what = fmt.Sprintf("at pc %#x", ev.c)
	}
	m.Fail(sim.ClassCrash, "driver crashed: %s %s%s (cpu%d: %s)%s", signalName(ev.a), what, where, c.ID, chain,
		x.k.AfterAllocFailure(c))
}

// containedMessage says how the sandbox or the runtime stopped the driver:
// a system call (trapped by the seccomp filter), an access outside its
// memory (stopped before it happened) or a stack overflow (a fault on a
// guard page); "" for any other fault.
func (x *hctx) containedMessage(ev event, in, where string) string {
	switch {
	case ev.a == sigSYS:
		return fmt.Sprintf("driver made system call %d (%s)%s; drivers may not call the host kernel",
			ev.b, sandbox.SyscallName(int(ev.b)), where)
	case ev.a&^1 == sigWild:
		what := "read from"
		if ev.a&1 != 0 {
			what = "write to"
		}
		return fmt.Sprintf("driver crashed: SIGSEGV accessing %#x (a %s an address outside the driver's memory, stopped before it happened)%s",
			ev.b, what, where)
	}
	if op := x.privileged(ev); op != "" {
		return fmt.Sprintf("nicsim cannot run this driver: it executes the privileged x86 instruction %s%s, which a driver hosted in a user process cannot run (its kernel, and QEMU, run it in ring 0); nicsim does not emulate %s: mask the device's interrupt instead (the 82557's SCB M bit), or run the driver with nicsim qemu",
			op, where, op)
	}
	if ev.a == sigSEGV && x.h.inCode(ev.b) {
		return fmt.Sprintf("driver crashed: SIGSEGV%s: a write to the code of %s at %#x, which is read-only",
			where, x.h.img.symbols().frames(ev.b)[0].fn, ev.b)
	}
	if i, ok := x.h.guardOf(ev.b); ok && (ev.a == sigSEGV || ev.a == sigBUS) {
		if i == x.co+1 {
			// The guard page above this coroutine's stack: it wrote upwards
			// past the top of its stack, through its callers' frames, which
			// is a local array indexed past its end, not deep recursion.
			return fmt.Sprintf("driver crashed: %s %s ran past the top of its stack (fault at %#x, the guard page above coroutine %d's stack): a local array indexed past its end, running up through the callers' frames",
				guest.MarkStackOverrun, in, ev.b, x.co)
		}
		return fmt.Sprintf("driver crashed: stack overflow in %s: the %d KiB stack of coroutine %d is exhausted (fault at %#x, its guard page)",
			in, stackSize>>10, i, ev.b)
	}
	return ""
}

// hung reports a driver that ran HangBlocks basic blocks without an event.
func (x *hctx) hung(m *sim.Machine, c *sim.CPU, ev event) {
	m.Fail(sim.ClassLivelock, "%s spins without touching the device or memory: %d basic blocks since its last event, in %s (cpu%d)",
		x.name, ev.a, x.whereString(ev.pc-1), c.ID)
}

// flooded reports a driver that printed more than ConsoleBudget bytes in
// one run.
func (x *hctx) flooded(m *sim.Machine, c *sim.CPU, ev event) {
	m.Fail(sim.ClassLivelock, "%s floods the console: more than %d KiB printed in one run (%d lines), the last%s (cpu%d: %s); nicsim stops a run there: print less (a line per frame at most)",
		x.name, ConsoleBudget>>10, len(x.h.prints)+1, m.At(x.where(ev.pc-1)), c.ID, x.whereString(ev.pc-1))
}

// corrupted reports a driver that overwrote the runtime's control block.
func (x *hctx) corrupted(m *sim.Machine) {
	x.h.dirty = true
	m.Fail(sim.ClassCrash, "memory corruption: the driver overwrote nicsim's runtime data at %#x (last event in %s)",
		x.h.img.addrs.ctl, x.name)
}

const (
	sigILL  = 4
	sigTRAP = 5
	sigBUS  = 7
	sigFPE  = 8
	sigSEGV = 11
	sigXCPU = 24
	sigSYS  = 31
	// sigWild (| 1 for a write) is the runtime's pseudo signal for an
	// access outside the driver's memory (NICSIM_SIG_WILD in rt.h).
	sigWild = 0x100
	// sigGP is the fault handler's pseudo signal for a general protection
	// fault (NICSIM_SIG_GP in cgo.go).
	sigGP = 0x200
	// sigJump is its pseudo signal for a jump outside the image
	// (NICSIM_SIG_JUMP): b is the target, c the call site.
	sigJump = 0x300
)

func signalName(sig uint64) string {
	switch sig {
	case sigILL:
		return "SIGILL"
	case sigTRAP:
		return "SIGTRAP (int3)"
	case sigGP, sigJump:
		return "SIGSEGV"
	case sigBUS:
		return "SIGBUS"
	case sigFPE:
		return "SIGFPE"
	case sigSEGV:
		return "SIGSEGV"
	case sigSYS:
		return "SIGSYS"
	}
	return fmt.Sprintf("signal %d", sig)
}

// privilegedOps are x86 instructions that fault outside ring 0, by their
// first opcode byte: a kernel driver's cli/sti, hlt, and port I/O written
// as inline assembly.
var privilegedOps = map[byte]string{
	0xFA: "cli", 0xFB: "sti", 0xF4: "hlt",
	0xE4: "in", 0xE5: "in", 0xEC: "in", 0xED: "in",
	0xE6: "out", 0xE7: "out", 0xEE: "out", 0xEF: "out",
}

// privileged names the privileged instruction a SIGSEGV of the driver's
// code stopped at ("" if it is not one): such a fault is nicsim's limit,
// not the driver's crash.
func (x *hctx) privileged(ev event) string {
	if ev.a != sigGP && (ev.a != sigSEGV || ev.b != 0) {
		return ""
	}
	base := x.h.img.lay.Virt
	if ev.c < base || ev.c-base >= uint64(len(x.h.ram.p)) {
		return ""
	}
	return privilegedOps[x.h.ram.p[ev.c-base]]
}

// keyPrivileged is the explanation row of a driver stopped at a privileged
// instruction: nicsim's limit, told as such.
const keyPrivileged = sim.ClassInternal + "/privileged"

func init() {
	diag.RegisterMarker(sim.ClassInternal, "privileged x86 instruction", keyPrivileged)
	diag.Register("", keyPrivileged, diag.Text{
		Title: "privileged instruction nicsim cannot host",
		What:  "the driver executes a privileged x86 instruction (cli, sti, hlt, in or out as inline assembly) at {at}; nicsim runs drivers in a user process, where it faults",
		Why:   "this is a limit of nicsim, not a bug of the driver: its kernel runs it in ring 0",
		Shows: "QEMU runs it: nicsim qemu boots the driver on the real guest",
		Hides: "QEMU runs it: nicsim qemu boots the driver on the real guest",
		Fix:   "to hunt it in simulation, mask the device's interrupt instead of cli/sti (the 82557's SCB M bit) and use the kernel's __inb/__outb; or run it with nicsim qemu",
	})
}

package hosted

import (
	"fmt"

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
	what := fmt.Sprintf("accessing %#x", ev.b)
	if ev.a == sigILL || ev.a == sigFPE {
		what = fmt.Sprintf("at pc %#x", ev.c)
	}
	where := m.At(sim.Where{PCs: [12]uint64{ev.c}, N: 1})
	if where == "" {
		where = " in " + in
	}
	m.Fail(sim.ClassCrash, "driver crashed: %s %s%s (cpu%d: %s)%s", signalName(ev.a), what, where, c.ID, chain,
		x.k.AfterAllocFailure(c))
}

// hung reports a driver that ran HangBlocks basic blocks without an event.
func (x *hctx) hung(m *sim.Machine, c *sim.CPU, ev event) {
	m.Fail(sim.ClassLivelock, "%s spins without touching the device or memory: %d basic blocks since its last event, in %s (cpu%d)",
		x.name, ev.a, x.whereString(ev.pc-1), c.ID)
}

// corrupted reports a driver that overwrote the runtime's control block.
func (x *hctx) corrupted(m *sim.Machine) {
	x.h.dirty = true
	m.Fail(sim.ClassCrash, "memory corruption: the driver overwrote nicsim's runtime data at %#x (last event in %s)",
		x.h.img.addrs.ctl, x.name)
}

const (
	sigILL  = 4
	sigBUS  = 7
	sigFPE  = 8
	sigSEGV = 11
	sigXCPU = 24
)

func signalName(sig uint64) string {
	switch sig {
	case sigILL:
		return "SIGILL"
	case sigBUS:
		return "SIGBUS"
	case sigFPE:
		return "SIGFPE"
	case sigSEGV:
		return "SIGSEGV"
	}
	return fmt.Sprintf("signal %d", sig)
}

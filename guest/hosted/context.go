package hosted

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// hctx is one running entry point of the driver (a sim.Context): a C
// coroutine that stops at every event. A step performs the pending event,
// resumes the coroutine up to its next scheduling point (handling calls
// such as kalloc on the way) and leaves that event pending.
type hctx struct {
	h      *Host
	k      *guest.Kernel
	entry  uint64
	name   string
	arg0   uint64
	arg1   uint64
	co     int // coroutine index, -1 before the first step
	pend   event
	slept  bool // asleep in sleep(): the pending event waits for the wakeup
	spins  bool // blocked in acquire: the site event was already emitted
	caller fmt.Stringer
	// pendingReply is the reply buffer net_rx is about to transmit; its
	// free before net_rx returns means the driver refused it.
	pendingReply uint64
	lastPC       uint64
}

var _ sim.Context = (*hctx)(nil)

// Step implements sim.Context.
func (x *hctx) Step(m *sim.Machine, c *sim.CPU) {
	if x.co < 0 {
		x.start(m, c)
		x.run(m, c, x.resume(m))
		return
	}
	p := x.pend
	if !x.perform(m, c, p) {
		return
	}
	ev := x.resume(m)
	if p.kind == evMMIOWrite {
		x.commitWrite(c, p)
	}
	x.run(m, c, ev)
}

// start takes a free coroutine for the entry point.
func (x *hctx) start(m *sim.Machine, c *sim.CPU) {
	h := x.h
	if h.m != m {
		h.Attach(m)
	}
	if len(h.free) == 0 {
		m.Fail(sim.ClassInternal, "hosted: more than %d driver contexts at once", nCoro)
	}
	x.co = h.free[len(h.free)-1]
	h.free = h.free[:len(h.free)-1]
	co := &h.ctl.Coro[x.co]
	co.Entry, co.Arg0, co.Arg1, co.Ret = x.entry, x.arg0, x.arg1, 0
	co.State = coroNew
	m.EmitS(c.Source(), guest.KindCall, x.name, 0, 0, 0)
	x.k.StartCall(c)
}

// resume runs the coroutine to its next event and checks that the driver
// left the runtime's control block intact.
func (x *hctx) resume(m *sim.Machine) event {
	h := x.h
	call(h.img.addrs.run, uint64(x.co))
	ctl := h.ctl
	co := &ctl.Coro[x.co]
	if ctl.Magic != ctlMagic || ctl.Magic2 != ctlMagic || co.Magic != ctlMagic || ctl.Cur != uint64(x.co) {
		x.corrupted(m)
	}
	ev := event{kind: ctl.Ev, a: ctl.A, b: ctl.B, c: ctl.C, pc: ctl.PC}
	if ev.pc != 0 {
		x.lastPC = ev.pc
	}
	return ev
}

func (x *hctx) reply(v uint64) { x.h.ctl.Reply = v }

// perform carries out the pending scheduling point. It returns false when
// the context cannot go on yet (a lock held elsewhere, or asleep).
func (x *hctx) perform(m *sim.Machine, c *sim.CPU, p event) bool {
	k := x.k
	if x.h.SiteEvents && p.kind != evMem && p.pc != 0 && !x.slept && !x.spins {
		m.Emit(c.Source(), KindAt, p.pc-1, 0, 0)
	}
	switch p.kind {
	case evMMIORead:
		x.mmioRead(c, p)
	case evMem:
		if p.c != 0 {
			// A store: remember where, for weak-memory reports.
			k.MemAccessAt(c, x.h.physical(p.a), p.b, true, x.where(p.pc-1))
		} else {
			k.MemAccess(c, x.h.physical(p.a), p.b, false)
		}
	case evFence:
		k.Barrier(c)
	case evAcquire:
		x.spins = !m.Acquire(c, m.Lock(p.a, ""), x.where(p.pc-1))
		if x.spins {
			return false
		}
		x.reply(uint64(c.ID))
	case evRelease:
		m.Release(c, m.Lock(p.a, ""), x.where(p.pc-1))
	case evPushOff:
		c.IntrOff()
	case evPopOff:
		c.IntrOn()
	case evPortIn, evPortOut, evKCall:
		return x.kernelEvent(m, c, p)
	case evSleep:
		if !x.slept {
			x.slept = true
			c.Sleep(sim.Microsecond)
			return false
		}
		x.slept = false
	}
	return true
}

// mmioRead reads the registers the load covers, as the device decodes them,
// and puts their values in the window, where the driver's own load finds
// them when resumed.
func (x *hctx) mmioRead(c *sim.CPU, p event) {
	acc, n := x.k.Accesses(nic.MMIO, uint32(p.a-x.h.img.lay.MMIO), int(p.b))
	for _, a := range acc[:n] {
		x.h.putReg(uint64(a.Off), a.Width, x.k.RegRead(c, nic.MMIO, a.Off, a.Width))
	}
}

// commitWrite hands the value the driver just stored to the device, as the
// device decodes it.
func (x *hctx) commitWrite(c *sim.CPU, p event) {
	x.h.m.SetSite(x.where(p.pc - 1))
	defer x.h.m.SetSite(sim.Where{})
	acc, n := x.k.Accesses(nic.MMIO, uint32(p.a-x.h.img.lay.MMIO), int(p.b))
	for _, a := range acc[:n] {
		x.k.RegWrite(c, nic.MMIO, a.Off, a.Width, x.h.reg(uint64(a.Off), a.Width))
	}
}

// run handles events that are not scheduling points, resuming the
// coroutine after each, until it reaches a scheduling point (left pending
// for the next step) or returns.
func (x *hctx) run(m *sim.Machine, c *sim.CPU, ev event) {
	for !ev.sched() {
		if !x.inline(m, c, ev) {
			return
		}
		ev = x.resume(m)
	}
	x.pend = ev
}

// inline handles one non-scheduling event; false when the context ended.
func (x *hctx) inline(m *sim.Machine, c *sim.CPU, ev event) bool {
	h, k := x.h, x.k
	switch ev.kind {
	case evInitLock:
		m.Lock(ev.a, h.cstring(ev.b))
	case evHolding:
		x.reply(b2u(m.Holding(c, m.Lock(ev.a, ""))))
	case evKalloc:
		k.Service("kalloc")
		x.reply(k.Kalloc(c, ev.pc-1))
	case evKfree, evMbufFree:
		x.refused(c, ev.a)
		k.DriverFree(c, ev.kind == evMbufFree, ev.a, x.where(ev.pc-1), x.whereString(ev.pc-1))
	case evMbufAlloc:
		mb, ok := k.Svc.(guest.MbufAllocator)
		if !ok {
			m.Fail(sim.ClassCrash, "the driver called mbufalloc, which its kernel does not provide")
		}
		x.reply(k.DriverMbufAlloc(c, uint32(ev.a), ev.pc-1, mb.MbufAlloc))
	case evNetRx:
		x.netRx(c, ev)
	case evCpuid:
		x.reply(uint64(c.ID))
	case evPrintf:
		s := h.ctl.msg()
		h.prints = append(h.prints, s)
		m.EmitS(c.Source(), guest.KindPrintf, s, 0, 0, 0)
		if k.OnPrintf != nil {
			k.OnPrintf(c, s)
		}
	case evPanic:
		m.Fail(sim.ClassPanic, "panic: %s%s (cpu%d in %s)%s", h.ctl.msg(), m.At(x.where(ev.pc-1)), c.ID,
			x.whereString(ev.pc-1), k.AfterAllocFailure(c))
	case evCrash:
		x.crashed(m, c, ev)
	case evHang:
		x.hung(m, c, ev)
	case evUnprovided:
		m.Fail(sim.ClassInternal, "%s%s (cpu%d in %s)", h.ctl.msg(), m.At(x.where(ev.pc-1)), c.ID, x.whereString(ev.pc-1))
	case evReturn:
		x.finish(m, c, int64(ev.a))
		return false
	default:
		m.Fail(sim.ClassInternal, "hosted: unknown runtime event %d", ev.kind)
	}
	return true
}

// netRx runs the kernel's stack on a received buffer; a reply frame goes
// back as a buffer that the runtime transmits from inside net_rx.
func (x *hctx) netRx(c *sim.CPU, ev event) {
	k := x.k
	frame := k.NetRx(c, ev.a, int(int64(ev.b)))
	var buf uint64
	var n int
	if frame != nil {
		buf, n = k.NewBuffer(frame)
	}
	x.reply(buf)
	x.h.ctl.Reply2 = uint64(int64(n))
	x.pendingReply = buf
}

// refused notices net_rx freeing the reply it just made: the driver's
// transmit refused it.
func (x *hctx) refused(c *sim.CPU, buf uint64) {
	if buf != 0 && buf == x.pendingReply {
		x.k.Net.ReplyRefused(c)
		x.pendingReply = 0
	}
}

// finish returns the entry point's value and frees the coroutine.
func (x *hctx) finish(m *sim.Machine, c *sim.CPU, v int64) {
	h := x.h
	h.ctl.Coro[x.co].State = coroFree
	h.free = append(h.free, x.co)
	x.co = -2
	m.EmitS(c.Source(), guest.KindRet, x.name, uint64(v), 0, 0)
	c.Return(v)
}

// cstring reads a NUL-terminated string from RAM (at most 128 bytes).
func (h *Host) cstring(addr uint64) string {
	base := h.img.lay.Virt
	if addr < base || addr >= base+ramSize {
		return ""
	}
	b := h.ram.p[addr-base:]
	for i := 0; i < len(b) && i < 128; i++ {
		if b[i] == 0 {
			return string(b[:i])
		}
	}
	return ""
}

// Describe implements sim.Context: the C call chain where the context is.
func (x *hctx) Describe() string {
	s := x.name
	if x.co >= 0 && x.lastPC != 0 {
		s = x.where(x.lastPC - 1).Render(x.h.img.symbols().names)
	}
	if x.caller != nil {
		s += " <- " + x.caller.String()
	}
	return s
}

// SetCaller records who called the entry point (see guest.Kernel.Traced).
func (x *hctx) SetCaller(s fmt.Stringer) { x.caller = s }

func (x *hctx) String() string { return x.Describe() }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// PC is the return address of the driver's last scheduling point (the code
// about to run when the context steps next), or 0 before its first step.
func (x *hctx) PC() uint64 { return x.lastPC }

// Where is the C call chain the context is stopped in (its last
// scheduling point), for reports that render it with lines; zero before
// its first step.
func (x *hctx) Where() sim.Where {
	if x.co < 0 || x.lastPC == 0 {
		return sim.Where{}
	}
	return x.where(x.lastPC - 1)
}

package debugger

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// recorder indexes the run: after every step it compares the device's
// registers, descriptor fields and flags with the previous step and notes
// each change with its writer.
type recorder struct {
	e      *Engine
	live   *harness.Live
	prev   nic.State
	have   bool
	prevPC []uint64 // each CPU's driver pc before the step
	full   bool     // too many steps to keep a state for each
}

// pcer is a context that knows its driver pc (hosted C).
type pcer interface{ PC() uint64 }

func (r *recorder) attach(l *harness.Live) {
	r.live = l
	r.prevPC = make([]uint64, len(l.Machine.CPUs))
	l.Kernel.OnService = func(name string) {
		r.e.calls = append(r.e.calls, Call{Step: int(l.Machine.Steps()) + 1, Name: name})
	}
	l.Machine.OnStep = func(m *sim.Machine) {
		r.e.evEnd = append(r.e.evEnd, m.Trace.Count())
		r.step(int(m.Steps()))
	}
}

// finish records the failing step (k), which never reached OnStep.
func (r *recorder) finish(k int) { r.step(k) }

func (r *recorder) step(k int) {
	m := r.live.Machine
	actor := m.ActorName(m.Current())
	r.e.actors = append(r.e.actors, actor)
	var pc uint64
	if id, ok := cpuOf(actor); ok && id < len(r.prevPC) {
		pc = r.prevPC[id]
	}
	r.e.stepPC = append(r.e.stepPC, pc)
	st := r.live.Device.State()
	n := len(r.e.changes)
	if r.have {
		r.diff(k, actor, &st)
	}
	r.keepState(&st, n != len(r.e.changes) || !r.have)
	r.prev, r.have = st, true
	for i, c := range m.CPUs {
		r.prevPC[i] = cpuPC(c)
	}
}

func cpuPC(c *sim.CPU) uint64 {
	if p, ok := c.Top().(pcer); ok {
		return p.PC()
	}
	return 0
}

func (r *recorder) diff(k int, actor string, st *nic.State) {
	for i, g := range st.Registers {
		if i < len(r.prev.Registers) && r.prev.Registers[i].Name == g.Name && r.prev.Registers[i].Value != g.Value {
			r.note(k, actor, g.Name, uint64(r.prev.Registers[i].Value), uint64(g.Value))
		}
	}
	for i := range st.Rings {
		var old *nic.RingView
		if i < len(r.prev.Rings) {
			old = &r.prev.Rings[i]
		}
		r.diffRing(k, actor, old, &st.Rings[i])
	}
}

func (r *recorder) diffRing(k int, actor string, old, cur *nic.RingView) {
	for j := range cur.Slots {
		s := &cur.Slots[j]
		var o *nic.Slot
		if old != nil && j < len(old.Slots) && old.Slots[j].Addr == s.Addr {
			o = &old.Slots[j]
		}
		name := func() string { return cur.Name + "[" + strconv.Itoa(s.Index) + "]" }
		for f, fv := range s.Fields {
			var ov uint64
			if o != nil && f < len(o.Fields) {
				ov = o.Fields[f].Value
			}
			if ov != fv.Value {
				r.note(k, actor, name()+"."+fv.Name, ov, fv.Value)
				c := &r.e.changes[len(r.e.changes)-1]
				c.addr, c.width = s.Addr+uint64(fv.Off), uint64(fv.Width)
			}
		}
		var oflags []string
		if o != nil {
			oflags = o.Flags
		}
		if !slices.Equal(oflags, s.Flags) {
			n := len(r.e.changes)
			r.flags(k, actor, name(), oflags, s.Flags)
			for i := n; i < len(r.e.changes); i++ {
				r.e.changes[i].addr, r.e.changes[i].width = s.Addr, slotSize(s)
			}
		}
	}
}

func (r *recorder) flags(k int, actor, slot string, old, cur []string) {
	for _, f := range cur {
		if !slices.Contains(old, f) {
			r.note(k, actor, slot+"."+f, 0, 1)
		}
	}
	for _, f := range old {
		if !slices.Contains(cur, f) {
			r.note(k, actor, slot+"."+f, 1, 0)
		}
	}
}

// note records a change; a CPU's changes carry its context and source line.
func (r *recorder) note(k int, actor, what string, old, cur uint64) {
	c := Change{Step: k, Actor: actor, What: what, Old: old, New: cur}
	if id, ok := cpuOf(actor); ok && id < len(r.live.Machine.CPUs) {
		cpu := r.live.Machine.CPUs[id]
		c.Context = cpu.Describe()
		if pc := r.prevPC[id]; pc != 0 && r.e.dw != nil {
			if file, line := r.e.dw.line(pc - 1); line > 0 {
				c.Line = fmt.Sprintf("%s:%d", file, line)
			}
		}
	}
	r.e.changes = append(r.e.changes, c)
}

// cpuOf parses the CPU of an actor name ("cpu1", "cpu1.irq").
func cpuOf(actor string) (int, bool) {
	rest, ok := strings.CutPrefix(actor, "cpu")
	if !ok {
		return 0, false
	}
	rest, _, _ = strings.Cut(rest, ".")
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

// attributeDMA names the device engine of every descriptor change that a
// DMA write of its step covers: under QEMU's personality the device
// transmits inside the CPU's TDT write, so the step's actor is the CPU but
// the writer is the device.
func (e *Engine) attributeDMA() {
	all := e.trace.All()
	base := e.trace.Dropped()
	for i := range e.changes {
		c := &e.changes[i]
		if c.addr == 0 {
			continue
		}
		lo, hi := e.stepEvents(c.Step)
		for g := max(lo, base); g < hi && g-base < uint64(len(all)); g++ {
			ev := &all[g-base]
			if ev.Kind.Name() == "dma.write" && ev.A < c.addr+c.width && c.addr < ev.A+ev.B {
				c.DMA = e.trace.SourceName(ev.Src)
			}
		}
	}
}

// stepEvents is the range of global event numbers step k emitted.
func (e *Engine) stepEvents(k int) (uint64, uint64) {
	var lo uint64
	if k >= 2 && k-2 < len(e.evEnd) {
		lo = e.evEnd[k-2]
	}
	if k-1 < len(e.evEnd) {
		return lo, e.evEnd[k-1]
	}
	return lo, e.trace.Count()
}

// maxKeptStates bounds the per-step states kept for the HTML timeline: a
// livelock runs for millions of steps.
const maxKeptStates = 1 << 17

// keepState keeps the state after a step, sharing the previous one when
// nothing changed.
func (r *recorder) keepState(st *nic.State, changed bool) {
	e := r.e
	switch {
	case len(e.states) >= maxKeptStates:
		e.states = nil
		r.full = true
	case r.full:
	case changed || len(e.states) == 0:
		c := *st
		e.states = append(e.states, &c)
	default:
		e.states = append(e.states, e.states[len(e.states)-1])
	}
}

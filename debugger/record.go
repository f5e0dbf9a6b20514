package debugger

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/guest"
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

	// Between two reads of the device's State, the step's events and the
	// slots' bytes tell whether anything could have changed (see gate).
	slots  []slotBytes
	evSeen uint64
	srcCPU map[sim.SourceID]bool
	stable map[[2]uint64]bool // register reads known not to change a register
	events []sim.Event        // the step's events (nil: too many to keep)
}

// slotBytes is a copy of one slot's bytes in RAM.
type slotBytes struct {
	addr uint64
	b    []byte
}

// pcer is a context that knows its driver pc (hosted C).
type pcer interface{ PC() uint64 }

func (r *recorder) attach(l *harness.Live) {
	r.live = l
	r.srcCPU, r.stable = map[sim.SourceID]bool{}, map[[2]uint64]bool{}
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
	defer func() {
		for i, c := range m.CPUs {
			r.prevPC[i] = cpuPC(c)
		}
	}()
	reads, maybe := r.gate(m)
	if r.have && !maybe && !r.e.everyStep {
		r.keepState(nil, false)
		return
	}
	st := r.live.Device.State()
	n := len(r.e.changes)
	if r.have {
		r.diff(k, actor, &st)
	}
	r.learn(reads, n)
	r.keepState(&st, n != len(r.e.changes) || !r.have)
	r.prev, r.have = st, true
	r.saveSlots(m, &st)
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
		if !strings.Contains(what, "[") {
			c.How = r.mmioKind(actor, what)
		}
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

// keptStates bounds the per-step states kept for the HTML timeline, which
// draws the newest rows: a livelock runs for millions of steps.
const keptStates = 1 << 13

// keepState keeps the state after a step, sharing the previous one when
// nothing changed; only the newest keptStates steps keep theirs.
func (r *recorder) keepState(st *nic.State, changed bool) {
	e := r.e
	var prev *nic.State
	if n := len(e.states); n > 0 {
		prev = e.states[n-1]
	}
	if changed || prev == nil && st != nil {
		c := *st
		prev = &c
	}
	if len(e.states) == 2*keptStates {
		e.statesFrom += keptStates
		e.states = append(e.states[:0], e.states[keptStates:]...)
	}
	e.states = append(e.states, prev)
}

// gate reports whether the step may have changed a register or a slot:
// a slot's bytes differ, or the step emitted an event of the device, the
// wire or a timer, a register write, or a register read not yet known to
// leave every register as it was (a read-to-clear register such as ICR
// changes; the others do not). It returns the step's register reads.
func (r *recorder) gate(m *sim.Machine) ([][2]uint64, bool) {
	n := m.Trace.Count() - r.evSeen
	r.evSeen = m.Trace.Count()
	if n > 64 {
		r.events = nil
		return nil, true
	}
	var reads [][2]uint64
	maybe := false
	r.events = m.Trace.Last(int(n))
	for _, ev := range r.events {
		switch {
		case !r.isCPU(m, ev.Src), ev.Kind == guest.KindMMIOWrite:
			maybe = true
		case ev.Kind == guest.KindMMIORead:
			key := [2]uint64{ev.A, ev.C}
			reads = append(reads, key)
			maybe = maybe || !r.stable[key]
		}
	}
	return reads, maybe || r.slotsChanged(m)
}

func (r *recorder) isCPU(m *sim.Machine, src sim.SourceID) bool {
	v, ok := r.srcCPU[src]
	if !ok {
		v = strings.HasPrefix(m.Trace.SourceName(src), "cpu")
		r.srcCPU[src] = v
	}
	return v
}

// learn marks the step's register reads stable when the step changed no
// register.
func (r *recorder) learn(reads [][2]uint64, from int) {
	for _, c := range r.e.changes[from:] {
		if !strings.Contains(c.What, "[") {
			return
		}
	}
	for _, k := range reads {
		r.stable[k] = true
	}
}

func (r *recorder) saveSlots(m *sim.Machine, st *nic.State) {
	r.slots = r.slots[:0]
	for _, ring := range st.Rings {
		for i := range ring.Slots {
			s := &ring.Slots[i]
			b, err := m.Mem.Slice(s.Addr, slotSize(s))
			if err == nil {
				r.slots = append(r.slots, slotBytes{addr: s.Addr, b: bytes.Clone(b)})
			}
		}
	}
}

func (r *recorder) slotsChanged(m *sim.Machine) bool {
	for _, s := range r.slots {
		b, err := m.Mem.Slice(s.addr, uint64(len(s.b)))
		if err != nil || !bytes.Equal(b, s.b) {
			return true
		}
	}
	return false
}

// mmioKind says whether a CPU changed a register by writing it, by reading
// it (a read-to-clear register such as ICR), or whether the device changed
// it while the CPU stepped (a head register moved by a transmit that runs
// inside the tail write).
func (r *recorder) mmioKind(actor, reg string) string {
	if r.events == nil {
		return actor + " MMIO access"
	}
	t := r.live.Machine.Trace
	read := false
	for i := range r.events {
		ev := &r.events[i]
		if ev.Kind != guest.KindMMIOWrite && ev.Kind != guest.KindMMIORead || t.SourceName(ev.Src) != actor {
			continue
		}
		if !strings.Contains(t.Format(ev), " "+reg+"=") {
			continue
		}
		if ev.Kind == guest.KindMMIOWrite {
			return actor + " MMIO write"
		}
		read = true
	}
	if read {
		return actor + " MMIO read (read to clear)"
	}
	return "the device inside " + actor + "'s step"
}

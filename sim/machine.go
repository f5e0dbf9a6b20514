package sim

import (
	"fmt"
	"math/bits"
	"runtime/debug"
	"strings"
)

// ActorID names an actor of a machine (at most 64).
type ActorID uint8

// Actor is a step function the scheduler can pick.
type Actor interface {
	// Step performs one atomic step. It may enable or disable actors,
	// set timers, emit events and fail the run.
	Step(m *Machine)
}

type actorEntry struct {
	a    Actor
	name string
	src  SourceID
	// maxWait bounds how long the actor may stay enabled without a step
	// (0: no bound); since is when it was enabled or last stepped.
	maxWait, since Time
}

// Config sets up a machine.
type Config struct {
	NCPU     int    // CPUs (default 3, like the lab's make qemu)
	MaxSteps uint64 // livelock budget in steps (default 2,000,000)
	MaxTime  Time   // hang budget in virtual time (default 20 s)
	StepCost Time   // virtual time per step (default 10 ns)
	RAMSize  uint64 // bytes of RAM at RAMBase when RAM is nil (default 2 MiB)
	RAM      []byte // RAM to use (hosted drivers pass their mapping)
	// RAMTouched records the pages of RAM the run hands out, for a RAM
	// buffer reused from run to run (nil: not recorded).
	RAMTouched *Touched
	HeapBase   uint64 // first page kalloc hands out, a bus address (default the middle of RAM)
	// Layout places RAM on the bus and for the CPUs (nil: DefaultLayout).
	// Memory, the heap and the device's DMA use bus addresses.
	Layout   *Layout
	Strategy Strategy // default RandomWalk
	// NoLockdep turns off the predictive lock-order check (only what a real
	// kernel would show remains: panic on re-entry, deadlock).
	NoLockdep bool
	// TSO says the kernel's architecture orders stores (x86's total store
	// order): a store is visible to the device without a fence, so
	// [Machine.Unpublished] reports nothing. The default is RISC-V's weak
	// order, where it does.
	TSO bool
	_   struct{}
}

// Machine is one simulated run: clock, tape, trace, memory, CPUs, interrupt controller,
// locks and the actors the scheduler interleaves.
type Machine struct {
	Clock Clock
	Tape  *Tape
	Trace *Trace
	Mem   Memory
	CPUs  []*CPU
	Intc  IntrController
	Heap  Heap

	cfg      Config
	layout   Layout
	strategy Strategy
	actors   []actorEntry
	enabled  uint64
	bounded  uint64 // actors with a maxWait
	cur      ActorID
	steps    uint64
	cands    []ActorID
	locks    []*Spinlock
	order    []orderEdge
	site     Where // the driver code making the current device access
	// Intr is the kernel model's way of turning interrupts off and on
	// (nil: spinlocks leave them alone).
	Intr IntrModel
	// IntrHandler builds the context that handles the device interrupt on a
	// CPU (the driver's e1000_intr).
	IntrHandler func(c *CPU) Context
	// OnQuiesce runs when nothing can step and no timer is pending; it may
	// fail the run (liveness oracles) or schedule more work.
	OnQuiesce func(m *Machine)
	// OnStep, if set, runs after every step (invariant checks in tests).
	OnStep func(m *Machine)
}

// New returns a machine with the given tape.
func New(cfg Config, tape *Tape) *Machine {
	if cfg.NCPU <= 0 {
		cfg.NCPU = 3
	}
	if cfg.MaxSteps == 0 {
		cfg.MaxSteps = 2_000_000
	}
	if cfg.MaxTime == 0 {
		cfg.MaxTime = 20 * Second
	}
	if cfg.StepCost == 0 {
		cfg.StepCost = 10
	}
	if cfg.RAM == nil {
		if cfg.RAMSize == 0 {
			cfg.RAMSize = 2 << 20
		}
		cfg.RAM = make([]byte, cfg.RAMSize)
	}
	lay := DefaultLayout
	if cfg.Layout != nil {
		lay = *cfg.Layout
	}
	if cfg.HeapBase == 0 {
		cfg.HeapBase = lay.Phys + uint64(len(cfg.RAM))/2
	}
	if cfg.Strategy == nil {
		cfg.Strategy = &RandomWalk{}
	}
	m := &Machine{cfg: cfg, Tape: tape, Trace: newTrace(), strategy: cfg.Strategy}
	m.layout = lay
	m.Mem = Memory{Base: lay.Phys, B: cfg.RAM, Touched: cfg.RAMTouched}
	m.Heap.init(m, cfg.HeapBase, lay.Phys+uint64(len(cfg.RAM)))
	for i := 0; i < cfg.NCPU; i++ {
		m.CPUs = append(m.CPUs, newCPU(m, i))
	}
	m.Trace.addSource("sim")
	return m
}

// Layout is where the machine's RAM sits on the bus and for the CPUs.
func (m *Machine) Layout() Layout { return m.layout }

// Config returns the machine's configuration after defaults.
func (m *Machine) Config() Config { return m.cfg }

// AddActor registers an actor under name (also its trace source) and
// returns its id. Actors start disabled.
func (m *Machine) AddActor(name string, a Actor) ActorID {
	if len(m.actors) == 64 {
		panic("sim: more than 64 actors")
	}
	m.actors = append(m.actors, actorEntry{a: a, name: name, src: m.Trace.addSource(name)})
	return ActorID(len(m.actors) - 1)
}

// Source registers (or finds) a trace source that is not an actor.
func (m *Machine) Source(name string) SourceID { return m.Trace.addSource(name) }

// ActorSource is the trace source of an actor.
func (m *Machine) ActorSource(id ActorID) SourceID { return m.actors[id].src }

// ActorName is the name of an actor.
func (m *Machine) ActorName(id ActorID) string { return m.actors[id].name }

// ActorID returns the actor called name.
func (m *Machine) ActorID(name string) (ActorID, bool) {
	for i := range m.actors {
		if m.actors[i].name == name {
			return ActorID(i), true
		}
	}
	return 0, false
}

// SetEnabled says whether an actor can step now.
func (m *Machine) SetEnabled(id ActorID, on bool) {
	if on {
		if m.enabled&(1<<id) == 0 {
			m.actors[id].since = m.Clock.now
		}
		m.enabled |= 1 << id
	} else {
		m.enabled &^= 1 << id
	}
}

// SetMaxWait bounds the virtual time an actor stays enabled without a
// step: once it has waited longer than d, it steps next, whatever the
// strategy or the tape would choose (no decision is recorded). Devices use
// it for the units that progress on their own clock: a driver that polls a
// register or a status word in a loop sees the device move, as on real
// hardware, instead of a strategy starving it for ever. 0 removes the bound.
func (m *Machine) SetMaxWait(id ActorID, d Time) {
	m.actors[id].maxWait = d
	m.actors[id].since = m.Clock.now
	if d > 0 {
		m.bounded |= 1 << id
	} else {
		m.bounded &^= 1 << id
	}
}

// overdue is the lowest-numbered enabled actor that has waited longer
// than its bound, if any.
func (m *Machine) overdue() (ActorID, bool) {
	for mask := m.bounded & m.enabled; mask != 0; mask &= mask - 1 {
		id := ActorID(bits.TrailingZeros64(mask))
		if e := &m.actors[id]; m.Clock.now-e.since > e.maxWait {
			return id, true
		}
	}
	return 0, false
}

// Enabled reports whether an actor can step now.
func (m *Machine) Enabled(id ActorID) bool { return m.enabled&(1<<id) != 0 }

// Now is the virtual time.
func (m *Machine) Now() Time { return m.Clock.now }

// Steps is the number of steps taken.
func (m *Machine) Steps() uint64 { return m.steps }

// Current is the actor that is stepping (or stepped last).
func (m *Machine) Current() ActorID { return m.cur }

// Emit appends an event at the current time.
func (m *Machine) Emit(src SourceID, k Kind, a, b, c uint64) {
	m.Trace.Emit(Event{T: m.Clock.now, Src: src, Kind: k, A: a, B: b, C: c})
}

// EmitS appends an event carrying a string.
func (m *Machine) EmitS(src SourceID, k Kind, s string, a, b, c uint64) {
	m.Trace.Emit(Event{T: m.Clock.now, Src: src, Kind: k, A: a, B: b, C: c, S: s})
}

// Intn draws a recorded choice in [0, n) on stream s.
func (m *Machine) Intn(s Stream, n int) int { return m.Tape.Intn(s, n) }

// Run steps the machine until it quiesces or fails and returns the verdict.
func (m *Machine) Run() (v *Verdict) {
	defer func() {
		if r := recover(); r != nil {
			if vv, ok := r.(*Verdict); ok {
				v = vv
				return
			}
			v = &Verdict{Class: ClassInternal, T: m.Clock.now, Step: m.steps,
				Message: fmt.Sprintf("nicsim bug: %v\n%s", r, debug.Stack())}
		}
	}()
	for {
		m.fireDue()
		if m.enabled == 0 {
			if at, ok := m.Clock.Next(); ok {
				if at > m.cfg.MaxTime {
					m.failHang()
				}
				m.Clock.now = at
				continue
			}
			m.quiesce()
			if m.enabled == 0 && !m.Clock.Pending() {
				return &Verdict{Class: ClassPass, T: m.Clock.now, Step: m.steps}
			}
			continue
		}
		m.step()
	}
}

func (m *Machine) fireDue() {
	for {
		t, ok := m.Clock.popDue()
		if !ok {
			return
		}
		t.Fire(m)
	}
}

func (m *Machine) step() {
	id := m.pick()
	m.cur = id
	m.actors[id].since = m.Clock.now
	m.actors[id].a.Step(m)
	m.steps++
	m.Clock.now += m.cfg.StepCost
	if m.steps >= m.cfg.MaxSteps || m.Clock.now > m.cfg.MaxTime {
		m.failHang()
	}
	if m.OnStep != nil {
		m.OnStep(m)
	}
}

// pick chooses the next actor: candidates are the current actor (if
// enabled) followed by the others in id order, so choice 0 means "no
// preemption".
func (m *Machine) pick() ActorID {
	mask := m.enabled
	if mask&(mask-1) == 0 {
		return ActorID(bits.TrailingZeros64(mask))
	}
	if m.bounded&mask != 0 {
		if id, ok := m.overdue(); ok {
			return id
		}
	}
	c := m.cands[:0]
	curOn := mask&(1<<m.cur) != 0
	if curOn {
		c = append(c, m.cur)
		mask &^= 1 << m.cur
	}
	for mask != 0 {
		c = append(c, ActorID(bits.TrailingZeros64(mask)))
		mask &= mask - 1
	}
	m.cands = c
	var p uint32
	if !m.Tape.Replaying() {
		p = uint32(m.strategy.Choose(m, c, curOn))
	}
	return c[m.Tape.Decide(StreamSched, uint32(len(c)), p)]
}

func (m *Machine) quiesce() {
	for _, c := range m.CPUs {
		if c.blockedOn != nil && c.blockedOn.holder >= 0 {
			m.failDeadlock(c)
		}
	}
	if m.OnQuiesce != nil {
		m.OnQuiesce(m)
	}
}

func (m *Machine) failHang() {
	var b strings.Builder
	for _, c := range m.CPUs {
		fmt.Fprintf(&b, "\n  %s", c.Describe())
	}
	m.Fail(ClassLivelock, "no progress within the budget (%d steps, %v virtual): %d steps, t=%v%s",
		m.cfg.MaxSteps, fmtTime(m.cfg.MaxTime), m.steps, fmtTime(m.Clock.now), b.String())
}

// fmtTime renders virtual time for people.
func fmtTime(t Time) string {
	switch {
	case t >= Second:
		return fmt.Sprintf("%.3fs", float64(t)/float64(Second))
	case t >= Millisecond:
		return fmt.Sprintf("%.3fms", float64(t)/float64(Millisecond))
	case t >= Microsecond:
		return fmt.Sprintf("%.3fus", float64(t)/float64(Microsecond))
	}
	return fmt.Sprintf("%dns", int64(t))
}

// FormatTime renders virtual time for people (1.204ms).
func FormatTime(t Time) string { return fmtTime(t) }

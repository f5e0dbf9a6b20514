package sim

import (
	"fmt"
	"strings"
	"testing"
)

// counter is an actor that steps n times, emitting an event each time.
type counter struct {
	id   ActorID
	left int
	kind Kind
}

func (c *counter) Step(m *Machine) {
	m.Emit(m.ActorSource(c.id), c.kind, uint64(c.left), 0, 0)
	c.left--
	m.SetEnabled(c.id, c.left > 0)
}

var kindTick = RegisterKind("test.tick", func(e *Event, _ func(uint64) string) string { return fmt.Sprintf("left=%d", e.A) })

func counters(m *Machine, n, steps int) {
	for i := 0; i < n; i++ {
		c := &counter{left: steps, kind: kindTick}
		c.id = m.AddActor(fmt.Sprintf("t%d", i), c)
		m.SetEnabled(c.id, true)
	}
}

func runCounters(t *testing.T, tape *Tape, strat Strategy) (*Machine, *Verdict) {
	t.Helper()
	m := New(Config{NCPU: 1, Strategy: strat, RAMSize: 64 << 10}, tape)
	counters(m, 4, 50)
	return m, m.Run()
}

func TestSameSeedSameHash(t *testing.T) {
	for _, s := range []string{"random", "pct:1", "pct:3"} {
		st1, _ := NewStrategy(s, 200)
		st2, _ := NewStrategy(s, 200)
		m1, v1 := runCounters(t, NewTape(NewSeedSource(7)), st1)
		m2, v2 := runCounters(t, NewTape(NewSeedSource(7)), st2)
		if !v1.Pass() || !v2.Pass() {
			t.Fatalf("%s: verdicts %v %v, want pass", s, v1, v2)
		}
		if m1.Trace.Hash() != m2.Trace.Hash() {
			t.Errorf("%s: hash %x then %x for the same seed", s, m1.Trace.Hash(), m2.Trace.Hash())
		}
	}
}

func TestDifferentSeedsDiffer(t *testing.T) {
	m1, _ := runCounters(t, NewTape(NewSeedSource(1)), &RandomWalk{})
	m2, _ := runCounters(t, NewTape(NewSeedSource(2)), &RandomWalk{})
	if m1.Trace.Hash() == m2.Trace.Hash() {
		t.Errorf("seeds 1 and 2 gave the same schedule")
	}
}

func TestReplayTapeReproduces(t *testing.T) {
	m1, _ := runCounters(t, NewTape(NewSeedSource(3)), &RandomWalk{})
	ds := m1.Tape.Decisions()
	if len(ds) == 0 {
		t.Fatal("no decisions recorded")
	}
	// Replay with a different seed: the record must win.
	m2, _ := runCounters(t, NewReplayTape(ds, NewSeedSource(99)), &RandomWalk{})
	if m1.Trace.Hash() != m2.Trace.Hash() {
		t.Errorf("replay hash %x, want %x", m2.Trace.Hash(), m1.Trace.Hash())
	}
	if m2.Tape.Diverged() != -1 || m2.Tape.Leftover() != 0 {
		t.Errorf("Diverged() = %d, Leftover() = %d, want -1, 0", m2.Tape.Diverged(), m2.Tape.Leftover())
	}
}

func TestZeroDecisionsMeanNoPreemption(t *testing.T) {
	ds := []Decision{}
	m, _ := runCounters(t, NewReplayTape(ds, NewBytesSource(nil)), &RandomWalk{})
	// With only zeros the first actor runs to completion before the next.
	ev := m.Trace.Last(1)
	if got := m.Trace.SourceName(ev[0].Src); got != "t3" {
		t.Errorf("last event from %s, want t3 (actors run in order without preemption)", got)
	}
}

func TestTimersFireInOrder(t *testing.T) {
	m := New(Config{NCPU: 1, RAMSize: 64 << 10}, NewTape(NewSeedSource(1)))
	var got []string
	for _, d := range []Time{30, 10, 20, 10} {
		d := d
		m.Clock.After(d, TimerFunc(func(m *Machine) { got = append(got, fmt.Sprint(m.Now())) }))
	}
	id := m.Clock.After(15, TimerFunc(func(*Machine) { got = append(got, "cancelled") }))
	m.Clock.Cancel(id)
	if v := m.Run(); !v.Pass() {
		t.Fatal(v)
	}
	if s := strings.Join(got, ","); s != "10,10,20,30" {
		t.Errorf("timers fired at %s, want 10,10,20,30", s)
	}
}

// lockCtx acquires the given locks in order, then releases them.
type lockCtx struct {
	locks []*Spinlock
	i     int
	name  string
}

func (x *lockCtx) Describe() string { return x.name }
func (x *lockCtx) String() string   { return x.name }

func (x *lockCtx) Step(m *Machine, c *CPU) {
	if x.i < len(x.locks) {
		if m.Acquire(c, x.locks[x.i], Where{D: x}) {
			x.i++
		}
		return
	}
	for j := len(x.locks) - 1; j >= 0; j-- {
		m.Release(c, x.locks[j], Where{D: x})
	}
	c.Return(0)
}

func TestReacquireIsLockReentry(t *testing.T) {
	m := New(Config{NCPU: 1, RAMSize: 64 << 10}, NewTape(NewSeedSource(1)))
	l := m.Lock(0x1000, "e1000_lock")
	m.CPUs[0].Call(&lockCtx{locks: []*Spinlock{l, l}, name: "e1000_transmit"})
	v := m.Run()
	if v.Class != ClassLockReentry || !strings.Contains(v.Message, "e1000_lock") {
		t.Fatalf("verdict %v, want lock-reentry naming e1000_lock", v)
	}
}

func TestLockOrderInversionDeadlocks(t *testing.T) {
	found := false
	for seed := uint64(0); seed < 200 && !found; seed++ {
		m := New(Config{NCPU: 2, RAMSize: 64 << 10}, NewTape(NewSeedSource(seed)))
		a, b := m.Lock(1, "A"), m.Lock(2, "B")
		m.CPUs[0].Call(&lockCtx{locks: []*Spinlock{a, b}, name: "f"})
		m.CPUs[1].Call(&lockCtx{locks: []*Spinlock{b, a}, name: "g"})
		v := m.Run()
		switch v.Class {
		case ClassPass:
		case ClassDeadlock:
			found = true
			if !strings.Contains(v.Message, "spins on") {
				t.Errorf("deadlock message %q does not say who spins on what", v.Message)
			}
		default:
			t.Fatalf("seed %d: verdict %v", seed, v)
		}
	}
	if !found {
		t.Error("200 random schedules never deadlocked an AB/BA lock order")
	}
}

func TestStepBudgetIsLivelock(t *testing.T) {
	m := New(Config{NCPU: 1, MaxSteps: 100, RAMSize: 64 << 10}, NewTape(NewSeedSource(1)))
	counters(m, 1, 1000)
	if v := m.Run(); v.Class != ClassLivelock {
		t.Fatalf("verdict %v, want livelock", v)
	}
}

func TestHeapDoubleFree(t *testing.T) {
	m := New(Config{NCPU: 1, RAMSize: 64 << 10}, NewTape(NewSeedSource(1)))
	p := m.Heap.Alloc()
	if p == 0 || p%PageSize != 0 {
		t.Fatalf("Alloc() = %#x, want a page", p)
	}
	v := Catch(func() {
		m.Heap.Free(p, "test")
		m.Heap.Free(p, "test")
	})
	if v == nil || v.Class != ClassDoubleFree {
		t.Fatalf("double free gave %v, want double-free", v)
	}
}

func TestBytesSource(t *testing.T) {
	s := NewBytesSource([]byte{7, 1, 2})
	if got := s.Uint32n(StreamSched, 3); got != 1 {
		t.Errorf("first draw %d, want 7%%3=1", got)
	}
	if got := s.Uint32n(StreamSched, 1000); got != 258 {
		t.Errorf("second draw %d, want 0x0102%%1000=258", got)
	}
	if got := s.Uint32n(StreamSched, 5); got != 0 {
		t.Errorf("draw past the end %d, want 0", got)
	}
}

func BenchmarkDecision(b *testing.B) {
	m := New(Config{NCPU: 1, RAMSize: 64 << 10, MaxSteps: 1 << 62, MaxTime: 1 << 62}, NewTape(NewSeedSource(1)))
	m.Tape.SetRecording(false)
	counters(m, 4, b.N)
	b.ResetTimer()
	m.Run()
	b.ReportMetric(float64(m.Steps())/b.Elapsed().Seconds()/1e6, "Msteps/s")
}

// retCtx calls a callee that returns 7, then checks c.Ret on its next step,
// with interrupts free to arrive in between.
type retCtx struct {
	pc  int
	got int64
}

func (x *retCtx) Describe() string { return "caller" }
func (x *retCtx) Step(m *Machine, c *CPU) {
	switch x.pc {
	case 0:
		x.pc = 1
		c.Call(&constCtx{v: 7})
		m.SetIRQ(true)
	case 1:
		x.got = c.Ret
		c.Return(0)
	}
}

type constCtx struct{ v int64 }

func (x *constCtx) Describe() string        { return "callee" }
func (x *constCtx) Step(m *Machine, c *CPU) { c.Return(x.v) }

// An interrupt handler that runs between a callee's return and its caller's
// next step must not change the value the caller sees.
func TestInterruptKeepsReturnValue(t *testing.T) {
	for seed := uint64(0); seed < 50; seed++ {
		m := New(Config{NCPU: 1, RAMSize: 64 << 10}, NewTape(NewSeedSource(seed)))
		m.IntrHandler = func(c *CPU) Context {
			m.SetIRQ(false)
			return &constCtx{v: -1}
		}
		x := &retCtx{}
		m.CPUs[0].Call(x)
		if v := m.Run(); !v.Pass() {
			t.Fatal(v)
		}
		if x.got != 7 {
			t.Fatalf("seed %d: caller saw %d, want 7", seed, x.got)
		}
	}
}

// Taking A then B on one CPU and B then A on another, one after the other,
// never deadlocks but is reported as a lock-order inversion.
func TestLockOrderInversionPredicted(t *testing.T) {
	m := New(Config{NCPU: 1, RAMSize: 64 << 10}, NewTape(NewSeedSource(1)))
	a, b := m.Lock(1, "A"), m.Lock(2, "B")
	m.CPUs[0].Call(&seqCtx{ctxs: []Context{
		&lockCtx{locks: []*Spinlock{a, b}, name: "f"},
		&lockCtx{locks: []*Spinlock{b, a}, name: "g"},
	}})
	v := m.Run()
	if v.Class != ClassLockOrder || !strings.Contains(v.Message, "A then B") {
		t.Fatalf("verdict %v, want lock-order naming both orders", v)
	}
}

// seqCtx calls its contexts one after the other.
type seqCtx struct {
	ctxs []Context
	i    int
}

func (x *seqCtx) Describe() string { return "seq" }
func (x *seqCtx) Step(m *Machine, c *CPU) {
	if x.i == len(x.ctxs) {
		c.Return(0)
		return
	}
	x.i++
	c.Call(x.ctxs[x.i-1])
}

func TestIRQPlacementEnumerates(t *testing.T) {
	// Different placements give different schedules; the same one the same.
	hashes := map[uint64]bool{}
	for n := uint64(0); n < 5; n++ {
		m := New(Config{NCPU: 1, RAMSize: 64 << 10, Strategy: &IRQPlacement{N: n}}, NewTape(NewSeedSource(1)))
		m.IntrHandler = func(c *CPU) Context { m.SetIRQ(false); return &constCtx{v: 0} }
		counters(m, 1, 20)
		m.CPUs[0].Call(&seqCtx{ctxs: []Context{&constCtx{}, &constCtx{}, &constCtx{}, &constCtx{}}})
		m.SetIRQ(true)
		if v := m.Run(); !v.Pass() {
			t.Fatal(v)
		}
		hashes[m.Trace.Hash()] = true
	}
	if len(hashes) < 3 {
		t.Errorf("5 placements gave %d distinct schedules", len(hashes))
	}
	if _, err := NewStrategy("irq:12", 0); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"irq:", "irq:x", "pct:0", "pct:2x", "bfs"} {
		if _, err := NewStrategy(bad, 0); err == nil {
			t.Errorf("NewStrategy(%q) succeeded", bad)
		}
	}
}

// stepAt is an actor that steps once and records the machine's step count.
type stepAt struct {
	id   ActorID
	step uint64
}

func (s *stepAt) Step(m *Machine) {
	s.step = m.Steps()
	m.SetEnabled(s.id, false)
}

// An actor with a bounded wait steps once it has waited longer than its
// bound, even when every decision says "no preemption" (a polling CPU
// cannot starve a device); without the bound it waits for the spinner.
func TestMaxWaitBoundsStarvation(t *testing.T) {
	for _, bound := range []Time{0, Microsecond} {
		m := New(Config{NCPU: 1, RAMSize: 64 << 10}, NewReplayTape(nil, NewBytesSource(nil)))
		counters(m, 1, 1000) // t0, the spinner, runs first
		dev := &stepAt{}
		dev.id = m.AddActor("dev", dev)
		m.SetEnabled(dev.id, true)
		m.SetMaxWait(dev.id, bound)
		if v := m.Run(); !v.Pass() {
			t.Fatalf("bound %v: %v", bound, v)
		}
		limit := uint64(1000)
		if bound > 0 {
			limit = uint64(bound/m.cfg.StepCost) + 1
		}
		if dev.step > limit || (bound == 0 && dev.step != limit) {
			t.Errorf("bound %v: the device stepped at step %d, want %d", bound, dev.step, limit)
		}
	}
}

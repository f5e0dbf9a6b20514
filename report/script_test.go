package report_test

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/xv6/kern"
	"github.com/nicsim/nicsim/sim"
)

// Device-side kinds as nic/e1000 and harness register them (by name, which
// is all the timeline looks at).
var (
	kDMARead = sim.RegisterKind("dma.read", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("addr=%#x len=%d what=%q", e.A, e.B, e.S)
	})
	kTXFrame = sim.RegisterKind("tx.frame", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("len=%d desc=%d", e.A, e.B)
	})
	kTDH = sim.RegisterKind("tdh", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("TDH=%d TDT=%d", e.A, e.B)
	})
	kRDH = sim.RegisterKind("rdh", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("RDH=%d RDT=%d", e.A, e.B)
	})
	kIRQ    = sim.RegisterKind("irq", func(e *sim.Event, _ func(uint64) string) string { return fmt.Sprintf("line=%d", e.A) })
	kToPeer = sim.RegisterKind("wire.to-peer", func(e *sim.Event, _ func(uint64) string) string { return fmt.Sprintf("len=%d", e.A) })
)

// e1000 register offsets.
const (
	regICR   = 0x00C0
	regRDLEN = 0x2808
	regRDH   = 0x2810
	regRDT   = 0x2818
	regTDLEN = 0x3808
	regTDH   = 0x3810
	regTDT   = 0x3818
)

// op is one step of a script; it returns false to be retried next step.
type op func(m *sim.Machine, c *sim.CPU) bool

// script is a context that runs one op per step, then returns.
type script struct {
	name string
	ops  []op
	i    int
}

func (s *script) Describe() string { return s.name }
func (s *script) String() string   { return s.name }

func (s *script) Step(m *sim.Machine, c *sim.CPU) {
	if s.i == len(s.ops) {
		c.Return(0)
		return
	}
	if s.ops[s.i](m, c) {
		s.i++
	}
}

// rig is a two-CPU machine with a fake device: "nic.tx" and "wire" emit
// what a QEMU-like e1000 emits when TDT moves.
type rig struct {
	m      *sim.Machine
	lock   *sim.Spinlock
	nic    sim.ActorID
	nicSrc sim.SourceID
	wire   sim.SourceID
	queue  []func()
	tdh    uint64
}

func (r *rig) Step(m *sim.Machine) {
	f := r.queue[0]
	r.queue = r.queue[1:]
	f()
	m.SetEnabled(r.nic, len(r.queue) > 0)
}

func newRig(reentry bool) *rig {
	m := sim.New(sim.Config{NCPU: 2, RAMSize: 64 << 10}, sim.NewReplayTape(nil, sim.NewBytesSource(nil)))
	m.Intr = kern.NewPushOff(m) // xv6's acquire turns interrupts off
	r := &rig{m: m, lock: m.Lock(0x80001000, "e1000_lock")}
	r.nic = m.AddActor("nic.tx", r)
	r.nicSrc = m.ActorSource(r.nic)
	r.wire = m.Source("wire")
	m.IntrHandler = func(c *sim.CPU) sim.Context { return r.intr(reentry) }
	return r
}

func (r *rig) write(off, v uint32) op {
	return func(m *sim.Machine, c *sim.CPU) bool {
		m.Emit(c.Source(), guest.KindMMIOWrite, uint64(off), uint64(v), 0)
		if off == regTDT {
			r.kick(uint64(v))
		}
		return true
	}
}

func (r *rig) read(off, v uint32) op {
	return func(m *sim.Machine, c *sim.CPU) bool {
		m.Emit(c.Source(), guest.KindMMIORead, uint64(off), uint64(v), 0)
		if off == regICR {
			m.SetIRQ(false)
		}
		return true
	}
}

func mem(addr uint64, write bool) op {
	return func(m *sim.Machine, c *sim.CPU) bool {
		var w uint64
		if write {
			w = 1
		}
		m.Emit(c.Source(), guest.KindMem, addr, 16, w)
		return true
	}
}

func (r *rig) acquire(where string) op {
	return func(m *sim.Machine, c *sim.CPU) bool {
		return m.Acquire(c, r.lock, sim.Where{D: stringer(where)})
	}
}

func (r *rig) release(where string) op {
	return func(m *sim.Machine, c *sim.CPU) bool {
		m.Release(c, r.lock, sim.Where{D: stringer(where)})
		return true
	}
}

func sleep(d sim.Time) op {
	return func(m *sim.Machine, c *sim.CPU) bool { c.Sleep(d); return true }
}

func netRx(m *sim.Machine, c *sim.CPU) bool {
	m.Emit(c.Source(), guest.KindNetRx, 0x8000f000, 42, 0)
	return true
}

type stringer string

func (s stringer) String() string { return string(s) }

// kick queues the device's transmit of descriptors up to tail.
func (r *rig) kick(tail uint64) {
	m := r.m
	if r.tdh == tail {
		return
	}
	for ; r.tdh != tail; r.tdh++ {
		slot := r.tdh
		r.queue = append(r.queue,
			func() { m.EmitS(r.nicSrc, kDMARead, fmt.Sprintf("TX desc %d", slot), 0x80010000+16*slot, 16, 0) },
			func() { m.Emit(r.nicSrc, kTXFrame, 42, slot, 0) },
			func() { m.Emit(r.wire, kToPeer, 42, 0, 0) },
			func() { m.Emit(r.nicSrc, kTDH, slot+1, tail, 0) })
	}
	r.queue = append(r.queue, func() { m.Emit(r.nicSrc, kIRQ, 1, 0, 0); m.SetIRQ(true) })
	m.SetEnabled(r.nic, true)
}

// transmit is e1000_transmit: lock, read TDT, fill the descriptor, write TDT.
func (r *rig) transmit(name string, tdt uint32, hold sim.Time) *script {
	ops := []op{r.acquire(name), r.read(regTDT, tdt), mem(0x80010000+16*uint64(tdt), true), r.write(regTDT, tdt+1)}
	if hold > 0 {
		ops = append(ops, sleep(hold))
	}
	return &script{name: name, ops: append(ops, r.release(name))}
}

// intr is e1000_intr: acknowledge, then with reentry hold the lock across
// net_rx and transmit the reply (the ARP re-entry bug).
func (r *rig) intr(reentry bool) *script {
	ops := []op{r.read(regICR, 0x83), r.write(regICR, 0xffffffff), r.acquire("e1000_intr"),
		r.read(regRDT, 7), mem(0x80010100, false)}
	if reentry {
		ops = append(ops, netRx, r.acquire("e1000_transmit <- net_rx <- e1000_intr"))
	}
	ops = append(ops, r.release("e1000_intr"))
	if !reentry {
		ops = append(ops, netRx)
	}
	return &script{name: "e1000_intr", ops: ops}
}

// run boots cpu0 (init, then a transmit that sleeps holding the lock) and
// starts a transmit on cpu1 that spins meanwhile; the interrupt follows.
func (r *rig) run() *sim.Verdict {
	init := &script{name: "e1000_init", ops: []op{
		r.write(regTDLEN, 8*16), r.write(regTDH, 0), r.write(regTDT, 0),
		r.write(regRDLEN, 8*16), r.write(regRDH, 0), r.write(regRDT, 7),
	}}
	r.m.CPUs[0].Call(r.transmit("e1000_transmit", 0, sim.Microsecond))
	r.m.CPUs[0].Call(init)
	r.m.CPUs[1].Call(r.transmit("e1000_transmit", 1, 0))
	r.m.Trace.KeepAll(true)
	return r.m.Run()
}

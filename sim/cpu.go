package sim

import (
	"fmt"
	"strings"
)

// Context is one thread of execution on a CPU: a process in the kernel, a
// driver entry point it called, or an interrupt handler.
type Context interface {
	// Step performs one atomic step on CPU c. A context finishes by calling
	// c.Return; it may push a callee with c.Call.
	Step(m *Machine, c *CPU)
	// Describe names where the context is, for reports
	// ("e1000_transmit <- net_rx <- e1000_intr").
	Describe() string
}

type frame struct {
	ctx  Context
	trap bool // an interrupt context: completing it completes the controller's claim
}

// CPU is one hart: its interrupt-enable bit, which the kernel model's
// [IntrModel] turns off and on around critical sections, and a stack of
// contexts.
type CPU struct {
	ID int
	// SIE is sstatus.SIE: device interrupts may be taken. Set it with
	// SetSIE while the machine runs.
	SIE bool
	// InTrap is true while the CPU runs an interrupt handler.
	InTrap bool
	// Ret is the value the last finished callee returned.
	Ret int64

	m         *Machine
	actor     ActorID
	irq       ActorID
	src       SourceID
	stack     []frame
	blockedOn *Spinlock
	asleep    bool
	blocked   bool // Block: waits for Wake, but runs interrupt handlers
	trapSIE   bool
	trapRet   int64
	stores    [storeSlots]store
	nstores   int
}

type cpuActor struct{ c *CPU }

func (a cpuActor) Step(m *Machine) {
	c := a.c
	c.stack[len(c.stack)-1].ctx.Step(m, c)
}

type irqActor struct{ c *CPU }

func (a irqActor) Step(m *Machine) { a.c.takeInterrupt() }

func newCPU(m *Machine, id int) *CPU {
	c := &CPU{ID: id, SIE: true, m: m}
	c.actor = m.AddActor(fmt.Sprintf("cpu%d", id), cpuActor{c})
	c.irq = m.AddActor(fmt.Sprintf("cpu%d.irq", id), irqActor{c})
	c.src = m.ActorSource(c.actor)
	return c
}

// Source is the CPU's trace source.
func (c *CPU) Source() SourceID { return c.src }

// Idle reports whether the CPU runs no context.
func (c *CPU) Idle() bool { return len(c.stack) == 0 }

// Depth is the number of contexts on the CPU.
func (c *CPU) Depth() int { return len(c.stack) }

// Top is the running context, or nil.
func (c *CPU) Top() Context {
	if len(c.stack) == 0 {
		return nil
	}
	return c.stack[len(c.stack)-1].ctx
}

// Call starts ctx on top of the running context (a function call, or a
// process starting on an idle CPU).
func (c *CPU) Call(ctx Context) {
	c.stack = append(c.stack, frame{ctx: ctx})
	c.update()
}

// Return finishes the running context with value v, which the caller reads
// from c.Ret.
func (c *CPU) Return(v int64) {
	top := c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
	c.Ret = v
	if top.trap {
		c.endTrap()
		c.Ret = c.trapRet // the interrupted context must not see the handler's value
	}
	c.update()
}

// Sleep takes the CPU's running context off the CPU for d of virtual time
// (a process backing off); interrupts may still be taken meanwhile.
func (c *CPU) Sleep(d Time) {
	c.asleep = true
	c.update()
	c.m.Clock.After(d, cpuWake{c})
}

// cpuWake ends a Sleep (pointer-shaped: no allocation as a Timer).
type cpuWake struct{ c *CPU }

func (w cpuWake) Fire(*Machine) {
	w.c.asleep = false
	w.c.update()
}

// Block takes the CPU's running context off the CPU until [CPU.Wake]: an
// idle hart in the kernel's scheduler, waiting for a process to become
// runnable. Unlike Sleep, no timer ends it, and an interrupt taken
// meanwhile runs its handler at once.
func (c *CPU) Block() {
	c.blocked = true
	c.update()
}

// Wake ends a Block.
func (c *CPU) Wake() {
	c.blocked = false
	c.update()
}

// update recomputes whether the CPU and its interrupt delivery can step.
func (c *CPU) update() {
	spinning := c.blockedOn != nil && c.blockedOn.holder >= 0
	waiting := c.asleep || (c.blocked && !c.InTrap)
	c.m.SetEnabled(c.actor, len(c.stack) > 0 && !spinning && !waiting)
	c.updateIRQ()
}

func (c *CPU) updateIRQ() {
	p := &c.m.Intc
	c.m.SetEnabled(c.irq, (p.line || p.spurious) && !p.claimed && !p.masked && c.SIE && !c.InTrap)
}

// SetIRQMasked masks or unmasks the device's interrupt at the kernel's
// interrupt controller (an 8259 with the line's IRQ in service, or not yet
// unmasked): while masked, no CPU takes it.
func (m *Machine) SetIRQMasked(masked bool) {
	m.Intc.masked = masked
	for _, c := range m.CPUs {
		c.updateIRQ()
	}
}

// IntrModel is how a kernel's code turns a CPU's interrupts off and on
// around critical sections (xv6: push_off and pop_off, which nest). The
// kernel model defines it and sets [Machine.Intr]; spinlocks use it (acquire
// turns interrupts off, release on again), as do the kernel's own calls.
type IntrModel interface {
	// Off turns interrupts off on c, remembering what On restores.
	Off(c *CPU)
	// On undoes one Off, failing the run where the kernel would panic (an
	// unbalanced call).
	On(c *CPU)
	// Depth is the number of Offs on c not yet undone (for debuggers).
	Depth(c *CPU) int
}

// SetSIE sets the CPU's interrupt-enable bit.
func (c *CPU) SetSIE(on bool) {
	c.SIE = on
	c.updateIRQ()
}

// IntrOff turns the CPU's interrupts off the kernel model's way (a kernel
// without an [IntrModel] leaves them as they are).
func (c *CPU) IntrOff() {
	if c.m.Intr != nil {
		c.m.Intr.Off(c)
	}
}

// IntrOn undoes one IntrOff.
func (c *CPU) IntrOn() {
	if c.m.Intr != nil {
		c.m.Intr.On(c)
	}
}

// IntrDepth is the number of IntrOffs on the CPU not yet undone.
func (c *CPU) IntrDepth() int {
	if c.m.Intr == nil {
		return 0
	}
	return c.m.Intr.Depth(c)
}

func (c *CPU) takeInterrupt() {
	m := c.m
	m.Intc.claimed = true
	m.Intc.claimer = c.ID
	m.Intc.real = m.Intc.line
	m.Intc.spurious = false
	for _, o := range m.CPUs {
		o.updateIRQ()
	}
	m.Emit(c.src, kindIntr, uint64(c.ID), 0, 0)
	c.trapSIE = c.SIE
	c.trapRet = c.Ret
	c.SIE = false
	c.InTrap = true
	c.stack = append(c.stack, frame{ctx: m.IntrHandler(c), trap: true})
	c.update()
}

func (c *CPU) endTrap() {
	m := c.m
	c.InTrap = false
	c.SIE = c.trapSIE
	m.Intc.claimed = false
	if m.Intc.Duplicate && m.Intc.real {
		m.Intc.spurious = true // the same interrupt once more (fault injection)
	}
	m.Emit(c.src, kindIntrDone, uint64(c.ID), 0, 0)
	for _, o := range m.CPUs {
		o.updateIRQ()
	}
}

// Describe says what the CPU is doing, innermost context first.
func (c *CPU) Describe() string {
	if len(c.stack) == 0 {
		return fmt.Sprintf("cpu%d: idle", c.ID)
	}
	parts := make([]string, 0, len(c.stack))
	for i := len(c.stack) - 1; i >= 0; i-- {
		d := c.stack[i].ctx.Describe()
		if c.stack[i].trap {
			d += " (interrupt)"
		}
		parts = append(parts, d)
	}
	s := fmt.Sprintf("cpu%d: %s", c.ID, strings.Join(parts, " <- "))
	if c.blockedOn != nil {
		s += fmt.Sprintf(" [spinning on %s held by cpu%d]", c.blockedOn.Name, c.blockedOn.holder)
	}
	if c.asleep {
		s += " [sleeping]"
	}
	if c.blocked {
		s += " [idle, waiting for a process]"
	}
	return s
}

// InInterrupt reports whether the running context is (called from) an
// interrupt handler.
func (c *CPU) InInterrupt() bool { return c.InTrap }

// IntrController is the interrupt controller for the one device line, as
// every kernel's platform has one (xv6's PLIC, the i386 8259 pair): level
// triggered, delivered to one CPU at a time, claim/complete, and maskable
// by the kernel model (SetIRQMasked).
type IntrController struct {
	line     bool
	claimed  bool
	claimer  int
	spurious bool // a claim is pending although the line is low (fault injection)
	real     bool // the current claim saw the line high
	masked   bool // the kernel's interrupt controller masks the line (SetIRQMasked)
	// Duplicate delivers every real interrupt a second time after it
	// completes (fault injection).
	Duplicate bool
}

// SpuriousIRQ makes the controller offer a claim although the device's line is
// low: the handler must cope with finding nothing to do.
func (m *Machine) SpuriousIRQ() {
	m.Intc.spurious = true
	for _, c := range m.CPUs {
		c.updateIRQ()
	}
}

// SetIRQ sets the device's interrupt line level.
func (m *Machine) SetIRQ(level bool) {
	if m.Intc.line == level {
		return
	}
	m.Intc.line = level
	for _, c := range m.CPUs {
		c.updateIRQ()
	}
}

// IRQLine reports the device's interrupt line level.
func (m *Machine) IRQLine() bool { return m.Intc.line }

var (
	kindIntr     = RegisterKind("trap", func(e *Event, _ func(uint64) string) string { return "claim device irq" })
	kindIntrDone = RegisterKind("trap.done", func(e *Event, _ func(uint64) string) string { return "complete device irq" })
)

// SpinningOn is the lock the CPU spins on in acquire, or nil.
func (c *CPU) SpinningOn() *Spinlock { return c.blockedOn }

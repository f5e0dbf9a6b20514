package grade

import "github.com/nicsim/nicsim/sim"

// Each CPU runs a scheduler context (xv6's scheduler()): it runs runnable
// processes in turn, first come first served, and waits (sim.CPU.Block)
// when none is runnable, taking interrupts meanwhile. A process runs until
// it waits (recv on an empty queue, a pause, its children) or exits, then
// returns to the scheduler.

// schedCtx is one CPU's scheduler.
type schedCtx struct{ w *workload }

func (s *schedCtx) Describe() string { return "scheduler" }

func (s *schedCtx) Step(m *sim.Machine, c *sim.CPU) {
	w := s.w
	if len(w.runq) > 0 {
		p := w.runq[0]
		w.runq = w.runq[1:]
		p.state = running
		c.Call(p)
		return
	}
	if w.finished {
		c.Return(0)
		return
	}
	w.idle = append(w.idle, c)
	c.Block()
}

// ready makes p runnable and wakes an idle CPU for it.
func (w *workload) ready(p *proc) {
	p.state = runnable
	w.runq = append(w.runq, p)
	w.wakeIdle(1)
}

// wakeIdle wakes up to n idle CPUs, the longest idle first.
func (w *workload) wakeIdle(n int) {
	for ; n > 0 && len(w.idle) > 0; n-- {
		c := w.idle[0]
		w.idle = w.idle[1:]
		c.Wake()
	}
}

// wakeTimer makes a pausing process runnable.
type wakeTimer struct{ p *proc }

func (t wakeTimer) Fire(*sim.Machine) { t.p.w.ready(t.p) }

// bootCtx is main() on hart 0: e1000_init, the device's settling time,
// then the grader's program on every CPU's scheduler.
type bootCtx struct {
	w  *workload
	pc int
}

func (b *bootCtx) Describe() string { return "main" }

func (b *bootCtx) Step(m *sim.Machine, c *sim.CPU) {
	w := b.w
	switch b.pc {
	case 0:
		b.pc = 1
		c.Call(w.env.Drv.Init(w.env.K))
	case 1:
		b.pc = 2
		w.env.ArmFaults(w.env.Settle)
		if w.env.Settle > 0 {
			c.Sleep(w.env.Settle)
		}
	case 2:
		c.Return(0) // to CPU 0's scheduler
		w.startProgram()
	}
}

// startProgram counts the free pages (nettest's countfree) and makes the
// program's main process runnable.
func (w *workload) startProgram() {
	w.freeBefore = w.env.M.Heap.InUse()
	w.ready(w.newProc(w.program, nil))
}

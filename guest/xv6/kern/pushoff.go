package kern

import "github.com/nicsim/nicsim/sim"

// PushOff is xv6's interrupt-off nesting (spinlock.c's push_off and
// pop_off) as the machine's [sim.IntrModel]: per CPU, the depth noff and
// intena, whether interrupts were on before the outermost push_off.
type PushOff struct {
	m      *sim.Machine
	noff   []int
	intena []bool
}

var _ sim.IntrModel = (*PushOff)(nil)

// NewPushOff returns the nesting state of m's CPUs, all at depth 0.
func NewPushOff(m *sim.Machine) *PushOff {
	n := len(m.CPUs)
	return &PushOff{m: m, noff: make([]int, n), intena: make([]bool, n)}
}

// Off is push_off: interrupts off, remembering the outermost state.
func (p *PushOff) Off(c *sim.CPU) {
	old := c.SIE
	if p.noff[c.ID] == 0 {
		p.intena[c.ID] = old
	}
	p.noff[c.ID]++
	c.SetSIE(false)
}

// On is pop_off; it panics like xv6 when unbalanced.
func (p *PushOff) On(c *sim.CPU) {
	if c.SIE {
		p.m.Fail(sim.ClassPanic, "panic: pop_off - interruptible (cpu%d)", c.ID)
	}
	if p.noff[c.ID] < 1 {
		p.m.Fail(sim.ClassPanic, "panic: pop_off (cpu%d: release without acquire)", c.ID)
	}
	p.noff[c.ID]--
	c.SetSIE(c.SIE || p.noff[c.ID] == 0 && p.intena[c.ID])
}

// Depth is noff.
func (p *PushOff) Depth(c *sim.CPU) int { return p.noff[c.ID] }

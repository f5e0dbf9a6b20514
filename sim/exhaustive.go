package sim

import "fmt"

// IRQPlacement is bounded-exhaustive interrupt placement. Without a chosen
// point the schedule never preempts for an interrupt: a pending interrupt is
// taken only when no other actor can run. Each placement N picks one or two
// "opportunities" (steps at which an interrupt could be delivered while
// something else could run) at which the interrupt is delivered at once:
// N < IRQWindow places one interrupt at opportunity N; larger N place two,
// at N%IRQWindow and (N/IRQWindow)%IRQWindow. Walking N = 0, 1, 2, ...
// enumerates every single and then every double placement in the window.
type IRQPlacement struct {
	N      uint64
	points [2]uint64
	np     int
	seen   uint64
	init   bool
}

// IRQWindow is how many interrupt opportunities placements enumerate.
const IRQWindow = 97

// Name implements [Strategy].
func (p *IRQPlacement) Name() string { return fmt.Sprintf("irq:%d", p.N) }

func (p *IRQPlacement) setup() {
	p.init = true
	p.points[0], p.np = p.N%IRQWindow, 1
	if p.N >= IRQWindow {
		p.points[1], p.np = (p.N/IRQWindow)%IRQWindow, 2
	}
}

// Choose implements [Strategy].
func (p *IRQPlacement) Choose(m *Machine, cands []ActorID, curOn bool) int {
	if !p.init {
		p.setup()
	}
	irq, other := -1, -1
	for i, a := range cands {
		if m.isIRQActor(a) {
			if irq < 0 {
				irq = i
			}
		} else if other < 0 {
			other = i
		}
	}
	if irq >= 0 && other >= 0 {
		k := p.seen
		p.seen++
		for _, pt := range p.points[:p.np] {
			if pt == k {
				return irq
			}
		}
	}
	if other >= 0 {
		return other
	}
	return 0
}

func (m *Machine) isIRQActor(a ActorID) bool {
	for _, c := range m.CPUs {
		if c.irq == a {
			return true
		}
	}
	return false
}

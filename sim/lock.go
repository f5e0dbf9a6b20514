package sim

import (
	"fmt"
	"strings"
)

// Where is a call chain, rendered only when a report needs it: either a
// Stringer (Go contexts, whose chain is fixed) or a snapshot of a shadow call
// stack of code addresses, innermost first (hosted C).
type Where struct {
	D   fmt.Stringer
	PCs [12]uint64
	N   uint8
}

// Render turns the chain into text like
// "e1000_transmit <- net_rx <- e1000_recv <- e1000_intr".
func (w Where) Render(sym func(uint64) string) string {
	if w.D != nil {
		return w.D.String()
	}
	if w.N == 0 {
		return "?"
	}
	parts := make([]string, 0, w.N)
	for _, pc := range w.PCs[:w.N] {
		if sym != nil {
			parts = append(parts, sym(pc))
		} else {
			parts = append(parts, fmt.Sprintf("%#x", pc))
		}
	}
	return strings.Join(parts, " <- ")
}

// Site is where a lock was acquired: the CPU, whether in interrupt context,
// and the call chain.
type Site struct {
	CPU  int
	Intr bool
	W    Where
	T    Time
}

// Render describes the site for reports.
func (s Site) Render(sym func(uint64) string) string {
	ctx := "process context"
	if s.Intr {
		ctx = "interrupt"
	}
	return fmt.Sprintf("cpu%d in %s (%s, t=%s)", s.CPU, s.W.Render(sym), ctx, fmtTime(s.T))
}

// Spinlock is a kernel spinlock that knows its holder, with xv6 semantics:
// acquire turns interrupts off the kernel model's way ([CPU.IntrOff]: xv6's
// push_off) and panics on re-acquire by the holding CPU; release panics
// when the CPU does not hold it.
type Spinlock struct {
	Key    uint64 // the lock's address (or any unique id)
	Name   string
	holder int
	site   Site
}

// Holder is the holding CPU, or -1.
func (l *Spinlock) Holder() int { return l.holder }

// Lock finds or creates the lock with key, naming it name (initlock).
func (m *Machine) Lock(key uint64, name string) *Spinlock {
	for _, l := range m.locks {
		if l.Key == key {
			if name != "" {
				l.Name = name
			}
			return l
		}
	}
	if name == "" {
		name = fmt.Sprintf("lock@%#x", key)
	}
	l := &Spinlock{Key: key, Name: name, holder: -1}
	m.locks = append(m.locks, l)
	return l
}

// Locks returns every lock the run has seen, in creation order.
func (m *Machine) Locks() []*Spinlock { return m.locks }

// Acquire is xv6's acquire on CPU c. It returns false while the lock is
// held by another CPU: the context must call Acquire again on its next step
// (it is not scheduled until the lock is released).
func (m *Machine) Acquire(c *CPU, l *Spinlock, where Where) bool {
	if c.blockedOn != l {
		c.IntrOff()
		if l.holder == c.ID {
			m.failReentry(c, l, where)
		}
	}
	if l.holder >= 0 {
		c.blockedOn = l
		m.EmitS(c.src, kindSpin, l.Name, l.Key, uint64(l.holder), 0)
		m.checkWaitCycle(c)
		c.update()
		return false
	}
	c.blockedOn = nil
	c.Fence() // xv6's acquire: __sync_synchronize after taking the lock
	site := Site{CPU: c.ID, Intr: c.InTrap, W: where, T: m.Clock.now}
	m.checkOrder(c, l, site)
	l.holder = c.ID
	l.site = site
	m.EmitS(c.src, kindAcquire, l.Name, l.Key, 0, 0)
	c.update()
	return true
}

// Release is xv6's release on CPU c.
func (m *Machine) Release(c *CPU, l *Spinlock, where Where) {
	if l.holder != c.ID {
		holder := "nobody"
		if l.holder >= 0 {
			holder = fmt.Sprintf("cpu%d", l.holder)
		}
		m.Fail(ClassLockRelease, "panic: release: %s released by cpu%d in %s but held by %s",
			l.Name, c.ID, where.Render(m.Trace.Symbolize), holder)
	}
	c.Fence() // xv6's release: __sync_synchronize before dropping the lock
	l.holder = -1
	m.EmitS(c.src, kindRelease, l.Name, l.Key, 0, 0)
	c.IntrOn()
	for _, o := range m.CPUs {
		if o.blockedOn == l {
			o.update()
		}
	}
}

// Holding is xv6's holding.
func (m *Machine) Holding(c *CPU, l *Spinlock) bool { return l.holder == c.ID }

// HeldBy lists the locks CPU c holds.
func (m *Machine) HeldBy(c *CPU) []*Spinlock {
	var out []*Spinlock
	for _, l := range m.locks {
		if l.holder == c.ID {
			out = append(out, l)
		}
	}
	return out
}

func (m *Machine) failReentry(c *CPU, l *Spinlock, where Where) {
	now := Site{CPU: c.ID, Intr: c.InTrap, W: where, T: m.Clock.now}
	sym := m.Trace.Symbolize
	m.Fail(ClassLockReentry, "panic: acquire: lock %s (%#x) acquired by %s\n  while cpu%d already holds it since %s",
		l.Name, l.Key, now.Render(sym), c.ID, l.site.Render(sym))
}

// checkWaitCycle follows holder -> lock it waits for -> holder from c and
// fails the run if it comes back to c.
func (m *Machine) checkWaitCycle(c *CPU) {
	seen := 0
	for cur := c; cur.blockedOn != nil && seen <= len(m.CPUs); seen++ {
		h := cur.blockedOn.holder
		if h < 0 {
			return
		}
		if h == c.ID {
			m.failDeadlock(c)
		}
		cur = m.CPUs[h]
	}
}

func (m *Machine) failDeadlock(c *CPU) {
	var b strings.Builder
	for _, o := range m.CPUs {
		if o.blockedOn == nil {
			continue
		}
		l := o.blockedOn
		fmt.Fprintf(&b, "\n  cpu%d spins on %s in %s; %s holds it since %s", o.ID, l.Name,
			o.Top().Describe(), cpuName(l.holder), l.site.Render(m.Trace.Symbolize))
	}
	m.Fail(ClassDeadlock, "deadlock: every context that could run is waiting for a lock%s", b.String())
}

func cpuName(id int) string {
	if id < 0 {
		return "nobody"
	}
	return fmt.Sprintf("cpu%d", id)
}

var (
	kindAcquire = RegisterKind("acquire", fmtLock)
	kindRelease = RegisterKind("release", fmtLock)
	kindSpin    = RegisterKind("spin", func(e *Event, _ func(uint64) string) string {
		return fmt.Sprintf("lock=%s holder=cpu%d", e.S, e.B)
	})
)

func fmtLock(e *Event, _ func(uint64) string) string { return "lock=" + e.S }

package sim

// Lockdep-style prediction: every time a CPU takes lock B while holding
// lock A, the order A -> B is recorded with both sites. If B -> A was ever
// seen, some schedule deadlocks (AB/BA), so the run fails with
// ClassLockOrder even though this schedule did not deadlock.

type orderEdge struct {
	from, to       *Spinlock
	fromAt, toSite Site
}

func (m *Machine) checkOrder(c *CPU, l *Spinlock, site Site) {
	if m.cfg.NoLockdep {
		return
	}
	for _, h := range m.locks {
		if h.holder != c.ID || h == l {
			continue
		}
		if e, ok := m.findOrder(l, h); ok {
			sym := m.Trace.Symbolize
			m.Fail(ClassLockOrder, "lock order inversion: %s then %s here, %s then %s earlier\n  now:     %s holds %s (since %s) and takes %s at %s\n  earlier: %s was held (since %s) when %s was taken at %s\n  two CPUs running these paths at once deadlock",
				h.Name, l.Name, l.Name, h.Name,
				cpuName(c.ID), h.Name, h.site.Render(sym), l.Name, site.Render(sym),
				e.from.Name, e.fromAt.Render(sym), e.to.Name, e.toSite.Render(sym))
		}
		if _, ok := m.findOrder(h, l); !ok {
			// Render the sites now: the contexts behind them may be reused.
			m.order = append(m.order, orderEdge{from: h, to: l, fromAt: m.frozen(h.site), toSite: m.frozen(site)})
		}
	}
}

func (m *Machine) findOrder(from, to *Spinlock) (orderEdge, bool) {
	for _, e := range m.order {
		if e.from == from && e.to == to {
			return e, true
		}
	}
	return orderEdge{}, false
}

// text is a call chain already rendered.
type text string

func (t text) String() string { return string(t) }

func (m *Machine) frozen(s Site) Site {
	s.W = Where{D: text(s.W.Render(m.Trace.Symbolize))}
	return s
}

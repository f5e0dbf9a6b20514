package report

import (
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// devView is what the timeline knows of the device of a trace: its model
// (from the tag of its register accesses) and, for its first two columns
// (the transmit and the receive side), the offsets of the registers that
// size the ring and hold its head and tail.
type devView struct {
	m    *nic.Model
	cols [2]colRegs
}

type colRegs struct {
	ok              bool
	col             *nic.Column
	size, head, tai uint32
}

// findDevice returns the device of the first register access or ring head
// event among events (nil when there is none).
func findDevice(t *sim.Trace, events []sim.Event) *nic.Model {
	for i := range events {
		e := &events[i]
		switch classes[e.Kind.Name()] {
		case kMMIORead, kMMIOWrite:
			id, _, _ := guest.SplitAccessTag(e.C)
			return nic.ByTraceID(id)
		}
		if m, _ := headColumn(e.Kind.Name()); m != nil {
			return m
		}
	}
	return nil
}

// headColumn finds the registered model and column whose head event is
// kind.
func headColumn(kind string) (*nic.Model, int) {
	for _, m := range nic.Models() {
		for i, c := range m.Columns {
			if c.HeadEvent == kind && i < 2 {
				return m, i
			}
		}
	}
	return nil, -1
}

func newDevView(m *nic.Model) devView {
	v := devView{m: m}
	if m == nil {
		return v
	}
	for i := range m.Columns {
		if i >= 2 {
			break
		}
		c := &m.Columns[i]
		l, ok1 := m.Reg(c.Len)
		h, ok2 := m.Reg(c.Head)
		t, ok3 := m.Reg(c.Tail)
		v.cols[i] = colRegs{ok: ok1 && ok2 && ok3, col: c, size: l.Off, head: h.Off, tai: t.Off}
	}
	return v
}

// titles are the headers of the two ring columns ("TDH/TDT").
func (v *devView) titles() [2]string {
	out := [2]string{"TX", "RX"}
	for i, c := range v.cols {
		if c.col != nil {
			out[i] = c.col.Head + "/" + c.col.Tail
		}
	}
	return out
}

// register applies a driver's access to register off with value v. A write
// sets the register; a read only fills in a value not known yet, because
// the device's own head events are the truth and a strict device's head
// registers are not reliable.
func (f *folder) register(off, v uint32, write bool) {
	for i := range f.dev.cols {
		c := &f.dev.cols[i]
		if !c.ok {
			continue
		}
		g := f.ring(i)
		switch off {
		case c.size:
			if write {
				g.Size = int32(c.col.Size(v))
			}
		case c.head:
			set(&g.Head, c.col.Index(v), write)
		case c.tai:
			set(&g.Tail, c.col.Index(v), write)
		}
	}
}

// ring is the row state of column i (0: transmit, 1: receive).
func (f *folder) ring(i int) *Ring {
	if i == 0 {
		return &f.tx
	}
	return &f.rx
}

func set(p *int32, v int, write bool) {
	if write || *p < 0 {
		*p = int32(v)
	}
}

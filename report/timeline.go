package report

import (
	"slices"

	"github.com/nicsim/nicsim/sim"
)

// Timeline folds events of trace t into rows, one per event, each with the
// state after it. Hosted drivers' "at" events are not rows of their own:
// they become the At of the next event of their CPU.
//
// State comes only from the events: locks from acquire, spin and release;
// interrupt context from trap and trap.done; ring heads and tails from the
// device's head events, the driver's writes of the head, tail and length
// registers its model names for each column ([nic.Column]), and reads of
// those registers while a value is still unknown. The device is the one the
// register accesses name. Events must come from t (their sources and kinds
// are named by it).
func Timeline(t *sim.Trace, events []sim.Event) []Row {
	dev := findDevice(t, events)
	f := folder{t: t, tx: unknownRing, rx: unknownRing, dev: newDevView(dev)}
	rows := make([]Row, 0, len(events))
	for i := range events {
		if r, ok := f.fold(i, &events[i]); ok {
			rows = append(rows, r)
		}
	}
	return rows
}

// Events returns what t kept: every kept event with [sim.Trace.KeepAll],
// else its last events.
func Events(t *sim.Trace) []sim.Event {
	if all := t.All(); len(all) > 0 {
		return all
	}
	return t.Last(1 << 20) // as many as it has
}

// Last returns the last n rows (all of them when there are fewer).
func Last(rows []Row, n int) []Row {
	if n < 0 || n >= len(rows) {
		return rows
	}
	return rows[len(rows)-n:]
}

// folder is the state Timeline carries from event to event.
type folder struct {
	t      *sim.Trace
	srcs   []srcInfo  // by SourceID, filled on first sight
	kinds  []kindInfo // by Kind, filled on first sight
	locks  []Hold     // copied on change: rows share it
	intr   uint64
	calls  [][]string // by CPU: entry points from call/return
	at     []string   // by CPU: a pending "at" for the next event
	tx, rx Ring
	dev    devView
}

func (f *folder) fold(i int, e *sim.Event) (Row, bool) {
	s := f.source(e.Src)
	k := f.kind(e.Kind)
	if k.class == kAt && s.cpu >= 0 {
		f.setAt(s.cpu, args(f.t, e, s.name, k.name))
		return Row{}, false
	}
	r := Row{Index: i, T: e.T, Lane: s.lane, CPU: s.cpu, Src: s.name, Kind: k.name, Event: *e, tr: f.t}
	if s.cpu >= 0 {
		r.Func, r.At = f.top(s.cpu), f.takeAt(s.cpu)
	}
	if k.class == kAcquire || k.class == kRelease || k.class == kSpin {
		r.Key = e.A
	}
	f.apply(e, s.cpu, k)
	if k.class == kCall {
		r.Func = f.top(s.cpu)
	}
	r.Intr, r.Locks, r.TX, r.RX = f.intr, f.locks, f.tx, f.rx
	r.Dev = f.dev.m
	return r, true
}

// apply updates the state with one event.
func (f *folder) apply(e *sim.Event, cpu int, k kindInfo) {
	switch c := k.class; c {
	case kAcquire, kRelease, kSpin:
		if cpu >= 0 {
			f.lock(e, cpu, c)
		}
	case kTrap, kTrapDone:
		if cpu >= 0 && cpu < 64 {
			f.intr &^= 1 << cpu
			if c == kTrap {
				f.intr |= 1 << cpu
			}
		}
	case kCall, kReturn:
		if cpu >= 0 {
			f.call(cpu, e.S, c == kCall)
		}
	case kHead:
		g := f.ring(k.col)
		g.Head, g.Tail = int32(e.A), int32(e.B)
	case kMMIOWrite, kMMIORead:
		f.register(uint32(e.A), uint32(e.B), c == kMMIOWrite)
	}
}

// lock applies acquire, release or spin by cpu.
func (f *folder) lock(e *sim.Event, cpu int, c kindClass) {
	spinning := slices.IndexFunc(f.locks, func(h Hold) bool { return h.Spin && h.CPU == cpu && h.Key == e.A })
	switch c {
	case kSpin:
		if spinning < 0 {
			f.locks = append(slices.Clip(f.locks), Hold{Lock: e.S, Key: e.A, CPU: cpu, Spin: true})
		}
	case kAcquire:
		locks := slices.Clone(f.locks)
		if spinning >= 0 {
			locks = slices.Delete(locks, spinning, spinning+1)
		}
		f.locks = append(locks, Hold{Lock: e.S, Key: e.A, CPU: cpu})
	case kRelease:
		held := slices.IndexFunc(f.locks, func(h Hold) bool { return !h.Spin && h.Key == e.A })
		if held >= 0 {
			f.locks = slices.Delete(slices.Clone(f.locks), held, held+1)
		}
	}
	if len(f.locks) == 0 {
		f.locks = nil
	}
}

// call pushes or pops an entry point of a hosted driver on cpu.
func (f *folder) call(cpu int, name string, push bool) {
	for len(f.calls) <= cpu {
		f.calls = append(f.calls, nil)
	}
	st := f.calls[cpu]
	if push {
		f.calls[cpu] = append(st, name)
		return
	}
	if i := slices.Index(st, name); i >= 0 {
		f.calls[cpu] = st[:i]
	}
}

func (f *folder) top(cpu int) string {
	if cpu < len(f.calls) && len(f.calls[cpu]) > 0 {
		st := f.calls[cpu]
		return st[len(st)-1]
	}
	return ""
}

func (f *folder) setAt(cpu int, at string) {
	for len(f.at) <= cpu {
		f.at = append(f.at, "")
	}
	f.at[cpu] = at
}

func (f *folder) takeAt(cpu int) string {
	if cpu >= len(f.at) {
		return ""
	}
	at := f.at[cpu]
	f.at[cpu] = ""
	return at
}

package report

import (
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// Lane is the side of the timeline a row belongs to.
type Lane uint8

const (
	// LaneCPU is the left lane: events of a CPU (cpuN, cpuN.irq).
	LaneCPU Lane = iota
	// LaneNIC is the right lane: the device (nic, nic.tx, nic.rx) and the wire.
	LaneNIC
	// LaneOther is any other source (sim, timers); drawn in the right lane.
	LaneOther
)

func (l Lane) String() string {
	switch l {
	case LaneCPU:
		return "cpu"
	case LaneNIC:
		return "nic"
	}
	return "other"
}

// Row is one event of the timeline and the state right after it.
type Row struct {
	Index int      // position of the event in the slice given to Timeline
	T     sim.Time // virtual time
	Lane  Lane
	CPU   int    // the CPU of a LaneCPU row, else -1
	Src   string // source name: cpu0, nic.tx, wire
	Kind  string // kind name: mmio.write, dma.read, acquire
	At    string // hosted C: the function and line of the event, if traced
	Func  string // hosted C: the entry point running on the CPU, if known
	Key   uint64 // acquire, release, spin: the lock's key (its address)
	// Intr has bit n set while cpuN runs an interrupt handler (after the event).
	Intr uint64
	// Locks are the locks held, and the CPUs spinning on them, after the
	// event, in the order they were taken. Rows share these slices: do not
	// modify them.
	Locks []Hold
	// TX and RX are the ring registers after the event: the first and second
	// column of the device's model (its transmit and receive side).
	TX, RX Ring
	// Dev is the device the trace drives (nil when no event named it).
	Dev *nic.Model
	// Event is the event the row shows (zero in the row WithVerdict adds).
	Event sim.Event

	tr   *sim.Trace // formats Event on demand
	args string     // Args of a row without an event
}

// Args renders the event's arguments as the lanes show them: the lock's
// name for lock events ("e1000_lock"), else what the trace file shows
// after the kind ("TDT=0x5"). Rows format only when asked, so that folding
// a long trace stays cheap.
func (r *Row) Args() string {
	if r.tr == nil {
		return r.args
	}
	return args(r.tr, &r.Event, r.Src, r.Kind)
}

// InIntr reports whether cpu runs an interrupt handler at this row.
func (r *Row) InIntr(cpu int) bool { return cpu >= 0 && cpu < 64 && r.Intr&(1<<cpu) != 0 }

// Text is the event as the lanes show it: kind and arguments.
func (r *Row) Text() string {
	if a := r.Args(); a != "" {
		return r.Kind + " " + a
	}
	return r.Kind
}

// Hold is a lock held by a CPU, or (Spin) a CPU spinning to get it.
type Hold struct {
	Lock string
	Key  uint64
	CPU  int
	Spin bool
	_    struct{}
}

// Ring is a descriptor ring's registers as the trace shows them; -1 means
// not seen yet (the trace began after the driver set them, or the run has
// not set them).
type Ring struct {
	Head, Tail int32
	Size       int32 // descriptors, from the length register (TDLEN/16)
}

// Known reports whether both head and tail are known.
func (g Ring) Known() bool { return g.Head >= 0 && g.Tail >= 0 }

// Queued is the number of descriptors between head and tail (owned by the
// device), or -1 when unknown.
func (g Ring) Queued() int {
	if !g.Known() || g.Size <= 0 {
		return -1
	}
	return int((g.Tail - g.Head + g.Size) % g.Size)
}

var unknownRing = Ring{Head: -1, Tail: -1, Size: -1}

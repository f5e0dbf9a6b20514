package ring

// This file holds the reference model the property and fuzz tests check a
// ring against, and the rig that drives a Ring plus a Tracker the way an
// e1000 driver and device do.

// failer is the part of *testing.T and *rapid.T the rig needs.
type failer interface {
	Helper()
	Fatalf(format string, args ...any)
}

// slotState is what the model knows about one slot.
type slotState uint8

const (
	slotFree   slotState = iota // the driver's, empty
	slotPosted                  // handed to the device, not yet written back
	slotDone                    // written back, waiting for the driver to reclaim it
)

// model is a descriptor ring without modular arithmetic: a slice of slot
// states plus FIFO queues of the slots in flight and the slots written back.
type model struct {
	slots    []slotState
	inflight []int // posted, oldest first
	done     []int // written back and not reclaimed, oldest first
	tail     int   // next slot the driver fills
}

func newModel(size, start int) model {
	return model{slots: make([]slotState, size), tail: start}
}

func (m *model) next(i int) int {
	i++
	if i == len(m.slots) {
		i = 0
	}
	return i
}

// head is the next slot the device processes.
func (m *model) head() int {
	if len(m.inflight) > 0 {
		return m.inflight[0]
	}
	return m.tail
}

// clean is the next slot the driver reclaims.
func (m *model) clean() int {
	if len(m.done) > 0 {
		return m.done[0]
	}
	return m.head()
}

// free is how many slots the driver may still fill: one slot always stays
// unused so that a full ring does not read as empty.
func (m *model) free() Count { return Count(len(m.slots) - 1 - len(m.inflight) - len(m.done)) }

func (m *model) post() {
	m.slots[m.tail] = slotPosted
	m.inflight = append(m.inflight, m.tail)
	m.tail = m.next(m.tail)
}

func (m *model) complete() {
	i := m.inflight[0]
	m.inflight = m.inflight[1:]
	m.slots[i] = slotDone
	m.done = append(m.done, i)
}

func (m *model) reclaim() {
	i := m.done[0]
	m.done = m.done[1:]
	m.slots[i] = slotFree
}

func (m *model) reset() { *m = newModel(len(m.slots), 0) }

// rig is the system under test: ring arithmetic on three indices (the
// driver's clean pointer, the device's head, the driver's tail) and a
// Tracker, next to the model they must agree with.
type rig struct {
	r                 Ring
	tr                *Tracker
	clean, head, tail Index
	m                 model
}

// newRig returns a rig whose three indices all start at start, as after a
// driver wrote the same value to TDH and TDT.
func newRig(size Count, start Index) *rig {
	return &rig{
		r: New(size), tr: NewTracker(size),
		clean: start, head: start, tail: start,
		m: newModel(int(size), int(start)),
	}
}

// post is the driver filling the slot at tail, if the ring has room.
func (g *rig) post(t failer) {
	t.Helper()
	free := g.r.Free(g.clean, g.tail)
	if want := g.m.free(); free != want {
		t.Fatalf("Free(clean=%d, tail=%d) = %d, want %d", g.clean, g.tail, free, want)
	}
	if free == 0 {
		return
	}
	if err := g.tr.Post(g.tail); err != nil {
		t.Fatalf("Post(%d) = %v, want nil", g.tail, err)
	}
	g.tail = g.r.Next(g.tail)
	g.m.post()
}

// complete is the device writing back the slot at head, if it owns one.
func (g *rig) complete(t failer) {
	t.Helper()
	pending := g.r.Pending(g.head, g.tail) > 0
	if pending != (len(g.m.inflight) > 0) {
		t.Fatalf("Pending(head=%d, tail=%d) = %d, want %d", g.head, g.tail, g.r.Pending(g.head, g.tail), len(g.m.inflight))
	}
	if !pending {
		if err := g.tr.Complete(g.head); err == nil {
			t.Fatalf("Complete(%d) on an empty ring = nil, want an error", g.head)
		}
		return
	}
	if err := g.tr.Complete(g.head); err != nil {
		t.Fatalf("Complete(%d) = %v, want nil", g.head, err)
	}
	g.head = g.r.Next(g.head)
	g.m.complete()
}

// reclaim is the driver taking back the oldest written-back slot.
func (g *rig) reclaim(t failer) {
	t.Helper()
	if g.r.Dist(g.clean, g.head) == 0 {
		if len(g.m.done) != 0 {
			t.Fatalf("Dist(clean=%d, head=%d) = 0, want %d", g.clean, g.head, len(g.m.done))
		}
		return
	}
	if o := g.tr.Owner(g.clean); o != Driver {
		t.Fatalf("Owner(%d) = %v before reclaim, want %v", g.clean, o, Driver)
	}
	g.clean = g.r.Next(g.clean)
	g.m.reclaim()
}

// probe makes a misuse call on slot i that must be rejected without
// changing any state: a post of a slot the device owns, a completion of
// one it does not own, or either of a slot outside the ring.
func (g *rig) probe(t failer, i Index) {
	t.Helper()
	before := g.tr.DeviceOwned()
	switch {
	case !g.r.Valid(i):
		if g.tr.Post(i) == nil || g.tr.Complete(i) == nil {
			t.Fatalf("Post/Complete(%d) outside a ring of %d = nil, want errors", i, g.r.Size())
		}
	case g.m.slots[i] == slotPosted:
		if g.tr.Post(i) == nil {
			t.Fatalf("Post(%d) of a slot the device owns = nil, want an error", i)
		}
	default:
		if g.tr.Complete(i) == nil {
			t.Fatalf("Complete(%d) of a slot the driver owns = nil, want an error", i)
		}
	}
	if after := g.tr.DeviceOwned(); after != before {
		t.Fatalf("DeviceOwned() = %d after a rejected call on slot %d, want %d", after, i, before)
	}
}

// reset is a device reset: all slots back to the driver, indices to 0.
func (g *rig) reset() {
	g.tr.Reset()
	g.clean, g.head, g.tail = 0, 0, 0
	g.m.reset()
}

// check compares every observable of the ring and the tracker with the model.
func (g *rig) check(t failer) {
	t.Helper()
	g.checkIndices(t)
	g.checkCounts(t)
	g.checkSlots(t)
}

func (g *rig) checkIndices(t failer) {
	t.Helper()
	got := [3]Index{g.clean, g.head, g.tail}
	want := [3]Index{Index(g.m.clean()), Index(g.m.head()), Index(g.m.tail)}
	if got != want {
		t.Fatalf("clean, head, tail = %v, want %v", got, want)
	}
	for _, i := range got {
		if !g.r.Valid(i) {
			t.Fatalf("Valid(%d) = false in a ring of %d", i, g.r.Size())
		}
	}
}

func (g *rig) checkCounts(t failer) {
	t.Helper()
	size := len(g.m.slots)
	inflight, done := Count(len(g.m.inflight)), Count(len(g.m.done))
	if got := g.r.Pending(g.head, g.tail); got != inflight {
		t.Fatalf("Pending(%d, %d) = %d, want %d", g.head, g.tail, got, inflight)
	}
	if got, want := g.r.Free(g.head, g.tail), Count(size-1)-inflight; got != want {
		t.Fatalf("Free(%d, %d) = %d, want %d", g.head, g.tail, got, want)
	}
	if got, want := g.r.Free(g.clean, g.tail), g.m.free(); got != want {
		t.Fatalf("Free(%d, %d) = %d, want %d", g.clean, g.tail, got, want)
	}
	if got := g.r.Dist(g.clean, g.head); got != done {
		t.Fatalf("Dist(%d, %d) = %d, want %d", g.clean, g.head, got, done)
	}
	if got := g.tr.DeviceOwned(); got != inflight {
		t.Fatalf("DeviceOwned() = %d, want %d", got, inflight)
	}
}

func (g *rig) checkSlots(t failer) {
	t.Helper()
	size := len(g.m.slots)
	for i := 0; i < size+2; i++ {
		posted := i < size && g.m.slots[i] == slotPosted
		if got := g.r.DeviceOwns(g.head, g.tail, Index(i)); got != posted {
			t.Fatalf("DeviceOwns(%d, %d, %d) = %v, want %v", g.head, g.tail, i, got, posted)
		}
		want := Driver
		if posted {
			want = Device
		}
		if got := g.tr.Owner(Index(i)); got != want {
			t.Fatalf("Owner(%d) = %v, want %v", i, got, want)
		}
	}
}

package harness

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// wire carries frames between the device and the peer. Frames from the
// device reach the peer at once; the peer's frames reach the device after
// their delay plus jitter drawn from the peer stream, and then wait for the
// "wire" actor, so the scheduler decides exactly when each lands.
type wire struct {
	w       *world
	port    port // the device's receive side, or a sniffer around it
	id      sim.ActorID
	src     sim.SourceID
	arrived fifo[[]byte]   // frames that reached the device's port
	flight  fifo[inFlight] // frames on their way, in arrival order
	last    sim.Time       // arrival time of the newest frame: the wire keeps order
}

type inFlight struct {
	at    sim.Time
	frame []byte
}

func newWire(w *world) *wire {
	x := &wire{w: w}
	x.id = w.m.AddActor("wire", x)
	x.src = w.m.ActorSource(x.id)
	return x
}

// Transmit implements nic.Wire: the device put a frame on the wire.
func (x *wire) Transmit(frame []byte) {
	w := x.w
	now := w.m.Now()
	w.m.Emit(x.src, kindToPeer, uint64(len(frame)), 0, 0)
	w.ping.fromGuest(frame)
	for _, o := range w.peer.OnFrame(int64(now), frame) {
		x.send(o.Frame, sim.Time(o.Delay))
	}
}

// send schedules a peer frame onto the wire after d plus jitter, never
// before a frame sent earlier (the wire is FIFO).
func (x *wire) send(frame []byte, d sim.Time) {
	at := x.w.m.Now() + d + sim.Time(x.w.m.Intn(sim.StreamPeer, 4))*sim.Microsecond
	if at < x.last {
		at = x.last
	}
	x.last = at
	x.flight.push(inFlight{at: at, frame: frame})
	if x.flight.len() == 1 {
		x.w.m.Clock.At(at, arrival{x})
	}
}

// arrival moves the oldest frame in flight to the device's port and arms
// the timer for the next (pointer-shaped: no allocation as a Timer).
type arrival struct{ x *wire }

func (a arrival) Fire(m *sim.Machine) {
	x := a.x
	x.arrived.push(x.flight.pop().frame)
	m.SetEnabled(x.id, true)
	if x.flight.len() > 0 {
		m.Clock.At(x.flight.front().at, arrival{x})
	}
}

// Step delivers the oldest arrived frame to the device.
func (x *wire) Step(m *sim.Machine) {
	f := x.arrived.pop()
	m.SetEnabled(x.id, x.arrived.len() > 0)
	m.Emit(x.src, kindToGuest, uint64(len(f)), 0, 0)
	x.port.Receive(f)
}

var (
	kindToPeer  = sim.RegisterKind("wire.to-peer", fmtLen)
	kindToGuest = sim.RegisterKind("wire.to-guest", fmtLen)
)

func fmtLen(e *sim.Event, _ func(uint64) string) string { return fmt.Sprintf("len=%d", e.A) }

// fifo is a queue that reuses its storage once it drains.
type fifo[T any] struct {
	buf  []T
	head int
}

func (q *fifo[T]) len() int  { return len(q.buf) - q.head }
func (q *fifo[T]) push(v T)  { q.buf = append(q.buf, v) }
func (q *fifo[T]) front() *T { return &q.buf[q.head] }
func (q *fifo[T]) pop() (v T) {
	var zero T
	v, q.buf[q.head] = q.buf[q.head], zero
	q.head++
	if q.head == len(q.buf) {
		q.buf, q.head = q.buf[:0], 0
	}
	return v
}

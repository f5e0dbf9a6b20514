package harness

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/oracle"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// The ping scenario: Procs processes on the CPUs send Packets UDP datagrams
// in all to the peer's echo port; the peer ARPs for the guest (xv6's receive
// path answers from inside the interrupt handler) and echoes every datagram.
// Oracles: every datagram reaches the peer exactly once and in order per
// process, every echo reaches the guest socket exactly once and in order, and
// at quiescence nothing is missing.

type pingState struct {
	w     *world
	procs []*procCtx
	peer  *oracle.Delivery // what the peer receives, per process
	sock  *oracle.Delivery // what the guest socket receives
	buf   []byte
}

func newPing(w *world) *pingState {
	n := w.cfg.Procs
	p := &pingState{w: w, peer: oracle.NewDelivery("peer", oracle.InOrder, n),
		sock: oracle.NewDelivery("guest socket", oracle.InOrder, n)}
	for _, d := range []*oracle.Delivery{p.peer, p.sock} {
		d.Quota, d.Excused = p.quota, w.lossy
	}
	// A strict overrun drops frames legally: only the receive side loses them.
	p.sock.Excused = func() bool { return w.lossy() || w.overran() }
	return p
}

func (p *pingState) quota(proc int) uint32 {
	n := p.w.cfg.Packets / p.w.cfg.Procs
	if proc < p.w.cfg.Packets%p.w.cfg.Procs {
		n++
	}
	return uint32(n)
}

// start puts one process on each CPU in turn.
func (p *pingState) start() {
	w := p.w
	delay := w.settle
	if w.burstAt > 0 {
		w.m.Clock.After(delay+w.burstAt, burstTimer{w})
	}
	w.armWorkloadFaults()
	for i := 0; i < w.cfg.Procs; i++ {
		pc := &procCtx{p: p, id: i, quota: p.quota(i)}
		p.procs = append(p.procs, pc)
		c := w.m.CPUs[i%len(w.m.CPUs)]
		c.Call(pc)
		if delay > 0 {
			c.Sleep(delay)
		}
	}
}

// done reports whether every process has sent all its datagrams.
func (p *pingState) done() bool {
	for _, pc := range p.procs {
		if pc.sent < pc.quota {
			return false
		}
	}
	return len(p.procs) > 0
}

// fromGuest checks a frame the driver put on the wire.
func (p *pingState) fromGuest(frame []byte) {
	f := p.w.parser.Parse(frame)
	switch f.Kind {
	case stack.KindMalformed:
		p.w.fail(sim.ClassCorrupt, "the driver put a malformed frame on the wire (%d bytes): %v", len(frame), f.Err)
	case stack.KindUDP:
		proc, seq, ok := stack.DecodePing(f.Payload)
		if !ok {
			p.w.fail(sim.ClassCorrupt, "the driver sent a UDP datagram the workload never sent (%d bytes)", len(frame))
		}
		p.judge(p.peer.Ping(proc, seq))
	}
}

// judge fails the run on a finding of a checker.
func (p *pingState) judge(f *oracle.Finding) {
	if f != nil {
		p.w.fail(f.Class, "%s", f.Message)
	}
}

// delivered checks a datagram xv6's net_rx handed to the socket layer.
func (p *pingState) delivered(c *sim.CPU, d stack.Datagram) {
	proc, seq, ok := stack.DecodePing(d.Payload)
	if !ok {
		p.w.fail(sim.ClassCorrupt, "net_rx on cpu%d delivered a datagram the peer never sent (%d bytes)", c.ID, len(d.Payload))
	}
	p.judge(p.sock.Ping(proc, seq))
}

// quiesce is the liveness oracle: when nothing can run, everything sent
// must have arrived.
func (p *pingState) quiesce(m *sim.Machine) {
	var missing []string
	if p.w.lossy() {
		p.checkLeak(m)
		return
	}
	for i, pc := range p.procs {
		if pc.sent < pc.quota {
			missing = append(missing, fmt.Sprintf("proc %d sent only %d of %d datagrams", i, pc.sent, pc.quota))
		}
		if n := p.peer.Next(i); n < pc.sent {
			missing = append(missing, fmt.Sprintf("peer got %d of proc %d's %d accepted datagrams (first missing seq=%d)",
				n, i, pc.sent, n))
		} else if n := p.sock.Next(i); n < pc.sent && !p.w.overran() {
			missing = append(missing, fmt.Sprintf("guest socket got %d of the peer's %d echoes to proc %d (first missing seq=%d)",
				n, pc.sent, i, n))
		}
	}
	if n := p.w.pending(); n > 0 && p.w.overran() {
		missing = append(missing, fmt.Sprintf("the device still holds %d received frames that the driver never took", n))
	}
	if len(missing) == 0 {
		p.checkLeak(m)
		return
	}
	st := p.w.peer.Stats()
	p.w.fail(sim.ClassLostPacket, "quiescent at t=%s with work undone:\n  %s\n  %s\n  peer: %d ARP requests sent, %d ARP replies received, %d echoes sent",
		sim.FormatTime(m.Now()), strings.Join(missing, "\n  "), p.w.devSummary(),
		st.ARPRequestsSent, st.ARPRepliesIn, st.EchoesSent)
}

// procCtx is a process sending its datagrams through e1000_transmit,
// retrying after a back-off when the driver refuses (ring full).
type procCtx struct {
	p     *pingState
	id    int
	quota uint32
	sent  uint32
	buf   uint64
	pc    uint8
}

const backoff = 5 * sim.Microsecond

func (x *procCtx) Describe() string { return fmt.Sprintf("sys_send (proc %d)", x.id) }
func (x *procCtx) String() string   { return x.Describe() }

func (x *procCtx) Step(m *sim.Machine, c *sim.CPU) {
	w := x.p.w
	switch x.pc {
	case 0:
		if x.sent == x.quota {
			c.Return(0)
			return
		}
		frame := w.glue.AppendPing(x.p.buf[:0], stack.Ports{Src: 2000 + uint16(x.id), Dst: stack.EchoPort},
			uint16(x.id), x.sent, w.cfg.PayloadSize)
		x.p.buf = frame
		buf, n := w.k.NewBuffer(frame)
		if buf == 0 {
			c.Sleep(backoff)
			return
		}
		x.buf, x.pc = buf, 1
		c.Call(w.k.Traced(w.drv.Transmit(w.k, buf, n), x))
	case 1:
		x.pc = 0
		if c.Ret != 0 {
			w.k.FreeBuffer(x.buf, x.Describe())
			c.Sleep(backoff)
			return
		}
		x.sent++
	}
}

var _ guest.Net = (*world)(nil)

// checkLeak is the heap oracle at quiescence: every page still allocated
// must be a buffer a ring can hold (one per RX and one per TX descriptor).
func (p *pingState) checkLeak(m *sim.Machine) {
	if p.w.cfg.Observable {
		return
	}
	tn, rn := p.w.dev.Capacity()
	limit := tn + rn
	if tn == 0 || rn == 0 {
		limit = 2 * p.w.cfg.Ring
	}
	if used := m.Heap.InUse(); used > limit {
		p.w.fail(sim.ClassLeak, "%d pages still allocated at quiescence, but the rings hold at most %d buffers (%d RX + %d TX descriptors): the driver loses buffers it should free (mbuffree/kfree); pages no descriptor points into, by allocating line: %s",
			used, limit, rn, tn, m.AllocSites(p.w.heldByRings()))
	}
}

// leakAlongside is the leak check made after a run that failed with
// another verdict: a driver that also leaks gets both findings. Buffers in
// flight when the run stopped (one per process, one reply) are allowed on
// top of what the rings hold; nil when the heap looks sound.
func (w *world) leakAlongside() *sim.Verdict {
	if w.cfg.Observable || w.ping == nil {
		return nil
	}
	tn, rn := w.dev.Capacity()
	limit := tn + rn
	if tn == 0 || rn == 0 {
		limit = 2 * w.cfg.Ring
	}
	slack := w.cfg.Procs + 2
	used := w.m.Heap.InUse()
	if used <= limit+slack {
		return nil
	}
	return &sim.Verdict{Class: sim.ClassLeak, T: w.m.Now(), Message: fmt.Sprintf(
		"%d pages allocated when the run stopped, but the rings hold at most %d buffers (%d RX + %d TX descriptors) and at most %d more were in flight: the driver loses buffers it should free (mbuffree/kfree); pages no descriptor points into, by allocating line: %s",
		used, limit, rn, tn, slack, w.m.AllocSites(w.heldByRings()))}
}

// heldByRings reports the pages a descriptor of the device's rings points
// into now (their "addr" field): buffers the rings legitimately hold.
func (w *world) heldByRings() func(page uint64) bool {
	pages := map[uint64]bool{}
	for _, r := range w.dev.State().Rings {
		for _, sl := range r.Slots {
			for _, f := range sl.Fields {
				if f.Name == "addr" && f.Value != 0 {
					pages[f.Value&^(sim.PageSize-1)] = true
				}
			}
		}
	}
	return func(p uint64) bool { return pages[p] }
}

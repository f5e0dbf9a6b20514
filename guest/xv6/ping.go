package xv6

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/oracle"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// The ping scenario, xv6's workload: main() on hart 0 runs e1000_init,
// then Procs processes on the CPUs send Packets UDP datagrams in all to the
// peer's echo port; the peer ARPs for the guest (xv6's receive path answers
// from inside the interrupt handler) and echoes every datagram. Oracles:
// every datagram reaches the peer exactly once and in order per process,
// every echo reaches the guest socket exactly once and in order, and at
// quiescence nothing is missing and no buffer leaked.

// ping is one run of the ping scenario. It is the kernel's [guest.Net]:
// net_rx's decision, and the guest socket behind it.
type ping struct {
	env   guest.WorkloadEnv
	procs []*procCtx
	peer  *oracle.Delivery // what the peer receives, per process
	sock  *oracle.Delivery // what the guest socket receives
	buf   []byte
}

// newWorkload is the registered NewWorkload: the ping scenario, the only
// one xv6 registers.
func newWorkload(env guest.WorkloadEnv) guest.Workload {
	n := env.Procs
	p := &ping{env: env, peer: oracle.NewDelivery("peer", oracle.InOrder, n),
		sock: oracle.NewDelivery("guest socket", oracle.InOrder, n)}
	for _, d := range []*oracle.Delivery{p.peer, p.sock} {
		d.Quota, d.Excused = p.quota, env.Lossy
	}
	// A strict overrun drops frames legally: only the receive side loses them.
	p.sock.Excused = func() bool { return env.Lossy() || env.Overran() }
	env.K.Net = p
	return p
}

func (p *ping) quota(proc int) uint32 {
	n := p.env.Packets / p.env.Procs
	if proc < p.env.Packets%p.env.Procs {
		n++
	}
	return uint32(n)
}

func (p *ping) fail(class, format string, args ...any) { p.env.M.Fail(class, format, args...) }

// Start implements guest.Workload: main() on CPU 0.
func (p *ping) Start(c *sim.CPU) { c.Call(&bootCtx{p: p}) }

// start puts one process on each CPU in turn.
func (p *ping) start() {
	m := p.env.M
	delay := p.env.Settle
	p.env.ArmFaults(delay)
	for i := 0; i < p.env.Procs; i++ {
		pc := &procCtx{p: p, id: i, quota: p.quota(i)}
		p.procs = append(p.procs, pc)
		c := m.CPUs[i%len(m.CPUs)]
		c.Call(pc)
		if delay > 0 {
			c.Sleep(delay)
		}
	}
}

// Busy implements guest.Busy: some process has datagrams left to send.
func (p *ping) Busy() bool {
	for _, pc := range p.procs {
		if pc.sent < pc.quota {
			return true
		}
	}
	return len(p.procs) == 0
}

// FromGuest implements guest.Workload: it checks a frame the driver put on
// the wire.
func (p *ping) FromGuest(frame []byte) {
	f := p.env.Parser.Parse(frame)
	switch f.Kind {
	case stack.KindMalformed:
		p.fail(sim.ClassCorrupt, "the driver put a malformed frame on the wire (%d bytes): %v", len(frame), f.Err)
	case stack.KindUDP:
		proc, seq, ok := stack.DecodePing(f.Payload)
		if !ok {
			p.fail(sim.ClassCorrupt, "the driver sent a UDP datagram the workload never sent (%d bytes)", len(frame))
		}
		p.judge(p.peer.Ping(proc, seq))
	}
}

// judge fails the run on a finding of a checker.
func (p *ping) judge(f *oracle.Finding) {
	if f != nil {
		p.fail(f.Class, "%s", f.Message)
	}
}

// NetRx implements guest.Net: xv6's net_rx decision, and the guest socket.
func (p *ping) NetRx(c *sim.CPU, frame []byte) []byte {
	a := p.env.Net.NetRx(frame)
	switch a.Verdict {
	case stack.RxReply:
		return a.Reply
	case stack.RxDeliver:
		p.delivered(c, a.UDP)
	}
	return nil
}

// ReplyRefused implements guest.Net.
func (p *ping) ReplyRefused(*sim.CPU) { p.env.Net.ReplyRefused() }

// delivered checks a datagram xv6's net_rx handed to the socket layer.
func (p *ping) delivered(c *sim.CPU, d stack.Datagram) {
	proc, seq, ok := stack.DecodePing(d.Payload)
	if !ok {
		p.fail(sim.ClassCorrupt, "net_rx on cpu%d delivered a datagram the peer never sent (%d bytes)", c.ID, len(d.Payload))
	}
	p.judge(p.sock.Ping(proc, seq))
}

// Quiesce implements guest.Workload: the liveness oracle (when nothing can
// run, everything sent must have arrived), then the heap oracle.
func (p *ping) Quiesce(m *sim.Machine) {
	if p.env.Lossy() {
		p.env.CheckLeak()
		return
	}
	missing := p.missing()
	if n := p.pending(); n > 0 && p.env.Overran() {
		missing = append(missing, fmt.Sprintf("the device still holds %d received frames that the driver never took", n))
	}
	if len(missing) == 0 {
		p.env.CheckLeak()
		return
	}
	p.fail(sim.ClassLostPacket, "quiescent at t=%s with work undone:\n  %s\n  %s\n  %s",
		sim.FormatTime(m.Now()), strings.Join(missing, "\n  "), p.env.K.Dev.Summary(), p.env.PeerStats())
}

// missing lists, per process, the datagrams not sent, not received by the
// peer, or whose echoes the guest socket did not get.
func (p *ping) missing() []string {
	var missing []string
	for i, pc := range p.procs {
		if pc.sent < pc.quota {
			missing = append(missing, fmt.Sprintf("proc %d sent only %d of %d datagrams", i, pc.sent, pc.quota))
		}
		if n := p.peer.Next(i); n < pc.sent {
			missing = append(missing, fmt.Sprintf("peer got %d of proc %d's %d accepted datagrams (first missing seq=%d)",
				n, i, pc.sent, n))
		} else if n := p.sock.Next(i); n < pc.sent && !p.env.Overran() {
			missing = append(missing, fmt.Sprintf("guest socket got %d of the peer's %d echoes to proc %d (first missing seq=%d)",
				n, pc.sent, i, n))
		}
	}
	return missing
}

// pending is the number of received frames the device still holds (0 for
// a device that does not say).
func (p *ping) pending() int {
	if d, ok := p.env.K.Dev.(interface{ Pending() int }); ok {
		return d.Pending()
	}
	return 0
}

var (
	_ guest.Net  = (*ping)(nil)
	_ guest.Busy = (*ping)(nil)
)

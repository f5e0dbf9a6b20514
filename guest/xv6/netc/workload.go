package netc

import (
	"bytes"
	"slices"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// Ports of the socket workload (those of the 2024 grader's ping1 and
// ping3): process A binds ping3's 2008 and 2009 and sends from the unbound
// 2010 too; process B ping-pongs on 2006.
const (
	portA1, portA2, portUnbound = 2008, 2009, 2010
	portB                       = 2006
	markerSeq                   = 1000
	pingRounds                  = 8
	burstPayload                = 24
)

type workload struct {
	env     guest.WorkloadEnv
	sys     *Sys
	procs   []*proc
	sizes   map[uint64]int // payload size of each datagram sent, by port and seq
	burst   int            // datagrams of A's burst
	started bool
}

// NewWorkload is the xv6-2024 kernel's workload for ping when the driver
// comes with a net.c: the socket workload (nil otherwise: nicsim's model
// of net.c runs ping).
func NewWorkload(env guest.WorkloadEnv) guest.Workload {
	if env.Scenario != "" && env.Scenario != "ping" {
		return nil
	}
	sys := Attach(env)
	if sys == nil {
		return nil
	}
	return &workload{env: env, sys: sys, sizes: map[uint64]int{}, burst: max(env.Packets, 2*QLen+8)}
}

func (w *workload) fail(class, format string, args ...any) { w.env.M.Fail(class, format, args...) }

// Start implements guest.Workload: main() on CPU 0 runs netinit and
// e1000_init, then the processes start, one per CPU.
func (w *workload) Start(c *sim.CPU) { c.Call(&bootCtx{w: w}) }

// FromGuest implements guest.Workload.
func (w *workload) FromGuest([]byte) {}

// Busy implements guest.Busy: some process has system calls left and is
// not asleep (a process asleep for ever waits for frames a fault lost).
func (w *workload) Busy() bool {
	for _, p := range w.procs {
		if !p.done && !p.p.Blocked() {
			return true
		}
	}
	return !w.started
}

// HeldPages is how many pages net.c holds for the datagrams it took (its
// queues, or leaked): the harness's leak check after another failure
// allows them.
func (w *workload) HeldPages() int {
	n, _ := w.sys.Leaked()
	return n
}

// LeakUnknownAfter says the harness's page count after a failure of one of
// net.c's own oracles (a queue that grew past its bound, a lost wakeup)
// cannot tell a leak from what the student's net.c legitimately holds:
// queued datagrams and its own kalloc'd nodes and ports.
func (w *workload) LeakUnknownAfter(class string) bool { return slices.Contains(Classes, class) }

// bootCtx is main(): netinit, e1000_init, then the processes.
type bootCtx struct {
	w  *workload
	pc int
}

func (b *bootCtx) Describe() string { return "main" }

func (b *bootCtx) Step(m *sim.Machine, c *sim.CPU) {
	w := b.w
	b.pc++
	switch b.pc {
	case 1:
		c.Call(w.sys.Netinit())
	case 2:
		c.Call(w.env.Drv.Init(w.env.K))
	default:
		c.Return(0)
		w.startProcs()
	}
}

// startProcs puts process A on CPU 0 and B on CPU 1 (or both on CPU 0).
func (w *workload) startProcs() {
	a := w.newProc(0, "ping3")
	b := w.newProc(1%len(w.env.M.CPUs), "ping1")
	a.script = w.ping3(a)
	b.script = w.ping1(b)
	w.procs = []*proc{a, b}
	if w.env.ArmFaults != nil {
		w.env.ArmFaults(w.env.Settle)
	}
	for _, p := range w.procs {
		c := w.env.M.CPUs[p.cpu]
		c.Call(p)
		if w.env.Settle > 0 {
			c.Sleep(w.env.Settle)
		}
	}
	w.started = true
}

// ping3 is the grader's ping3: bind 2008 and 2009; one datagram from 2009
// and its echo; a burst alternating 2008 and the unbound 2010 (more
// replies than a queue holds); another from 2009 and its echo; then port
// 2008 gives what it queued (at most QLen), and, after a marker sent once
// the queue is drained, the marker next.
func (w *workload) ping3(p *proc) func() *call {
	phase, i, drain, marker := 0, 0, 0, false
	return func() *call {
		for {
			phase++
			switch phase {
			case 1:
				return w.must(p.bind(portA1, false), "bind(2008)", skeletonHint)
			case 2:
				return w.must(p.bind(portA2, false), "bind(2009)", "")
			case 3:
				return p.send(portA2, 0, burstPayload, true)
			case 4:
				// Its echo first: the host has learnt our MAC before the
				// burst fills the transmit ring (the lab's net.c answers
				// only the first ARP).
				return p.recv(portA2, w.expectSeq(p, portA2, 0))
			case 5:
				if i < w.burst {
					phase--
					port := uint16(portA1)
					if i%2 == 1 {
						port = portUnbound
					}
					i++
					return p.send(port, uint32((i-1)/2), burstPayload, false)
				}
			case 6:
				return p.send(portA2, 1, burstPayload, true)
			case 7:
				return p.recv(portA2, w.expectSeq(p, portA2, 1))
			case 8:
				drain = min(QLen, w.sys.Pending(portA1))
			case 9:
				if drain > 0 {
					phase--
					drain--
					return p.recv(portA1, nil)
				}
			case 10:
				return p.send(portA1, markerSeq, burstPayload, true)
			case 11:
				if !marker {
					phase--
					return p.recv(portA1, func(_ uint16, seq uint32) { marker = seq == markerSeq })
				}
			case 12:
				return p.bind(portA1, true)
			case 13:
				return p.bind(portA2, true)
			default:
				return nil
			}
		}
	}
}

// ping1 ping-pongs on 2006: each round sends one datagram and receives its
// echo, the payload growing past the receive buffer (recv must copy out
// only maxlen bytes).
func (w *workload) ping1(p *proc) func() *call {
	step := 0
	return func() *call {
		step++
		switch {
		case step == 1:
			return w.must(p.bind(portB, false), "bind(2006)", skeletonHint)
		case step <= 1+2*pingRounds:
			r := uint32(step-2) / 2
			if step%2 == 0 {
				return p.send(portB, r, 16+12*int(r), true)
			}
			return p.recv(portB, w.expectSeq(p, portB, r))
		case step == 2+2*pingRounds:
			return p.bind(portB, true)
		}
		return nil
	}
}

// skeletonHint follows a first bind that fails.
const skeletonHint = " (is sys_bind still the lab's stub? To test the driver alone, give only e1000.c)"

// must makes a call whose result must be 0; hint follows the failure.
func (w *workload) must(c *call, what, hint string) *call {
	c.check = func(ret int64) {
		if ret != 0 {
			w.fail(sim.ClassCorrupt, "%s returned %d, want 0%s", what, ret, hint)
		}
	}
	return c
}

// expectSeq checks that a recv on port returned the echo of seq.
func (w *workload) expectSeq(p *proc, port uint16, seq uint32) func(uint16, uint32) {
	return func(from uint16, got uint32) {
		if got != seq && !w.env.Lossy() {
			w.fail(sim.ClassLostPacket, "sys_recv(%d) by %s returned seq %d, want seq %d: a datagram to port %d was lost or came out of order",
				port, p.p.Name(), got, seq, port)
		}
	}
}

// judgeRecv checks what a recv on port copied out: the length (at most
// maxlen), the source (10.0.2.2, the echo port), the payload's bytes and
// its port (the one it was sent to). It returns the payload's port and
// sequence number. (Sys checked the queue bound and lost wakeups.)
func (w *workload) judgeRecv(x *proc, port uint16, ret int64) (uint16, uint32) {
	name := x.p.Name()
	if ret < 0 {
		w.fail(sim.ClassCorrupt, "sys_recv(%d) by %s returned %d for a bound port", port, name, ret)
	}
	buf, src, sport := x.p.Received(ret)
	from, seq, ok := decodeHeader(buf)
	if !ok {
		w.fail(sim.ClassCorrupt, "sys_recv(%d) by %s copied out %d bytes that do not start a datagram the workload sent: % x",
			port, name, ret, buf[:min(len(buf), 16)])
	}
	if from != port {
		w.fail(ClassWrongPort, "sys_recv(%d) by %s returned a datagram sent to port %d (seq %d): net.c delivered it to the wrong port",
			port, name, from, seq)
	}
	size, known := w.sizes[key(from, seq)]
	want := payload(make([]byte, max(size, stack.PingHeaderLen)), from, seq, size)
	if n := min(size, bufLen); !known || int(ret) != n || !bytes.Equal(buf, want[:n]) {
		w.fail(sim.ClassCorrupt, "sys_recv(%d) by %s returned %d for the %d-byte datagram seq %d with maxlen %d: want %d bytes, its payload's first ones",
			port, name, ret, size, seq, bufLen, n)
	}
	if src != gatewayIP || sport != stack.EchoPort {
		w.fail(sim.ClassCorrupt, "sys_recv(%d) by %s set *src=%#x *sport=%d, want 10.0.2.2 (%#x) and %d (host order)",
			port, name, src, sport, gatewayIP, stack.EchoPort)
	}
	return from, seq
}

// Quiesce implements guest.Workload: when nothing can run, a process
// asleep in recv while its port holds a datagram is woken once (a lost
// wakeup shows when its recv then returns); otherwise every process must
// have finished, and every datagram's page must have been freed.
func (w *workload) Quiesce(m *sim.Machine) {
	if !w.started || w.sys.Poke() {
		return
	}
	w.sys.CheckStuck()
	var waiting []string
	for _, x := range w.procs {
		if !x.done {
			waiting = append(waiting, x.stuck())
		}
	}
	if len(waiting) > 0 {
		if w.env.Lossy() {
			return
		}
		if n := w.sys.Note(); n != "" {
			waiting = append(waiting, n)
		}
		w.fail(sim.ClassLostPacket, "quiescent at t=%s with processes waiting:\n  %s\n  %s\n  %s",
			sim.FormatTime(m.Now()), strings.Join(waiting, "\n  "), w.env.K.Dev.Summary(), w.env.PeerStats())
	}
	w.sys.CheckLeak()
}

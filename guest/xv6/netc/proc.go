package netc

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// call is one system call of a process: its operation, its arguments and
// what the process does with the result.
type call struct {
	op    int
	args  [6]uint64
	check func(ret int64)
}

// proc is a user process making net.c's system calls, pinned to a CPU. Its
// script gives the next call (nil: the process exits).
type proc struct {
	w      *workload
	id     int
	cpu    int
	label  string
	args   [6]uint64
	user   userMem
	script func() *call
	cur    *call
	call   string // the system call running, for reports
	inCall bool
	done   bool
	// Set by the kernel calls of sleep and wakeup.
	sleeping, parked bool
	channel          uint64
	sleeps           int
	// poked: woken by nicsim at quiescence, not by a wakeup of net.c.
	poked   bool
	backoff bool
	retry   *call // a send to repeat
	retries int
	refused int // e1000_transmit refusals during the current call
	// The user's variables.
	bufVA, srcVA, sportVA, msgVA uint64
}

const (
	bufLen     = 64  // the receive buffer, passed as maxlen
	msgLen     = 256 // the send buffer
	backoff    = 20 * sim.Microsecond
	maxRetries = 500
	// gatewayIP is 10.0.2.2 in host order, as send's dst argument.
	gatewayIP = 0x0A000202
)

func newProc(w *workload, id, cpu int, label string) *proc {
	p := &proc{w: w, id: id, cpu: cpu, label: label}
	p.bufVA = p.user.alloc("buf", bufLen)
	p.srcVA = p.user.alloc("src (int)", 4)
	p.sportVA = p.user.alloc("sport (short)", 2)
	p.user.alloc("padding", 2)
	p.msgVA = p.user.alloc("msg", msgLen)
	return p
}

func (p *proc) name() string { return fmt.Sprintf("process %d (%s)", p.id, p.label) }

// Describe implements sim.Context.
func (p *proc) Describe() string {
	if p.inCall {
		return fmt.Sprintf("%s in %s", p.name(), p.call)
	}
	return p.name()
}

func (p *proc) String() string { return p.Describe() }

// Step implements sim.Context: finish the last call, or make the next.
func (p *proc) Step(m *sim.Machine, c *sim.CPU) {
	w := p.w
	if p.inCall {
		p.inCall = false
		w.running[c.ID] = nil
		p.returned(m, c)
		return
	}
	if p.backoff {
		p.backoff = false
		c.Sleep(backoff)
		return
	}
	next := p.retry
	if next != nil {
		p.retry = nil
		if p.retries++; p.retries > maxRetries {
			w.fail(sim.ClassLostPacket, "%s: send from port %d returned -1 %d times in a row", p.name(), next.args[0], maxRetries)
		}
	} else {
		p.retries = 0
		next = p.script()
	}
	if next == nil {
		p.done = true
		c.Return(0)
		return
	}
	p.cur, p.args, p.call = next, next.args, opNames[next.op]
	p.inCall, p.refused = true, 0
	w.running[c.ID] = p
	c.Call(w.caller.Call(w.env.K, p.call, uint64(next.op), uint64(p.id), 0))
}

// returned is the return to user space: no spinlock may be held, then the
// script judges the result.
func (p *proc) returned(m *sim.Machine, c *sim.CPU) {
	for _, l := range m.HeldBy(c) {
		m.Fail(ClassLockHeld, "%s returns to user space from %s holding spinlock %s (cpu%d): xv6 would run the process with interrupts off and the lock taken, and the next acquire of %s spins for ever",
			p.name(), p.call, l.Name, c.ID, l.Name)
	}
	if p.cur.check != nil {
		p.cur.check(int64(c.Ret))
	}
}

// send is send(sport, 10.0.2.2, echo port, msg, size) with a payload of the
// workload's format; retry repeats it after a back-off until net.c takes it.
func (p *proc) send(port uint16, seq uint32, size int, retry bool) *call {
	pl := payload(p.user.slice(p.msgVA, msgLen), port, seq, size)
	p.w.sizes[key(port, seq)] = len(pl)
	c := &call{op: opSend, args: [6]uint64{uint64(port), gatewayIP, 7, p.msgVA, uint64(len(pl))}}
	c.check = func(ret int64) {
		if ret == 0 && p.refused > 0 {
			// The driver refused the frame and sys_send returned 0 (the
			// lab's sys_send ignores e1000_transmit's result): lost.
			ret = -1
		}
		switch {
		case ret == 0:
			p.w.sent[key(port, seq)] = true
		case ret == -1 && retry:
			p.backoff = true
			p.retry = c
		case ret != -1:
			p.w.fail(sim.ClassCorrupt, "send from port %d returned %d, want 0 or -1", port, ret)
		}
	}
	return c
}

// recv is recv(port, &src, &sport, buf, bufLen); got sees what arrived.
func (p *proc) recv(port uint16, got func(from uint16, seq uint32)) *call {
	c := &call{op: opRecv, args: [6]uint64{uint64(port), p.srcVA, p.sportVA, p.bufVA, bufLen}}
	c.check = func(ret int64) {
		from, seq := p.w.judgeRecv(p, port, ret)
		if got != nil {
			got(from, seq)
		}
	}
	return c
}

func (p *proc) bind(port uint16, op int) *call {
	return &call{op: op, args: [6]uint64{uint64(port)}}
}

func key(port uint16, seq uint32) uint64 { return uint64(port)<<32 | uint64(seq) }

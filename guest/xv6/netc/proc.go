package netc

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// call is one system call of a scripted process: the context that makes
// it and what the process does with the result.
type call struct {
	make  func() sim.Context
	check func(ret int64)
	// bind: a bind that fails after kalloc returned 0 in it (out of
	// memory, which it may report) is made again, not judged.
	bind bool
}

// proc is a process of the socket workload, pinned to a CPU, making the
// calls its script gives (nil: it exits).
type proc struct {
	w       *workload
	p       *Proc
	cpu     int
	script  func() *call
	cur     *call
	inCall  bool
	done    bool
	backoff bool
	retry   *call // a send to repeat
	retries int
}

const (
	bufLen     = 64 // the receive buffer, passed as maxlen
	backoff    = 20 * sim.Microsecond
	maxRetries = 500
	// gatewayIP is 10.0.2.2 in host order, as send's dst argument.
	gatewayIP = 0x0A000202
)

func (w *workload) newProc(cpu int, label string) *proc {
	return &proc{w: w, p: w.sys.NewProc(label, bufLen), cpu: cpu}
}

// Describe implements sim.Context.
func (x *proc) Describe() string { return x.p.Name() }
func (x *proc) String() string   { return x.Describe() }

// Step implements sim.Context: finish the last call, or make the next.
func (x *proc) Step(m *sim.Machine, c *sim.CPU) {
	if x.inCall {
		x.inCall = false
		if x.cur.bind && c.Ret != 0 && x.w.env.K.AllocFailed(c) {
			x.backoff, x.retry = true, x.cur
			return
		}
		if x.cur.check != nil {
			x.cur.check(c.Ret)
		}
		return
	}
	if x.backoff {
		x.backoff = false
		c.Sleep(backoff)
		return
	}
	next := x.retry
	if next != nil {
		x.retry = nil
		if x.retries++; x.retries > maxRetries {
			x.w.fail(sim.ClassLostPacket, "%s: a call returned -1 %d times in a row\n  %s", x.p.Name(), maxRetries, x.w.env.K.Dev.Summary())
		}
	} else {
		x.retries = 0
		next = x.script()
	}
	if next == nil {
		x.done = true
		c.Return(0)
		return
	}
	x.cur, x.inCall = next, true
	c.Call(next.make())
}

// send sends a datagram of the workload's format from port to the echo
// port; with retry, a send net.c refused (or whose frame the driver
// refused) is made again after a back-off.
func (x *proc) send(port uint16, seq uint32, size int, retry bool) *call {
	w := x.w
	pl := payload(make([]byte, max(size, 16)), port, seq, size)
	w.sizes[key(port, seq)] = len(pl)
	c := &call{make: func() sim.Context { return x.p.Send(port, gatewayIP, 7, pl) }}
	c.check = func(ret int64) {
		if ret == 0 && x.p.Refused() {
			ret = -1 // the lab's sys_send ignores the driver's refusal: lost
		}
		switch {
		case ret == -1 && retry:
			x.backoff, x.retry = true, c
		case ret != 0 && ret != -1:
			w.fail(sim.ClassCorrupt, "send from port %d returned %d, want 0 or -1", port, ret)
		}
	}
	return c
}

// recv receives on port; got sees the payload's port and sequence number.
func (x *proc) recv(port uint16, got func(from uint16, seq uint32)) *call {
	return &call{make: func() sim.Context { return x.p.Recv(port) }, check: func(ret int64) {
		from, seq := x.w.judgeRecv(x, port, ret)
		if got != nil {
			got(from, seq)
		}
	}}
}

// bind binds port, or unbinds it.
func (x *proc) bind(port uint16, unbind bool) *call {
	return &call{make: func() sim.Context { return x.p.Bind(port, unbind) }, bind: !unbind}
}

func key(port uint16, seq uint32) uint64 { return uint64(port)<<32 | uint64(seq) }

// stuck says where a process waits and what its port holds.
func (x *proc) stuck() string {
	p := x.p
	s := p.Name()
	if p.call != "" {
		s += " in " + p.call
	}
	if p.blocked {
		s += fmt.Sprintf(" asleep (slept %d times)", p.sleeps)
	}
	if p.op == opRecv {
		port := uint16(p.args[0])
		s += fmt.Sprintf("; port %d: %d datagrams pending in net.c", port, x.w.sys.Pending(port))
	}
	return s
}

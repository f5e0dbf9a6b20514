package netc

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// Sys is a student's net.c as a run's processes reach it: the process
// services its kernel calls need, the datagrams it took, and the checks
// made around each system call (what workloads share: the socket workload
// here and the lab's grader programs).
type Sys struct {
	env     guest.WorkloadEnv
	caller  guest.Caller
	parser  *stack.Parser
	track   *tracker
	procs   []*Proc
	running []*Proc // per CPU: the process in a system call
	// rxRefused counts frames net.c sent from the receive path that the
	// driver refused.
	rxRefused int
}

// Attach hosts the run's net.c: it returns nil when the driver comes
// without one (or cannot be called by operation). It takes over the
// kernel's services (kernel calls) and page frees.
func Attach(env guest.WorkloadEnv) *Sys {
	call, ok := env.Drv.(guest.Caller)
	if !ok || !hasNetC(env.Sources) {
		return nil
	}
	s := &Sys{env: env, caller: call, parser: stack.NewParser(), running: make([]*Proc, len(env.M.CPUs))}
	s.track = newTracker(s)
	env.K.Svc = &Services{Services: env.K.Svc, s: s}
	env.K.OnFree = func(_ *sim.CPU, page uint64) { s.track.freed(page) }
	return s
}

// Proc is a user process of the run: its system call's arguments, its user
// memory (a receive buffer of bufLen bytes passed as maxlen, then src and
// sport, then the send buffer) and its sleep state.
type Proc struct {
	s     *Sys
	id    int
	label string
	args  [6]uint64
	user  userMem
	call  string
	op    int
	// Set by the kernel calls of sleep and wakeup.
	sleeping, blocked bool
	cpu               *sim.CPU
	channel           uint64
	sleeps            int
	sleptAt           string // where it last called sleep (" at net.c:155 (sys_recv)")
	// poked: woken by nicsim at quiescence, not by a wakeup of net.c.
	poked   bool
	refused int // e1000_transmit refusals during the current call
	bufLen  int
	// The user's variables.
	bufVA, srcVA, sportVA, msgVA uint64
}

const msgLen = 1600 // the send buffer

// NewProc makes a process whose recv buffer holds bufLen bytes.
func (s *Sys) NewProc(label string, bufLen int) *Proc {
	p := &Proc{s: s, id: len(s.procs), label: label, bufLen: bufLen}
	p.bufVA = p.user.alloc("buf", bufLen)
	p.srcVA = p.user.alloc("src (int)", 4)
	p.sportVA = p.user.alloc("sport (short)", 2)
	p.user.alloc("padding", 2)
	p.msgVA = p.user.alloc("msg", msgLen)
	s.procs = append(s.procs, p)
	return p
}

// Name names the process for reports.
func (p *Proc) Name() string { return fmt.Sprintf("process %d (%s)", p.id, p.label) }

// Bind is bind(port) (unbind with unbind set).
func (p *Proc) Bind(port uint16, unbind bool) sim.Context {
	op := opBind
	if unbind {
		op = opUnbind
	}
	return p.syscall(op, [6]uint64{uint64(port)})
}

// Send is send(port, dst, dport, payload) with dst in host order.
func (p *Proc) Send(port uint16, dst uint32, dport uint16, payload []byte) sim.Context {
	n := copy(p.user.slice(p.msgVA, msgLen), payload)
	return p.syscall(opSend, [6]uint64{uint64(port), uint64(dst), uint64(dport), p.msgVA, uint64(n)})
}

// Recv is recv(port, &src, &sport, buf, bufLen).
func (p *Proc) Recv(port uint16) sim.Context {
	return p.syscall(opRecv, [6]uint64{uint64(port), p.srcVA, p.sportVA, p.bufVA, uint64(p.bufLen)})
}

// Refused reports whether the driver refused a frame of the last call
// (ring full), which the lab's sys_send does not report.
func (p *Proc) Refused() bool { return p.refused > 0 }

// Received is what the last recv copied out: the payload (ret bytes, at
// most bufLen), the source IP (host order) and source port.
func (p *Proc) Received(ret int64) (payload []byte, src uint32, sport uint16) {
	n := uint64(max(0, min(ret, int64(p.bufLen))))
	return p.user.slice(p.bufVA, n), p.user.u32(p.srcVA), p.user.u16(p.sportVA)
}

// Blocked reports whether the process is asleep in sleep.
func (p *Proc) Blocked() bool { return p.blocked }

// syscall is a context that runs net.c's system call op for p.
func (p *Proc) syscall(op int, args [6]uint64) sim.Context {
	return &sysCtx{p: p, op: op, args: args}
}

// sysCtx runs one system call: into the kernel, net.c's code, and the
// checks of the return to user space.
type sysCtx struct {
	p       *Proc
	op      int
	args    [6]uint64
	started bool
}

func (x *sysCtx) Describe() string { return fmt.Sprintf("%s in %s", x.p.Name(), opNames[x.op]) }
func (x *sysCtx) String() string   { return x.Describe() }

func (x *sysCtx) Step(m *sim.Machine, c *sim.CPU) {
	p, s := x.p, x.p.s
	if !x.started {
		x.started = true
		p.args, p.op, p.call, p.refused, p.cpu = x.args, x.op, opNames[x.op], 0, c
		s.running[c.ID] = p
		c.Call(s.caller.Call(s.env.K, p.call, uint64(x.op), uint64(p.id), 0))
		return
	}
	ret := c.Ret
	s.running[c.ID] = nil
	s.returned(c, p, ret)
	p.op, p.call = 0, ""
	c.Return(ret)
}

// returned is the return to user space: no spinlock may be held; a recv's
// datagram is checked against what net_rx was given.
func (s *Sys) returned(c *sim.CPU, p *Proc, ret int64) {
	m := s.env.M
	for _, l := range m.HeldBy(c) {
		m.Fail(ClassLockHeld, "%s returns to user space from %s holding spinlock %s (cpu%d): xv6 would run the process with interrupts off and the lock taken, and the next acquire of %s spins for ever",
			p.Name(), p.call, l.Name, c.ID, l.Name)
	}
	if p.op == opRecv && ret >= 0 {
		s.track.received(p, uint16(p.args[0]), ret)
	}
}

// Netinit is a context that runs net.c's netinit (main() calls it at boot).
func (s *Sys) Netinit() sim.Context {
	return s.caller.Call(s.env.K, "netinit", opNetinit, 7, 0)
}

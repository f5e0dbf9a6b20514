package grade

import (
	"fmt"
	studentnet "github.com/nicsim/nicsim/guest/xv6/netc"
	"net/netip"

	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// opKind is what one step of a guest program does.
type opKind uint8

const (
	opBegin opKind = iota // a subtest starts (sub)
	opPass                // it passed: print its line (sub)
	opOpen                // bind port (connected to dst:dport when dst is valid)
	opClose               // unbind port
	opSend                // send payload from port to dst:dport
	opRecv                // receive on port; check judges it
	opPause               // sleep for Pause
	opFork                // start children, one per program
	opWait                // wait for every child to exit
	opDrain               // port holds min..QueueMax datagrams; take them all
)

// op is one step of a guest program.
type op struct {
	kind     opKind
	sub      int
	port     uint16
	dst      netip.Addr
	dport    uint16
	payload  []byte
	check    func(d stack.Datagram) string // "" or why the datagram is wrong
	children [][]op
	min      int
}

type pstate uint8

const (
	runnable pstate = iota
	running
	waiting // in recv, in wait, or pausing
	exited
)

// proc is a process of the grader's program, stepped by a scheduler.
type proc struct {
	w      *workload
	pid    int
	ops    []op
	pc     int
	state  pstate
	parent *proc
	alive  int  // children not yet exited
	inWait bool // asleep in wait()
	inTx   bool // its e1000_transmit call is running
	buf    uint64
	frame  []byte
	// With a student's net.c (real.go): the process as net.c sees it,
	// whether a system call is running, the datagrams left to drain and
	// the sends made again.
	np        *studentnet.Proc
	inSys     bool
	draining  bool
	drainLeft int
	resends   int
}

const backoff = 5 * sim.Microsecond

func (w *workload) newProc(ops []op, parent *proc) *proc {
	w.pids++
	w.alive++
	p := &proc{w: w, pid: w.pids, ops: ops, parent: parent}
	w.procs = append(w.procs, p)
	return p
}

// Describe names the system call the process is in.
func (p *proc) Describe() string {
	name := "exit"
	if p.pc < len(p.ops) {
		name = [...]string{"main", "main", "sys_bind", "sys_unbind", "sys_send", "sys_recv", "sleep", "fork", "wait", "sys_recv"}[p.ops[p.pc].kind]
	}
	return fmt.Sprintf("%s (pid %d: %s)", name, p.pid, p.w.g.Name)
}

func (p *proc) String() string { return p.Describe() }

// yield gives the CPU back to the scheduler, waiting.
func (p *proc) yield(c *sim.CPU) {
	p.state = waiting
	c.Return(0)
}

// Step runs the process's next operation.
func (p *proc) Step(m *sim.Machine, c *sim.CPU) {
	if p.inTx {
		p.sent(c)
		return
	}
	if p.w.sys != nil && p.pc < len(p.ops) && p.realStep(c, &p.ops[p.pc]) {
		return // the program's socket operation, through the student's net.c
	}
	if p.pc == len(p.ops) {
		p.exit(c)
		return
	}
	o := &p.ops[p.pc]
	switch o.kind {
	case opBegin:
		p.w.begin(o.sub)
	case opPass:
		p.w.pass(c, o.sub)
	case opOpen:
		p.w.net.open(o.port, o.dst, o.dport)
	case opClose:
		p.w.net.close(o.port)
	case opSend:
		p.send(c, o)
		return
	case opRecv:
		if !p.recv(c, o) {
			return
		}
	case opPause:
		p.pc++
		m.Clock.After(Pause, wakeTimer{p})
		p.yield(c)
		return
	case opFork:
		p.fork(o)
	case opWait:
		if p.alive > 0 {
			p.inWait = true
			p.w.blocked++
			p.yield(c)
			return
		}
	case opDrain:
		p.drain(o)
	}
	p.pc++
}

// send builds the frame (net.c's sys_send) and calls e1000_transmit.
func (p *proc) send(c *sim.CPU, o *op) {
	w := p.w
	p.frame = w.udp.AppendUDPTo(p.frame[:0], o.dst, stack.Ports{Src: o.port, Dst: o.dport}, o.payload)
	buf, n := w.env.K.NewBuffer(p.frame)
	if buf == 0 {
		c.Sleep(backoff) // no memory: try again
		return
	}
	p.buf, p.inTx = buf, true
	c.Call(w.env.K.Traced(w.env.Drv.Transmit(w.env.K, buf, n), p))
}

// sent sees e1000_transmit's result: a refused buffer is freed and the
// send tried again after a back-off (see the package doc).
func (p *proc) sent(c *sim.CPU) {
	p.inTx = false
	if c.Ret != 0 {
		p.w.env.K.FreeBuffer(p.buf, p.Describe())
		if p.resends++; p.resends > maxResends {
			p.w.failf(sim.ClassLostPacket, "send from port %d failed %d times in a row (e1000_transmit refused the frame each time)\n  %s",
				p.ops[p.pc].port, maxResends, p.w.env.K.Dev.Summary())
		}
		c.Sleep(backoff)
		return
	}
	p.resends = 0
	p.w.sent[p.ops[p.pc].port]++
	p.pc++
}

// recv takes the next datagram of its port and judges it, or sleeps until
// one comes; it reports whether the operation is done.
func (p *proc) recv(c *sim.CPU, o *op) bool {
	s := p.w.net.find(o.port)
	if s == nil {
		p.w.failf(sim.ClassInternal, "recv on port %d, which the program never bound", o.port)
	}
	d, ok := s.pop()
	if !ok {
		s.waiter = p
		p.w.blocked++
		p.yield(c)
		return false
	}
	if why := o.check(d); why != "" {
		if p.w.lost() {
			p.w.abandon() // a reply was lost legitimately: the test cannot pass
			p.yield(c)
			return false
		}
		p.w.failf(sim.ClassCorrupt, "%s", why)
	}
	return true
}

// fork starts a child per program.
func (p *proc) fork(o *op) {
	for _, ops := range o.children {
		p.alive++
		p.w.ready(p.w.newProc(ops, p))
	}
}

// drain checks that port holds between min and QueueMax datagrams and
// takes them all.
func (p *proc) drain(o *op) {
	s := p.w.net.find(o.port)
	if n := len(s.q); n < o.min || n > QueueMax {
		p.w.failf(sim.ClassLostPacket, "port %d holds %d replies, want %d to %d (the queue bound; %d dropped)",
			o.port, n, o.min, QueueMax, s.drops)
	}
	s.q = s.q[:0]
}

// exit ends the process; a parent asleep in wait is woken when its last
// child exits; the main process's exit ends the program.
func (p *proc) exit(c *sim.CPU) {
	p.state = exited
	p.w.alive--
	c.Return(0)
	if q := p.parent; q != nil {
		q.alive--
		if q.alive == 0 && q.inWait {
			q.inWait = false
			p.w.blocked--
			q.pc++
			p.w.ready(q)
		}
		return
	}
	p.w.finish()
}

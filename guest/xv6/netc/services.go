package netc

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// Kernel calls of rt_proc.c (EV_KCALL).
const (
	kcArg     = 1 // a=n: the running system call's argument n
	kcSleep   = 2 // a=chan b=lock: asleep on chan from here
	kcPark    = 3 // park, unless woken since kcSleep
	kcWakeup  = 4 // a=chan
	kcCopyIn  = 5 // a=args {pagetable, srcva, bounce, len}: user to bounce buffer
	kcCopyOut = 6 // a=args {pagetable, dstva, bounce, len}: bounce buffer to user
	kcNetRx   = 7 // a=buf b=len: a frame on its way to net.c's net_rx
	kcNetTx   = 8 // a=buf b=result: net.c's e1000_transmit returned
)

// Operations of rt_proc.c's nicsim_kernel_entry: the system calls.
const (
	opNetinit = iota + 1
	opBind
	opUnbind
	opRecv
	opSend
)

var opNames = [...]string{opNetinit: "netinit", opBind: "sys_bind", opUnbind: "sys_unbind", opRecv: "sys_recv",
	opSend: "sys_send"}

// Trace kinds of the process model.
var (
	kindSleep  = sim.RegisterKind("proc.sleep", fmtProc)
	kindWakeup = sim.RegisterKind("proc.wakeup", fmtProc)
	kindCopy   = sim.RegisterKind("proc.copy", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("%s va=%#x len=%d", e.S, e.A, e.B)
	})
)

func fmtProc(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("%s chan=%#x", e.S, e.A)
}

// Services are xv6's buffer services plus the process services net.c
// calls ([guest.KernelCalls]).
type Services struct {
	guest.Services
	s *Sys
}

var _ guest.KernelCalls = (*Services)(nil)

// KernelCall implements guest.KernelCalls.
func (v *Services) KernelCall(c *sim.CPU, n, a, b uint64) (uint64, sim.Time) {
	s := v.s
	m := s.env.M
	switch n {
	case kcNetRx:
		s.track.arrived(c, a, int(int64(b)))
		return 0, 0
	case kcWakeup:
		s.wakeup(c, a)
		return 0, 0
	case kcNetTx:
		if int32(b) == 0 {
			return 0, 0
		}
		if p := s.running[c.ID]; p != nil && !c.InInterrupt() {
			p.refused++ // the driver refused the send's frame (ring full)
		} else {
			s.rxRefused++ // a reply from the receive path (ARP) was refused
		}
		return 0, 0
	}
	p := s.running[c.ID]
	if p == nil || c.InInterrupt() {
		m.Fail(sim.ClassPanic, "panic: %s called outside a process (cpu%d, %s)%s", callName(n), c.ID,
			interruptWord(c), m.At(m.Site()))
	}
	switch n {
	case kcArg:
		if a >= uint64(len(p.args)) {
			m.Fail(sim.ClassPanic, "panic: argint/argaddr(%d): system calls have 6 arguments%s", a, m.At(m.Site()))
		}
		return p.args[a], 0
	case kcSleep:
		s.sleep(c, p, a, b)
	case kcPark:
		if p.sleeping {
			p.blocked = true
			return 0, guest.Park
		}
	case kcCopyIn:
		return s.copyIn(c, p, a), 0
	case kcCopyOut:
		return s.copyOut(c, p, a), 0
	default:
		m.Fail(sim.ClassInternal, "netc: unknown kernel call %d", n)
	}
	return 0, 0
}

func callName(n uint64) string {
	switch n {
	case kcArg:
		return "argint"
	case kcSleep, kcPark:
		return "sleep"
	case kcCopyIn:
		return "copyin"
	case kcCopyOut:
		return "copyout"
	}
	return fmt.Sprintf("kernel call %d", n)
}

func interruptWord(c *sim.CPU) string {
	if c.InInterrupt() {
		return "in the interrupt handler"
	}
	return "no process running"
}

// sleep is xv6's sleep(chan, lk) up to the release of lk: the process is
// asleep on chan. Any spinlock the CPU holds besides lk is a finding (xv6's
// sched panics "sched locks": the CPU would switch away holding it).
func (s *Sys) sleep(c *sim.CPU, p *Proc, ch, lk uint64) {
	m := s.env.M
	for _, l := range m.HeldBy(c) {
		if l.Key != lk {
			m.Fail(ClassLockHeld, "%s sleeps in %s%s holding spinlock %s (cpu%d), not only the lock it passes to sleep: xv6 panics (\"sched locks\"), and any other CPU that takes %s spins until a wakeup that may need it",
				p.Name(), p.call, m.At(m.Site()), l.Name, c.ID, l.Name)
		}
	}
	if !m.Holding(c, m.Lock(lk, "")) {
		m.Fail(sim.ClassPanic, "panic: sleep: %s sleeps in %s%s on a lock it does not hold (cpu%d)", p.Name(), p.call,
			m.At(m.Site()), c.ID)
	}
	p.sleeping, p.channel, p.sleeps, p.sleptAt = true, ch, p.sleeps+1, m.At(m.Site())
	m.EmitS(c.Source(), kindSleep, p.Name(), ch, 0, 0)
}

// wakeup is xv6's wakeup(chan): every process asleep on chan runs again.
func (s *Sys) wakeup(c *sim.CPU, ch uint64) {
	s.env.M.EmitS(c.Source(), kindWakeup, "", ch, 0, 0)
	for _, p := range s.procs {
		if p.sleeping && p.channel == ch {
			s.wake(p)
		}
	}
}

// wake makes a sleeping process runnable.
func (s *Sys) wake(p *Proc) {
	p.sleeping = false
	if p.blocked {
		p.blocked = false
		p.cpu.Wake()
	}
}

// Poke is the lost-wakeup probe at quiescence: it wakes one process asleep
// in recv whose port holds a datagram net_rx got and nobody freed or
// received (xv6's sleepers loop, so a spurious wakeup is harmless); its
// recv then returning that datagram is the finding. It reports whether it
// woke one (the run goes on).
func (s *Sys) Poke() bool {
	for _, p := range s.procs {
		if p.blocked && !p.poked && p.op == opRecv && s.track.pending(uint16(p.args[0])) > 0 {
			p.poked = true
			s.wake(p)
			return true
		}
	}
	return false
}

// CheckStuck is called at quiescence when Poke woke nobody: a process
// that nicsim woke in recv and that went back to sleep, while net.c still
// holds datagrams for its port that its recv does not find, has lost them:
// their pages were never freed (ip_rx dropped them without kfree).
func (s *Sys) CheckStuck() {
	for _, p := range s.procs {
		if !p.blocked || !p.poked || p.op != opRecv {
			continue
		}
		port := uint16(p.args[0])
		if n := s.track.pending(port); n > 0 {
			nl, what := s.track.leaked()
			s.env.M.Fail(ClassDatagramLeak, "%s: %d pages net_rx handed it were neither queued nor freed (%s); %d of them were for port %d, whose sys_recv (%s) found its queue empty when nicsim woke it",
				markDropLeak, nl, what, n, port, p.Name())
		}
	}
}

// markDropLeak starts the message of a datagram-leak whose pages ip_rx
// dropped: worded the same wherever it is found, so that the hunt's
// signatures make it one finding (the site is ip_rx).
const markDropLeak = "net.c dropped datagrams in ip_rx without kfree"

// Note explains a stall net.c may cause itself, or "": a reply its receive
// path sent (arp_rx's) that the driver refused, which the lab's arp_rx,
// answering only the first ARP, never sends again.
func (s *Sys) Note() string {
	if s.rxRefused == 0 {
		return ""
	}
	return fmt.Sprintf("the driver refused %d frames net.c sent from the receive path (ring full): an ARP reply lost for good if net.c answers only the first ARP", s.rxRefused)
}

// Pending is how many datagrams to port net.c holds: net_rx got them, and
// neither a recv returned nor kfree freed them.
func (s *Sys) Pending(port uint16) int { return s.track.pending(port) }

// Leaked describes the datagrams whose pages net.c never freed.
func (s *Sys) Leaked() (n int, what string) { return s.track.leaked() }

// CheckLeak fails the run when a datagram's page was never freed (at the
// end of a workload: nothing may still be queued).
func (s *Sys) CheckLeak() {
	if n, what := s.track.leaked(); n > 0 && !strings.Contains(what, "(received") {
		s.env.M.Fail(ClassDatagramLeak, "%s: %d pages net_rx handed it were never freed when the workload ended (nettest's free check counts them): %s",
			markDropLeak, n, what)
	} else if n > 0 {
		s.env.M.Fail(ClassDatagramLeak, "%d datagram pages net_rx took were never freed when the workload ended (nettest's free check counts them): %s",
			n, what)
	}
}

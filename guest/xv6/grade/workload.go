package grade

import (
	"fmt"
	studentnet "github.com/nicsim/nicsim/guest/xv6/netc"
	"net/netip"
	"strings"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// udpSender is the kernel's network code as the program's sends use it
// (stack.Glue).
type udpSender interface {
	AppendUDPTo(buf []byte, dst netip.Addr, p stack.Ports, payload []byte) []byte
}

// workload is one run of a grader's program (or of one of its subtests).
type workload struct {
	env     guest.WorkloadEnv
	g       *grader.Grader
	only    *grader.Subtest // a scenario of one subtest; nil for the whole grader
	udp     udpSender
	net     netc
	parser  *stack.Parser
	program []op
	// Scheduling.
	runq      []*proc
	procs     []*proc // every process, in pid order
	idle      []*sim.CPU
	pids      int
	alive     int // processes not exited
	blocked   int // processes asleep in recv or wait
	finished  bool
	abandoned bool // stopped because a reply was lost legitimately
	checked   bool // the end checks ran
	// Grading: the subtest in progress (-1: none yet), those passed, and
	// what the host and net.c printed (also trace events, "printf").
	cur        int
	passed     []bool
	txone      bool
	arpRx      bool
	ipRx       bool
	freeBefore int
	// Datagrams by source port: handed to the driver, seen on the wire.
	sent, onWire map[uint16]int
	// sys is the student's net.c when the driver comes with one (2024+):
	// the program's socket operations are its real system calls.
	sys *studentnet.Sys
}

// New is the xv6 kernels' NewWorkload for grader scenarios: nil for a
// scenario that is not one of the kernel's graders.
func New(env guest.WorkloadEnv) guest.Workload {
	g, only, ok := grader.Scenario(env.Scenario)
	if !ok {
		return nil
	}
	udp, ok := env.Net.(udpSender)
	if !ok {
		panic(fmt.Sprintf("grade: the kernel's network code %T cannot send UDP to any address", env.Net))
	}
	w := &workload{env: env, g: g, only: only, udp: udp, parser: stack.NewParser(), cur: -1,
		passed: make([]bool, len(g.Subtests)), net: netc{bounded: g == Nettest},
		sent: map[uint16]int{}, onWire: map[uint16]int{}}
	w.program = programOf(g, only)
	env.K.Net = w
	if g == Nettest {
		w.attachNetC(env)
	}
	return w
}

// HostServer implements guest.HostRole.
func (w *workload) HostServer() *stack.HostServer { return Host(w.g) }

// Host is the host's side of grader g as nicsim's peer plays it: the
// server on ServerPort (the fixed HostReply for nettests, an echo that
// takes "txone" quietly for nettest) and slirp's DNS forwarding with the
// lab's record. A real guest's run under QEMU may set Port and Reply to
// what its own nettests program expects.
func Host(g *grader.Grader) *stack.HostServer {
	h := &stack.HostServer{Port: ServerPort, DNS: map[string]netip.Addr{DNSName: DNSAddr}}
	if g == Nettests {
		h.Reply = []byte(HostReply)
	} else {
		h.Quiet = [][]byte{[]byte(TxOne)}
	}
	return h
}

// Start implements guest.Workload: every CPU's scheduler, idle until the
// program starts (so that none is ever started inside an interrupt
// handler), and main() on CPU c above its scheduler.
func (w *workload) Start(c *sim.CPU) {
	for _, o := range w.env.M.CPUs {
		o.Call(&schedCtx{w: w})
	}
	c.Call(&bootCtx{w: w})
}

// FromGuest implements guest.Workload: the host's side sees the frames.
func (w *workload) FromGuest(frame []byte) {
	f := w.parser.Parse(frame)
	if f.Kind == stack.KindUDP {
		w.onWire[f.UDP.SrcPort]++
	}
	switch {
	case f.Kind == stack.KindMalformed:
		w.env.M.Fail(sim.ClassCorrupt, "the driver put a malformed frame on the wire (%d bytes): %v", len(frame), f.Err)
	case f.Kind == stack.KindUDP && f.UDP.DstPort == ServerPort && string(f.Payload) == TxOne && !w.txone:
		w.txone = true
		w.print(nil, "txone: OK")
	}
}

// NetRx implements guest.Net: net_rx's decision (the kernel's network
// code), and what the model's net.c does with it.
func (w *workload) NetRx(c *sim.CPU, frame []byte) []byte {
	a := w.env.Net.NetRx(frame)
	w.netRxed(c, a)
	if a.Verdict == stack.RxReply {
		return a.Reply
	}
	return nil
}

// ReplyRefused implements guest.Net.
func (w *workload) ReplyRefused(*sim.CPU) { w.env.Net.ReplyRefused() }

// Busy implements guest.Busy: spurious interrupts come while a process of
// the program can make progress (not while every one waits for a reply,
// which would keep a run whose reply was lost from ever quiescing).
func (w *workload) Busy() bool { return !w.finished && w.alive > w.blocked+w.asleep() }

var (
	_ guest.Net      = (*workload)(nil)
	_ guest.Busy     = (*workload)(nil)
	_ guest.HostRole = (*workload)(nil)
	_ guest.Grading  = (*workload)(nil)
)

// netRxed sees net_rx's decision: net.c's first-ARP and first-IP messages
// (2024+), and datagrams for the sockets.
func (w *workload) netRxed(c *sim.CPU, a stack.RxAction) {
	if w.has("arp_rx") && a.Verdict == stack.RxReply && !w.arpRx {
		w.arpRx = true
		w.print(c, "arp_rx: received an ARP packet")
	}
	if w.has("ip_rx") && isIP(a) && !w.ipRx {
		w.ipRx = true
		w.print(c, "ip_rx: received an IP packet")
	}
	if a.Verdict == stack.RxDeliver {
		if p := w.net.deliver(a.UDP); p != nil {
			w.blocked--
			w.ready(p)
		}
	}
}

// isIP reports whether net_rx took the frame for IPv4 (ip_rx ran).
func isIP(a stack.RxAction) bool {
	return a.Verdict == stack.RxDeliver || (a.Verdict == stack.RxDrop && a.Drop >= stack.DropIPHeader)
}

// has reports whether the run grades the subtest with this slug.
func (w *workload) has(slug string) bool {
	if w.only != nil {
		return w.only.Slug == slug
	}
	_, ok := w.g.Subtest(slug)
	return ok
}

// print puts a line on the console: an event of CPU c (nil: the host).
func (w *workload) print(c *sim.CPU, line string) {
	src := w.env.M.Source("host")
	if c != nil {
		src = c.Source()
	}
	w.env.M.EmitS(src, guest.KindPrintf, line, 0, 0, 0)
}

// begin records that subtest i starts.
func (w *workload) begin(i int) { w.cur = i }

// pass prints subtest i's line.
func (w *workload) pass(c *sim.CPU, i int) {
	w.passed[i] = true
	w.print(c, w.g.Subtests[i].Pass[0])
}

// failf fails the run in the subtest in progress.
func (w *workload) failf(class, format string, args ...any) {
	name := "boot"
	if w.cur >= 0 {
		name = w.g.Subtests[w.cur].Name
	}
	w.env.M.Fail(class, "%s: %s: FAIL: %s", w.g.Name, name, fmt.Sprintf(format, args...))
}

// finish ends the program; its end checks wait for quiescence (the host
// takes what is still on its way).
func (w *workload) finish() {
	w.finished = true
	w.wakeIdle(len(w.idle))
}

// endChecks are the subtests scored when the program is done: what the
// host received (txone), what net.c printed (arp_rx, ip_rx), the free test.
func (w *workload) endChecks() {
	if w.has("txone") && !w.txone {
		w.cur = w.index("txone")
		w.failf(sim.ClassLostPacket, "the host never received the datagram \"txone\" from port %d", txonePort)
	}
	if w.only != nil {
		return
	}
	for _, s := range []struct {
		slug string
		seen bool
		what string
	}{{"arp_rx", w.arpRx, "an ARP packet"}, {"ip_rx", w.ipRx, "an IP packet"}} {
		if w.has(s.slug) && !s.seen {
			w.cur = w.index(s.slug)
			w.failf(sim.ClassLostPacket, "net_rx never received %s", s.what)
		}
	}
	w.checkFree()
}

// index is the subtest with slug's index.
func (w *workload) index(slug string) int {
	for i, s := range w.g.Subtests {
		if s.Slug == slug {
			return i
		}
	}
	return -1
}

// freeSlack is how many pages fewer nettest's free test allows at the end.
const freeSlack = 32

// checkFree is the 2024+ free test: no more than freeSlack pages fewer
// free than before the tests.
func (w *workload) checkFree() {
	if !w.has("free") {
		return
	}
	w.cur = w.index("free")
	if lost := w.env.M.Heap.InUse() - w.freeBefore; lost > freeSlack {
		w.failf(sim.ClassLeak, "%d pages fewer free after the tests than before (at most %d allowed): the driver loses buffers; pages no descriptor points into, by allocating line: %s",
			lost, freeSlack, w.env.M.AllocSites(w.heldByRings()))
	}
	w.passed[w.cur] = true
	w.print(nil, "free: OK")
}

// heldByRings reports the pages a descriptor of the device's rings points
// into now (their "addr" field).
func (w *workload) heldByRings() func(page uint64) bool {
	pages := map[uint64]bool{}
	for _, r := range w.env.K.Dev.State().Rings {
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

// lost reports whether frames were lost legitimately: the run's faults
// lost some, or the device dropped received frames its buffer could not
// hold (the manual's behaviour; UDP tolerates it, the lab's tests do not).
func (w *workload) lost() bool { return w.env.Lossy() || w.env.Overran() }

// abandon stops the program without a verdict: a test cannot pass once a
// reply was lost legitimately, and that is not the driver's bug.
func (w *workload) abandon() {
	w.finished, w.abandoned = true, true
	w.runq = nil
	w.wakeIdle(len(w.idle))
}

// Quiesce implements guest.Workload: a process still waiting when nothing
// can run waits for a reply that never came.
func (w *workload) Quiesce(m *sim.Machine) {
	if w.sys != nil {
		if w.sys.Poke() {
			return // a process asleep in recv while its port holds a datagram
		}
		w.sys.CheckStuck()
	}
	if w.finished && !w.abandoned && !w.checked {
		// The program is done and nothing moves: the checks at its end,
		// then nicsim's heap oracle.
		w.checked = true
		w.endChecks()
		if w.sys != nil {
			w.sys.CheckLeak()
		}
		w.env.CheckLeak()
		return
	}
	if w.finished || w.pids == 0 {
		return
	}
	if w.lost() {
		return // frames were lost legitimately: the program cannot finish
	}
	waits := w.sysWaits()
	for _, s := range w.net.socks {
		if s.waiter != nil {
			waits = append(waits, w.missing(s))
		}
	}
	w.failf(sim.ClassLostPacket, "quiescent at t=%s with a reply that never came:\n  %s\n  %s\n  %s",
		sim.FormatTime(m.Now()), strings.Join(waits, "\n  "), w.env.K.Dev.Summary(), w.env.PeerStats())
}

// missing says which way a waiting socket's reply was lost: the peer got
// fewer datagrams from its port than the program sent (the transmit path),
// or the host answered them all and the guest socket got no reply (the
// receive path).
func (w *workload) missing(s *sock) string {
	who := s.waiter.Describe()
	if n, sent := w.onWire[s.port], w.sent[s.port]; n < sent {
		return fmt.Sprintf("%s waits on port %d: the peer got %d of the %d datagrams sent from it", who, s.port, n, sent)
	}
	return fmt.Sprintf("%s waits on port %d: the guest socket got no reply, though the host received all %d datagrams sent from it",
		who, s.port, w.sent[s.port])
}

// Grade implements guest.Grading: the run's subtests. A subtest passed
// when its line was printed; the one in progress when the run failed fails
// with the verdict; those after it were not reached.
func (w *workload) Grade(v *sim.Verdict) []grader.Result {
	all := w.g.Results()
	var out []grader.Result
	for i, r := range all {
		if w.only != nil && w.g.Subtests[i].Slug != w.only.Slug {
			continue
		}
		switch {
		case w.passed[i] || (w.g.Subtests[i].Slug == "txone" && w.txone) ||
			(w.g.Subtests[i].Slug == "arp_rx" && w.arpRx) || (w.g.Subtests[i].Slug == "ip_rx" && w.ipRx):
		case i == w.cur && !v.Pass():
			r.Fail(v.Class+": "+v.Message, 0)
		case v.Pass():
			r.Fail("not finished: frames were lost to injected faults or a receive overrun", 0)
			r.NotReached = true
		default:
			r.Fail(fmt.Sprintf("not reached: the program stopped in %s", w.curName()), 0)
			r.NotReached = true
		}
		out = append(out, r)
	}
	return out
}

func (w *workload) curName() string {
	if w.cur < 0 {
		return "boot (e1000_init)"
	}
	return w.g.Subtests[w.cur].Name
}

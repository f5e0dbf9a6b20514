package jos

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// The driver-level workload ("ping" scenario), as JOS lab 6 drives a
// polled driver from its network server's environments, one kernel entry
// at a time (the big kernel lock): the attach function with the e1000 as
// pci_scan found it; once the device settled, an ARP request for the
// gateway through the transmit function, then Packets UDP pings to the
// peer's echo port, one at a time. After each transmit the receive
// function is polled (every pollEvery of virtual time) until the awaited
// reply comes up; ARP requests for 10.0.2.15 are answered. Last, a burst
// of burstLen full-size datagrams to the discard port goes out back to
// back, more than a 64-slot ring holds, as the output environment sends
// what lwIP queued: a device slower than the CPU (the strict personality)
// fills the ring. A transmit refused (< 0) is retried after a back-off. The receive buffer is 2048
// bytes, every fourth call 64 (a caller may pass less than a frame; a
// frame must then be cut or refused), with guard bytes after it.
//
// Oracles: after attach and after each transmit, no base register or
// descriptor holds a kernel virtual address (PADDR forgotten), and the
// rings the lab's i386 build gives are 16-byte aligned; every frame the
// receive function hands up is the next the wire delivered (once, in
// order, its bytes, not 4 bytes longer: SECRC), within the caller's
// buffer; at the end every ping was echoed.

// Operations of nicsim_kernel_entry (rt_jos.c).
const (
	opAttach = 1
	opTX     = 2
	opRX     = 3
)

const (
	rxLen      = 2048
	rxShortLen = 64
	guardByte  = 0xA5
	pollEvery  = 20 * sim.Microsecond
	replyWait  = 200 * sim.Millisecond // polls before a request or ping counts as lost
	txBackoff  = 20 * sim.Microsecond
	txGiveUp   = 2000 // refusals in a row: the ring never frees
	retries    = 3
	pingProc   = 1
	pingPort   = 4000
	burstLen   = 80
	burstProc  = 2
	burstBytes = 1514 - 42 // full-size frames
	discard    = 9         // the peer's discard port
)

type workload struct {
	env  guest.WorkloadEnv
	svc  *kernel
	call guest.Caller
	lay  sim.Layout
	i386 *I386
	// The wire's frames toward the device, not yet handed up.
	wire [][]byte
	// The receive buffer (a heap page: buffer, then guard bytes).
	rxPage uint64
	rxCall int
	short  bool // the last receive call passed rxShortLen
	// Awaited: the gateway's ARP reply, or the echo of ping next-1.
	gwKnown bool
	next    int
	echoed  []bool
	replies [][]byte // ARP replies to send
	refused int      // transmit refusals in a row
	tries   int
	burst   int // burst datagrams the transmit function took
	sent    int // frames the transmit function took
}

// newWorkload is the registered NewWorkload.
func newWorkload(env guest.WorkloadEnv) guest.Workload {
	if env.Scenario == ScenarioTestOutput || env.Scenario == ScenarioTestInput {
		return newEnvWorkload(env)
	}
	svc := env.K.Svc.(*kernel)
	call, _ := env.Drv.(guest.Caller)
	w := &workload{env: env, svc: svc, call: call, lay: env.M.Layout(), echoed: make([]bool, env.Packets)}
	w.i386, _ = I386Of(env.Sources)
	env.M.SetIRQMasked(true) // the 8259A masks IRQ 11: JOS lab 6 polls
	return w
}

func (w *workload) fail(class, format string, args ...any) { w.env.M.Fail(class, format, args...) }

// Start implements guest.Workload.
func (w *workload) Start(c *sim.CPU) {
	if w.call == nil {
		w.fail(sim.ClassInternal, "jos: the driver cannot be called by operation")
		return
	}
	c.Call(&mainCtx{w: w})
}

// FramesSent implements guest.SentCounter: the ARP requests and replies,
// pings and burst datagrams the transmit function took.
func (w *workload) FramesSent() int { return w.sent }

// FromGuest implements guest.Workload.
func (w *workload) FromGuest(frame []byte) {}

// FromPeer records a frame the wire delivers to the device.
func (w *workload) FromPeer(frame []byte) { w.wire = append(w.wire, bytes.Clone(frame)) }

// Quiesce implements guest.Workload: nothing is left to run once the main
// context returned.
func (w *workload) Quiesce(m *sim.Machine) {}

// mainCtx is the kernel on CPU 0 driving the driver.
type mainCtx struct {
	w        *workload
	pc       int
	frame    []byte // being transmitted
	buf      uint64 // the page holding it, for the transmit call
	since    sim.Time
	bursting bool // the pings are done: sending the burst
}

func (x *mainCtx) Describe() string { return "jos kernel" }
func (x *mainCtx) String() string   { return x.Describe() }

// Program counter values of mainCtx.
const (
	pcAttach = iota
	pcAttached
	pcSend
	pcSent
	pcPoll
	pcPolled
	pcBurst
	pcDone
)

func (x *mainCtx) Step(m *sim.Machine, c *sim.CPU) {
	w, k := x.w, x.w.env.K
	switch x.pc {
	case pcAttach:
		x.pc = pcAttached
		c.Call(w.call.Call(k, "attach", opAttach, 0, 0))
	case pcAttached:
		if !w.svc.mapped {
			w.fail(sim.ClassConfig, "the attach function returned %d without mapping the registers with mmio_map_region(reg_base[0], reg_size[0])", c.Ret)
			return
		}
		w.checkRings("after attach")
		w.rxPage, _ = k.NewBuffer(make([]byte, sim.PageSize))
		x.frame = stack.GatewayRequest()
		x.pc = pcSend
		if w.env.Settle > 0 {
			c.Sleep(w.env.Settle)
		}
	case pcSend:
		buf, n := k.NewBuffer(x.frame)
		x.buf, x.pc = buf, pcSent
		c.Call(w.call.Call(k, "transmit", opTX, w.lay.Virtual(buf), uint64(n)))
	case pcSent:
		x.sent(c)
	case pcPoll:
		x.pc = pcPolled
		c.Call(w.call.Call(k, "receive", opRX, w.lay.Virtual(w.rxPage), uint64(w.armRX())))
	case pcPolled:
		x.polled(m, c)
	case pcBurst:
		if w.burst == burstLen {
			x.pc = pcDone
			return
		}
		x.frame = w.env.Net.AppendPing(nil, stack.Ports{Src: pingPort, Dst: discard}, burstProc, uint32(w.burst), burstBytes)
		x.pc = pcSend
	case pcDone:
		w.checkIRQ()
		c.Return(0)
	}
}

// sent handles the transmit's return: refused (retry) or taken (poll).
func (x *mainCtx) sent(c *sim.CPU) {
	w := x.w
	// The caller's page is its own again once the system call returned
	// (the output environment reuses nsipcbuf): a driver that kept a
	// pointer to it instead of copying DMAs from a freed page.
	w.env.K.FreeBuffer(x.buf, "the transmit function's caller")
	if c.Ret < 0 {
		w.refused++
		if w.refused >= txGiveUp {
			w.fail(sim.ClassLostPacket, "the transmit function refused a %d-byte frame %d consecutive times (returned %d): the TX ring never frees (%s)",
				len(x.frame), w.refused, c.Ret, w.env.K.Dev.Summary())
			return
		}
		x.pc = pcSend
		c.Sleep(txBackoff)
		return
	}
	w.refused = 0
	w.sent++
	w.checkRings("after a transmit")
	if x.bursting {
		w.burst++
		x.pc = pcBurst
		return
	}
	x.since = w.env.M.Now()
	x.pc = pcPoll
}

// polled handles the receive's return.
func (x *mainCtx) polled(m *sim.Machine, c *sim.CPU) {
	w := x.w
	if !w.checkGuard(c.Ret) {
		return
	}
	if c.Ret >= 0 {
		w.received(int(c.Ret))
	}
	if len(w.replies) > 0 {
		x.frame, w.replies = w.replies[0], w.replies[1:]
		x.pc = pcSend
		return
	}
	if next := w.awaited(); next != nil {
		x.frame, x.pc, w.tries = next, pcSend, 0
		return
	}
	if w.next == len(w.echoed) && w.gwKnown && (len(w.echoed) == 0 || w.echoed[len(w.echoed)-1]) {
		x.pc, x.bursting = pcBurst, true
		return
	}
	if m.Now()-x.since < replyWait {
		x.pc = pcPoll
		c.Sleep(pollEvery)
		return
	}
	if w.tries < retries {
		w.tries++
		x.pc = pcSend // send the request or ping again
		return
	}
	w.lost()
}

// awaited returns the next frame to send once what the workload waited
// for came up, or nil.
func (w *workload) awaited() []byte {
	if !w.gwKnown || (w.next > 0 && !w.echoed[w.next-1]) || w.next == len(w.echoed) {
		return nil
	}
	f := w.env.Net.AppendPing(nil, stack.Ports{Src: pingPort, Dst: stack.EchoPort}, pingProc, uint32(w.next), w.env.Payload)
	w.next++
	return f
}

// lost fails the run: the awaited reply never came up.
func (w *workload) lost() {
	what := "the gateway's ARP reply"
	if w.gwKnown {
		what = fmt.Sprintf("the echo of ping seq=%d", w.next-1)
	}
	w.fail(sim.ClassLostPacket, "%s never came up through the receive function after %d sends (%d of %d pings echoed; %s; %s)",
		what, w.tries+1, count(w.echoed), len(w.echoed), w.env.K.Dev.Summary(), w.env.PeerStats())
}

func count(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// armRX fills the receive page with guard bytes and returns the length
// passed: rxLen, every fourth call rxShortLen, unless the receive function
// takes no length (then the caller's buffer is always a page, as the input
// environment's is).
func (w *workload) armRX() int {
	w.rxCall++
	n := rxLen
	w.short = w.rxCall%4 == 0 && (w.i386 == nil || w.i386.Entries.Shape.TakesLength())
	if w.short {
		n = rxShortLen
	}
	g := bytes.Repeat([]byte{guardByte}, sim.PageSize)
	_ = w.env.M.Mem.Write(w.rxPage, g)
	return n
}

// checkGuard fails the run when the receive function wrote past the
// length it was given.
func (w *workload) checkGuard(ret int64) bool {
	n := uint64(rxLen)
	if w.short {
		n = rxShortLen
	}
	b, err := w.env.M.Mem.Slice(w.rxPage+n, sim.PageSize-n)
	if err != nil {
		return true
	}
	if i := slices.IndexFunc(b, func(v byte) bool { return v != guardByte }); i >= 0 {
		end := i
		for j := range b {
			if b[j] != guardByte {
				end = j
			}
		}
		w.fail(sim.ClassCrash, "the receive function wrote past the end of the caller's %d-byte buffer: bytes %d..%d after it changed (it returned %d); under JOS the buffer is the input environment's page, and the copy overruns it",
			n, i, end, ret)
		return false
	}
	return true
}

// received checks a frame the receive function handed up against the
// wire, then runs the kernel's network code on it.
func (w *workload) received(n int) {
	size := min(n, rxLen)
	if w.short {
		size = min(n, rxShortLen)
	}
	got := make([]byte, size)
	_ = w.env.M.Mem.Read(w.rxPage, got)
	i := slices.IndexFunc(w.wire, func(f []byte) bool { return sameFrame(f, got, w.short) })
	if i < 0 {
		if j := slices.IndexFunc(w.wire, func(f []byte) bool { return len(got) == len(f)+4 && bytes.Equal(got[:len(f)], f) }); j >= 0 {
			w.fail(sim.ClassCorrupt, "the receive function handed up a %d-byte frame that is 4 bytes longer than the %d bytes on the wire: the Ethernet CRC is still on (RCTL.SECRC is not set)", n, len(w.wire[j]))
			return
		}
		w.fail(sim.ClassCorrupt, "the receive function handed up %d bytes that are not a frame the device received since the last one (a duplicate, or corrupt): % x",
			n, got[:min(len(got), 32)])
		return
	}
	if i > 0 && !w.env.K.Dev.Overran() && !w.env.Lossy() && !w.short {
		w.fail(sim.ClassLostPacket, "the receive function handed up a %d-byte frame, but the %d frame(s) the device received before it never came up, and the device dropped none for lack of descriptors: the driver lost them", n, i)
		return
	}
	frame := w.wire[i]
	w.wire = w.wire[i+1:]
	w.netRx(frame)
}

// sameFrame reports whether got is the frame sent on the wire, allowing
// for the padding of short frames to 60 bytes and, for a short buffer, a
// frame cut to it.
func sameFrame(sent, got []byte, short bool) bool {
	if short && len(got) == rxShortLen && len(sent) > rxShortLen {
		return bytes.Equal(sent[:rxShortLen], got)
	}
	return stack.SamePadded(sent, got)
}

// netRx is the kernel's network code: ARP requests answered, the
// gateway's reply and echoes noted.
func (w *workload) netRx(frame []byte) {
	a := w.env.Net.NetRx(frame)
	switch a.Verdict {
	case stack.RxReply:
		w.replies = append(w.replies, a.Reply)
	case stack.RxDrop:
		if stack.IsGatewayReply(frame) {
			w.gwKnown = true
		}
	case stack.RxDeliver:
		proc, seq, ok := stack.DecodePing(a.UDP.Payload)
		if ok && proc == pingProc && int(seq) < len(w.echoed) {
			w.echoed[seq] = true
		}
	}
}

// checkRings fails the run on a base register or descriptor that holds a
// kernel virtual address, and on a ring the i386 build does not align.
func (w *workload) checkRings(when string) {
	st := w.env.K.Dev.State()
	regs := map[string]uint32{}
	for _, r := range st.Registers {
		regs[r.Name] = r.Value
	}
	for _, b := range []string{"TDBAL", "RDBAL"} {
		if v := regs[b]; v >= KERNBASE {
			w.fail(sim.ClassDMAFault, "%s = %#x %s: a kernel virtual address (%s), not a physical one: the device DMAs physical addresses, PADDR(%#x) = %#x",
				b, v, when, w.name(uint64(v)-KERNBASE), v, v-KERNBASE)
			return
		}
	}
	for _, r := range st.Rings {
		for _, s := range r.Slots {
			for _, f := range s.Fields {
				if f.Name == "addr" && f.Value >= KERNBASE && f.Value < 1<<32 {
					w.fail(sim.ClassDMAFault, "%s descriptor %d (%s) holds the kernel virtual address %#x (%s) %s: the device DMAs physical addresses, PADDR(%#x) = %#x",
						r.Name, s.Index, w.name(s.Addr), f.Value, w.name(f.Value-KERNBASE), when, f.Value, f.Value-KERNBASE)
					return
				}
			}
		}
	}
	w.checkAlign(regs)
}

// checkAlign fails the run on a ring the lab's i386 build does not align
// to 16 bytes: a variable gcc -m32 aligns less, or a member that lies at
// another offset there (uint64_t aligns to 4 on i386). Hosted on x86-64,
// arrays of 16 bytes and more are 16-byte aligned and uint64_t to 8, so
// the hosted address cannot show it.
func (w *workload) checkAlign(regs map[string]uint32) {
	if w.i386 == nil {
		return
	}
	for _, b := range []string{"TDBAL", "RDBAL"} {
		v := regs[b]
		if v == 0 {
			continue
		}
		name := w.name(uint64(v))
		align, ok := w.i386.AlignOf(name)
		if !ok || align >= 16 {
			continue
		}
		w.fail(sim.ClassConfig, "%s = PADDR(%s) is not 16-byte aligned as the lab builds it: gcc -m32 places it %d-byte aligned (hosted as x86-64 it happens to be 16-byte aligned): the 82540EM requires a 16-byte aligned descriptor ring; declare it __attribute__((aligned(16)))",
			b, name, align)
		return
	}
}

// name names a physical address from the driver's symbols.
func (w *workload) name(pa uint64) string {
	if sym := w.env.M.Trace.SymbolizeData; sym != nil {
		if s := sym(pa); s != "" {
			return s
		}
	}
	return fmt.Sprintf("%#x", pa)
}

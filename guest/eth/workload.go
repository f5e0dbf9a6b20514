package eth

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// The eth workload ("eth" scenario), the simulated twin of the real
// guest's (qemu/workload.c), so that both put the same datagrams on the
// wire: _eth_init; the callbacks set; the station address loaded twice
// (id 0, kernel-internal, then id 1); a transmit of 2^14 bytes that must be
// refused with ETH_TOO_LARGE (id 9); a gratuitous ARP (id 0); an ARP
// request for the gateway (id 2); once it is answered, a receive burst of 12
// broadcast ARP requests for another host (which the real guest's peer
// does not send; they make the guest transmit nothing) and Packets UDP pings of
// 64 bytes to the peer's echo port with ids 100, 101, ..., one at a time,
// each after the echo of the one before (ETH_NO_MEM: retry after a
// back-off); then, with the device's interrupt masked as the real guest
// masks the CPU's, a burst of 24 full-size datagrams to the discard port
// (ids 200, 201, ...), which fills a small command area (each call gives
// ETH_SUCCESS or ETH_NO_MEM; each accepted one must be reported). ARP
// requests for 10.0.2.15 are answered with id-0 transmits from a kernel
// context. When the run quiesces waiting for the gateway's ARP reply or an
// echo (a frame the device dropped for lack of receive resources, a loss
// Ethernet allows), the request or ping is sent again with id 0, at most
// retries times.
//
// Oracles, fed by the runtime's callbacks: every non-zero id gets exactly
// one command callback, with ETH_SUCCESS; id 0 never reaches the callback;
// every frame handed up arrives through one rx callback, in the order the
// wire delivered them, with their bytes (frames skipped are losses only if
// the device dropped some); at quiescence the device's CheckStall, then
// every command completed, the gateway resolved and every ping echoed.

// Return and status codes of the final eth.h; a driver's own eth.h may
// define others (before 2021-04-08: ETH_TOO_LARGE -2), see codesOf.
const (
	ethSuccess  = 0
	ethTooLarge = 2
	ethNoMem    = 3
)

// ethCodes are the return codes the driver's eth.h defines, as _eth_tx and
// _eth_loadaddr return them (uint8_t: -2 is 254).
type ethCodes struct{ success, tooLarge, noMem int64 }

// reCode matches "#define ETH_TOO_LARGE (-2)" and the like.
var reCode = regexp.MustCompile(`(?m)^[ \t]*#[ \t]*define[ \t]+ETH_(SUCCESS|TOO_LARGE|NO_MEM)[ \t]+\(?[ \t]*(-?[0-9]+|0x[0-9A-Fa-f]+)[ \t]*\)?[ \t]*(?:/[/*].*)?$`)

// codesOf reads the return codes a driver's sources define (the final
// header's values where they define none).
func codesOf(srcs [][]byte) ethCodes {
	c := ethCodes{ethSuccess, ethTooLarge, ethNoMem}
	for _, src := range srcs {
		for _, m := range reCode.FindAllSubmatch(src, -1) {
			v, err := strconv.ParseInt(string(m[2]), 0, 64)
			if err != nil {
				continue
			}
			v = int64(uint8(v)) // returned as uint8_t
			switch string(m[1]) {
			case "SUCCESS":
				c.success = v
			case "TOO_LARGE":
				c.tooLarge = v
			case "NO_MEM":
				c.noMem = v
			}
		}
	}
	return c
}

// Operations of nicsim_kernel_entry (rt_eth.c).
const (
	opInit = iota + 1
	opLoadAddr
	opTx
	opCallbacks
	opISR
	opLoadAddrPtr
)

// ClassCallback is a callback the eth API forbids: a command callback for
// id 0, one for an id never issued, or one with a failure status.
const ClassCallback = "bad-callback"

const (
	idTooLarge   = 9
	idARP        = 2
	firstPingID  = 100
	firstBurstID = 200
	burstLen     = 24
	burstPayload = 1514 - 42 // full-size frames
	burstProc    = 2
	discardPort  = 9
	pingSize     = 64
	rxBurst      = 12 // broadcast frames the peer side sends at once
	retries      = 3
	backoff      = 50 * sim.Microsecond
	pingProc     = 1
	pingPort     = 4000
)

type workload struct {
	env     guest.WorkloadEnv
	svc     *kernel
	call    guest.Caller
	ptrAddr bool     // _eth_loadaddr takes uint8_t[6]
	codes   ethCodes // the driver's return codes
	// Commands: issued non-zero ids not yet reported, and those reported.
	issued, done map[uint16]bool
	// Receive: frames the wire delivered to the device, not yet handed up.
	wire     [][]byte
	skipped  int
	rxFrames int
	// The gateway's ARP reply: awaited, received.
	gwWait, gwKnown bool
	// Pings, one at a time: next to send, whether one awaits its echo,
	// the retries of the one awaited (or of the ARP request), and which
	// were echoed.
	next     int
	waiting  bool
	tries    int
	echoed   []bool
	replies  [][]byte // ARP replies waiting for the reply context
	replying bool
	spawns   int
	// storm counts the handler's entries in a row with a cause pending
	// and none acknowledged since lastAcks (the device's count then).
	storm    int
	lastAcks uint64
}

// newWorkload is the registered NewWorkload.
func newWorkload(env guest.WorkloadEnv) guest.Workload {
	svc := env.K.Svc.(*kernel)
	call, _ := env.Drv.(guest.Caller)
	w := &workload{env: env, svc: svc, call: call,
		issued: map[uint16]bool{}, done: map[uint16]bool{}, echoed: make([]bool, env.Packets)}
	for _, src := range env.Sources {
		w.ptrAddr = w.ptrAddr || LoadAddrTakesBytes(src)
	}
	w.codes = codesOf(env.Sources)
	svc.wl = w
	env.M.IntrHandler = w.intr
	env.M.SetIRQMasked(true) // until the driver installs its handler
	return w
}

func (w *workload) fail(class, format string, args ...any) { w.env.M.Fail(class, format, args...) }

// intr is the interrupt context: the handler installed at IRQVector.
func (w *workload) intr(c *sim.CPU) sim.Context {
	w.checkStorm()
	if h, ok := w.env.K.Dev.(interface{ HandlerEntered() }); ok {
		h.HandlerEntered()
	}
	w.svc.inService = true
	w.env.M.SetIRQMasked(true)
	return w.call.Call(w.env.K, "eth isr", opISR, IRQVector, 0)
}

// statAcker is the device's STAT/ACK byte and the count of writes that
// acknowledged a cause (the 82557 implements it).
type statAcker interface {
	StatAck() uint8
	Acks() uint64
}

// stormLimit is how many times in a row the handler may be entered with a
// cause pending and none acknowledged since its last entry.
const stormLimit = 1000

// checkStorm fails the run when the handler is entered stormLimit times in
// a row with a STAT/ACK cause set and no cause acknowledged since the
// entry before: the line never drops, the kernel runs the handler for
// ever (the hunt would otherwise spend the whole step budget on it).
func (w *workload) checkStorm() {
	sa, ok := w.env.K.Dev.(statAcker)
	if !ok {
		return
	}
	st, acks := sa.StatAck(), sa.Acks()
	if st == 0 || acks != w.lastAcks {
		w.storm, w.lastAcks = 0, acks
		return
	}
	if w.storm++; w.storm < stormLimit {
		return
	}
	m := w.env.M
	handler := m.At(sim.Where{PCs: [12]uint64{w.svc.isr}, N: 1})
	raw := ""
	if r, ok := w.env.K.Dev.(interface{ RawStatusWrite() string }); ok && r.RawStatusWrite() != "" {
		raw = fmt.Sprintf("; the dword write to SCB offset 0x00%s does not acknowledge under QEMU, whose eepro100 stores all four bytes as they are (acknowledge with a byte write to 0x01 or a word write to 0x00)", r.RawStatusWrite())
	}
	w.fail(sim.ClassLivelock, "interrupt storm: the handler%s was entered %d times in a row while SCB STAT/ACK read %#02x, and no write to STAT/ACK acknowledged a cause: the 82557 keeps its interrupt line asserted while a STAT/ACK bit is set, so the kernel runs the handler for ever%s",
		handler, stormLimit, st, raw)
}

// Start implements guest.Workload.
func (w *workload) Start(c *sim.CPU) {
	if w.call == nil {
		w.fail(sim.ClassInternal, "eth: the driver cannot be called by operation")
		return
	}
	c.Call(&mainCtx{w: w})
}

// FromGuest implements guest.Workload: pings on their way to the peer.
func (w *workload) FromGuest(frame []byte) {}

// FromPeer records a frame the wire delivers to the device.
func (w *workload) FromPeer(frame []byte) { w.wire = append(w.wire, bytes.Clone(frame)) }

// kernelCall is a callback of the driver, reported by the runtime.
func (w *workload) kernelCall(c *sim.CPU, n, a, b uint64) {
	switch n {
	case kcCmd:
		w.command(c, uint16(a), uint16(b))
	case kcRx:
		w.received(c, uint16(a>>32), b, int(uint16(a)))
	}
}

// command is the command callback oracle. Its messages name the driver
// line that called the callback.
func (w *workload) command(c *sim.CPU, id, status uint16) {
	at := w.env.M.At(w.env.M.Site())
	switch {
	case id == 0:
		w.fail(ClassCallback, "the command callback got id 0%s (cpu%d): id 0 marks kernel-internal commands, which are never reported", at, c.ID)
	case w.done[id]:
		w.fail(sim.ClassDuplicate, "the command callback reported id %d twice%s", id, at)
	case !w.issued[id]:
		w.fail(ClassCallback, "the command callback reported id %d%s, which no call issued", id, at)
	case status != ethSuccess:
		w.fail(ClassCallback, "the command callback reported id %d%s with status %d, want ETH_SUCCESS: the device completed it OK", id, at, status)
	}
	delete(w.issued, id)
	w.done[id] = true
}

// received is the receive callback oracle, then the kernel's network code.
func (w *workload) received(c *sim.CPU, status uint16, data uint64, n int) {
	at := w.env.M.At(w.env.M.Site())
	frame := make([]byte, n)
	if err := w.env.M.Mem.Read(data, frame); err != nil {
		w.fail(sim.ClassDMAFault, "the rx callback got data at %#x (%d bytes)%s outside memory", data, n, at)
		return
	}
	if status != ethSuccess {
		w.fail(ClassCallback, "the rx callback got status %d for a %d-byte frame%s the device received OK", status, n, at)
		return
	}
	i := 0
	for i < len(w.wire) && !stack.SamePadded(w.wire[i], frame) {
		i++
	}
	if i == len(w.wire) {
		w.fail(sim.ClassCorrupt, "the rx callback handed up %d bytes%s that are not a frame the device received since the last one (a duplicate, or corrupt): % x",
			n, at, frame[:min(n, 32)])
		return
	}
	if i > 0 && !w.env.K.Dev.Overran() && !w.env.Lossy() {
		w.fail(sim.ClassLostPacket, "the rx callback handed up a %d-byte frame%s, but the %d frame(s) the device received before it never came up, and the device dropped none for lack of resources: the driver lost them (an RFD reused before its frame was handed up)", n, at, i)
	}
	w.skipped += i
	w.wire = w.wire[i+1:]
	w.rxFrames++
	w.netRx(frame)
}

// netRx is the kernel's network code: ARP requests answered, echoes counted.
func (w *workload) netRx(frame []byte) {
	a := w.env.Net.NetRx(frame)
	switch a.Verdict {
	case stack.RxReply:
		w.replies = append(w.replies, a.Reply)
		if !w.replying {
			w.replying = true
			w.spawn(&replyCtx{w: w})
		}
	case stack.RxDrop:
		if w.gwWait && stack.IsGatewayReply(frame) {
			w.gwWait, w.gwKnown, w.tries = false, true, 0
			if w.env.Burst != nil {
				w.env.Burst(rxBurst) // more frames at once than a ring of RFDs holds
			}
			w.sendNext(nil)
		}
	case stack.RxDeliver:
		proc, seq, ok := stack.DecodePing(a.UDP.Payload)
		if !ok || proc != pingProc || int(seq) >= len(w.echoed) {
			return
		}
		w.echoed[seq] = true
		if w.waiting && int(seq) == w.next-1 {
			w.waiting, w.tries = false, 0
			w.sendNext(nil)
		}
	}
}

// sendNext sends the next ping, on c or (nil) on a CPU that is idle.
func (w *workload) sendNext(c *sim.CPU) {
	if w.next == len(w.echoed) {
		w.spawn(&burstCtx{w: w})
		return
	}
	ctx := &pingCtx{w: w, seq: uint32(w.next), id: firstPingID + uint16(w.next)}
	w.next++
	w.waiting = true
	if c != nil {
		c.Call(ctx)
		return
	}
	w.spawn(ctx)
}

// spawn starts ctx on the first idle CPU (taking turns), as soon as one is.
func (w *workload) spawn(ctx sim.Context) {
	spawner{w, ctx}.Fire(w.env.M)
}

// spawner is a timer that starts a context once a CPU is idle.
type spawner struct {
	w   *workload
	ctx sim.Context
}

func (s spawner) Fire(m *sim.Machine) {
	n := len(m.CPUs)
	for i := range n {
		c := m.CPUs[(s.w.spawns+i)%n]
		if c.Idle() {
			s.w.spawns++
			c.Call(s.ctx)
			return
		}
	}
	m.Clock.After(sim.Microsecond, s)
}

// HeldPages are the heap pages the kernel holds (the harness's leak check
// allows them): all of them, the workload's transmit buffers, which the
// real guest keeps static. An eth driver has no allocator, so it cannot
// leak pages.
func (w *workload) HeldPages() int { return w.svc.buffers }

// Quiesce implements guest.Workload: the device's own stall check, then
// every command completed and every ping echoed (after the retries a lossy
// receive path allows).
func (w *workload) Quiesce(m *sim.Machine) {
	if sc, ok := w.env.K.Dev.(nic.StallChecker); ok {
		sc.CheckStall() // fails the run with the device's finding, if any
	}
	var missing []string
	for id := range w.issued {
		missing = append(missing, fmt.Sprintf("command id %d never reported", id))
	}
	if w.gwWait && w.tries < retries {
		// The request or the reply was lost: ask again (id 0).
		w.tries++
		w.spawn(&frameCtx{w: w, frame: stack.GatewayRequest()})
		return
	}
	if w.waiting && w.tries < retries {
		// The ping, its echo or an ARP exchange before it was lost: send
		// it again, as a kernel-internal command.
		w.tries++
		w.spawn(&pingCtx{w: w, seq: uint32(w.next - 1)})
		return
	}
	if w.gwWait {
		missing = append(missing, fmt.Sprintf("the gateway's ARP reply never came up, after %d requests", w.tries+1))
	}
	if w.svc.isr == 0 {
		other := ""
		if len(w.svc.vectors) > 0 {
			other = fmt.Sprintf(" (__install_isr was called for vector %#x: the vector of IRQ n is n + 0x20 through the 8259s)", w.svc.vectors[0])
		}
		missing = append(missing, fmt.Sprintf("no interrupt handler was installed at vector %#x (IRQ %d + 0x20)%s, so the device's interrupt was never delivered", IRQVector, irqLine, other))
	}
	if w.svc.inService {
		missing = append(missing, fmt.Sprintf("IRQ %d is still being serviced by the slave PIC: the interrupt handler returned without an EOI to port %#x, so no interrupt has been delivered since", irqLine, pic2))
	}
	if w.waiting {
		missing = append(missing, fmt.Sprintf("ping seq=%d (id %d) never echoed, after %d retries with id 0 (%d of %d pings echoed)",
			w.next-1, firstPingID+w.next-1, w.tries, w.next-1, len(w.echoed)))
	}
	if len(missing) == 0 {
		return
	}
	if w.env.Lossy() {
		return
	}
	slices.Sort(missing)
	w.fail(sim.ClassLostPacket, "quiescent at t=%s with work undone:\n  %s\n  %s\n  rx callbacks %d, frames skipped %d\n  %s",
		sim.FormatTime(m.Now()), strings.Join(missing, "\n  "), w.env.K.Dev.Summary(), w.rxFrames, w.skipped, w.env.PeerStats())
}

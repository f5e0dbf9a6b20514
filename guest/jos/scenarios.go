package jos

import (
	"bytes"
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// The lab's graders as scenarios (grade-lab6: testoutput, testinput).
const (
	// ScenarioTestOutput is net/testoutput.c: the test sends the output
	// environment TestPackets NSREQ_OUTPUT pages "Packet 00", "Packet 01",
	// ...; each must reach the wire once, in order.
	ScenarioTestOutput = "testoutput"
	// ScenarioTestInput is net/testinput.c: the test sends an ARP request
	// for 10.0.2.2 through the output environment, then reads every
	// NSREQ_INPUT page the input environment sends it: the gateway's ARP
	// reply, then TestPackets UDP datagrams "Packet NN" the host sends,
	// each once, in order.
	ScenarioTestInput = "testinput"
)

// TestPackets is the packets of both tests (TESTOUTPUT_COUNT, and the
// grader's datagrams to testinput).
const TestPackets = 10

const (
	testDeadline = 200 * sim.Millisecond // no progress for this long: packets lost
	testPort     = 7                     // the guest's port the grader's datagrams go to
	hostPort     = 52000
)

// envWorkload runs a grader scenario: the attach function, then the
// environments, driven and watched by the test environment (Go).
type envWorkload struct {
	env     guest.WorkloadEnv
	svc     *kernel
	call    guest.Caller
	lay     sim.Layout
	srv     *Server
	calls   *envCalls
	out, in *userEnv

	testRecving bool   // the test is in ipc_recv
	inFrom      ipcMsg // the IPC it received, not read yet
	inSite      string // where the input environment sent it
	wired       int    // "Packet NN" frames on the wire (testoutput)
	read        int    // "Packet NN" datagrams read (testinput)
	gwReply     bool   // the gateway's ARP reply was read (testinput)
	progress    sim.Time
}

func newEnvWorkload(env guest.WorkloadEnv) guest.Workload {
	svc := env.K.Svc.(*kernel)
	call, _ := env.Drv.(guest.Caller)
	w := &envWorkload{env: env, svc: svc, call: call, lay: env.M.Layout(), srv: NewServer(int64(env.M.Now()))}
	w.calls = &envCalls{w: w, envs: map[int]*userEnv{}, net: map[int]NetSyscall{}}
	for _, nc := range labOf(env.Sources) {
		w.calls.net[nc.Num] = nc
	}
	w.out = &userEnv{slot: 1, id: outputEnvID, name: "ns_output", prog: progOutput, maps: map[uint32]uint32{}}
	w.calls.envs[1] = w.out
	if env.Scenario == ScenarioTestInput {
		w.in = &userEnv{slot: 2, id: inputEnvID, name: "ns_input", prog: progInput, maps: map[uint32]uint32{}}
		w.calls.envs[2] = w.in
	}
	svc.env = w.calls
	env.M.SetIRQMasked(true) // the 8259A masks IRQ 11: the environments poll
	return w
}

func (w *envWorkload) fail(class, format string, args ...any) { w.env.M.Fail(class, format, args...) }

// page allocates a page of RAM for an environment or the test (no
// injected allocation failure: JOS's page_alloc of the skeleton).
func (w *envWorkload) page() uint32 {
	return uint32(w.env.M.Heap.AllocExempt())
}

// Start implements guest.Workload.
func (w *envWorkload) Start(c *sim.CPU) { c.Call(&testCtx{w: w}) }

// check fails the run when it cannot run the scenario.
func (w *envWorkload) check() bool {
	switch {
	case w.call == nil:
		w.fail(sim.ClassInternal, "jos: the driver cannot be called by operation")
	case len(w.env.M.CPUs) < 3:
		w.fail(sim.ClassConfig, "scenario %s runs the environments on CPUs 1 and 2: it needs 3 CPUs", w.env.Scenario)
	default:
		return true
	}
	return false
}

// FromGuest implements guest.Workload: testoutput's wire oracle.
func (w *envWorkload) FromGuest(frame []byte) {
	if w.env.Scenario != ScenarioTestOutput {
		return
	}
	if !bytes.HasPrefix(frame, []byte("Packet ")) {
		return
	}
	want := []byte(fmt.Sprintf("Packet %02d", w.wired))
	switch {
	case w.wired >= TestPackets:
		w.fail(sim.ClassDuplicate, "an extra frame %q reached the wire after all %d packets of testoutput: a packet was sent twice", clip(frame), TestPackets)
	case !bytes.HasPrefix(frame, want) || !zeros(frame[len(want):]):
		w.fail(sim.ClassCorrupt, "frame %d on the wire is %q, not %q: testoutput's packets must reach the wire once each, in order (%s)",
			w.wired+1, clip(frame), want, w.env.K.Dev.Summary())
	default:
		w.wired++
		w.progress = w.env.M.Now()
	}
}

// Quiesce implements guest.Workload.
func (w *envWorkload) Quiesce(m *sim.Machine) {}

func clip(b []byte) []byte { return b[:min(len(b), 24)] }

func zeros(b []byte) bool { return !bytes.ContainsFunc(b, func(r rune) bool { return r != 0 }) }

// testCtx is the test environment on CPU 0 (after the kernel attached
// the driver): net/testoutput.c or net/testinput.c at its IPC boundary.
type testCtx struct {
	w    *envWorkload
	pc   int
	sent int // NSREQ_OUTPUT pages sent
	// reading: the test took an NSREQ_INPUT page and reads it when it
	// wakes (hexdump).
	reading bool
	// The timer environment: an NSREQ_TIMER waiting for the core to be in
	// ipc_recv (timerDue), the core handling one (timing), and whether it
	// was in ipc_recv before (recving).
	timerDue, timing, recving bool
}

func (x *testCtx) Describe() string { return "jos " + x.w.env.Scenario }
func (x *testCtx) String() string   { return x.Describe() }

const (
	tcAttach = iota
	tcAttached
	tcStart
	tcRun
	tcDone
)

func (x *testCtx) Step(m *sim.Machine, c *sim.CPU) {
	w := x.w
	switch x.pc {
	case tcAttach:
		if !w.check() {
			return
		}
		x.pc = tcAttached
		c.Call(w.call.Call(w.env.K, "attach", opAttach, 0, 0))
	case tcAttached:
		if !w.svc.mapped {
			w.fail(sim.ClassConfig, "the attach function returned %d without mapping the registers with mmio_map_region(reg_base[0], reg_size[0])", c.Ret)
			return
		}
		// The environments start once the device settled (JOS's init
		// runs meanwhile): their polling would only cost steps.
		x.pc = tcStart
		if w.env.Settle > 0 {
			c.Sleep(w.env.Settle)
		}
	case tcStart:
		// The network server's environments start together: the timer's
		// first NSREQ_TIMER is TIMER_INTERVAL from now.
		w.srv = NewServer(int64(m.Now()))
		w.startEnv(w.out)
		if w.in != nil {
			w.startEnv(w.in)
		}
		w.testRecving = w.env.Scenario == ScenarioTestInput
		w.progress = m.Now()
		x.pc = tcRun
	case tcRun:
		if x.serveTimer(m, c) {
			return
		}
		var done bool
		if w.env.Scenario == ScenarioTestOutput {
			done = x.testOutput(m, c)
		} else {
			done = x.testInput(m, c)
		}
		if done {
			for _, e := range w.calls.envs {
				e.destroy = true
			}
			x.pc = tcDone
		}
	case tcDone:
		c.Return(0)
	}
}

// sendOutput sends frame to the output environment as an NSREQ_OUTPUT
// page (lwIP's jif layer, or the test), when it waits in ipc_recv; false
// while it does not (ipc_send retries after a sys_yield).
func (x *testCtx) sendOutput(c *sim.CPU, frame []byte) bool {
	w := x.w
	if !w.out.recving || w.out.inbox != nil {
		return false
	}
	p, err := JifPage(frame)
	if err != nil {
		w.fail(sim.ClassInternal, "jos: %v", err)
		return false
	}
	pa := w.page()
	if pa == 0 {
		w.fail(sim.ClassInternal, "jos: no page for an NSREQ_OUTPUT request")
		return false
	}
	_ = w.env.M.Mem.Write(uint64(pa), p)
	w.out.inbox = &ipcMsg{value: NSReqOutput, from: testEnvID, pa: pa, perm: pteP | pteW | pteU}
	w.env.M.EmitS(c.Source(), kindIPC, fmt.Sprintf("test -> ns_output: NSREQ_OUTPUT %d bytes", len(frame)), uint64(pa), 0, 0)
	return true
}

// testOutput is net/testoutput.c: TestPackets pages, then the wire.
func (x *testCtx) testOutput(m *sim.Machine, c *sim.CPU) bool {
	w := x.w
	if x.sent < TestPackets {
		if x.sendOutput(c, []byte(fmt.Sprintf("Packet %02d", x.sent))) {
			x.sent++
			w.progress = m.Now()
		}
		c.Sleep(w.calls.yieldTime())
		return false
	}
	if w.wired == TestPackets {
		return true
	}
	if m.Now()-w.progress > testDeadline {
		w.fail(sim.ClassLostPacket, "testoutput: %d of the %d packets reached the wire %v after the output environment got the last one (%s)",
			w.wired, TestPackets, sim.FormatTime(m.Now()-w.progress), w.env.K.Dev.Summary())
		return false
	}
	c.Sleep(w.calls.yieldTime())
	return false
}

// testInput is net/testinput.c: the ARP request out, then every
// NSREQ_INPUT page read; the host's datagrams follow the ARP reply.
func (x *testCtx) testInput(m *sim.Machine, c *sim.CPU) bool {
	w := x.w
	if x.sent == 0 {
		if x.sendOutput(c, stack.GatewayRequest()) {
			x.sent++
			w.progress = m.Now()
		}
		c.Sleep(w.calls.yieldTime())
		return false
	}
	if !w.testRecving && !x.reading {
		// An NSREQ_INPUT page came: the test reads it when it runs.
		x.reading = true
		c.Sleep(sim.Time(w.env.M.Intn(sim.StreamWorkload, 400)) * sim.Microsecond)
		return false
	}
	if x.reading {
		x.reading = false
		if !x.readInput(m) {
			return false
		}
		w.testRecving = true
		w.progress = m.Now()
		if w.read == TestPackets {
			return true
		}
	}
	if m.Now()-w.progress > testDeadline {
		what := "the gateway's ARP reply"
		if w.gwReply {
			what = fmt.Sprintf("datagram \"Packet %02d\"", w.read)
		}
		w.fail(sim.ClassLostPacket, "testinput: %s never came up through the input environment (%d of %d datagrams read; %s; %s)",
			what, w.read, TestPackets, w.env.K.Dev.Summary(), w.env.PeerStats())
		return false
	}
	c.Sleep(w.calls.yieldTime())
	return false
}

// readInput reads the NSREQ_INPUT page the test got (hexdump) and checks
// it: the gateway's ARP reply first, then the datagrams in order.
func (x *testCtx) readInput(m *sim.Machine) bool {
	w := x.w
	msg := w.inFrom
	if msg.value != NSReqInput {
		w.fail(sim.ClassCorrupt, "testinput: the input environment sent IPC value %d, not NSREQ_INPUT (%d)", msg.value, NSReqInput)
		return false
	}
	frame, f := w.srv.Read(func(pa uint64) []byte {
		b := make([]byte, PageSize)
		_ = m.Mem.Read(pa, b)
		return b
	}, int64(m.Now()))
	if f != nil {
		w.fail(f.Class, "%s (it sent the page at %s)", f.Msg, w.inSite)
		return false
	}
	if frame == nil {
		w.fail(sim.ClassInternal, "testinput: an NSREQ_INPUT IPC without a page")
		return false
	}
	if !w.gwReply {
		if stack.IsGatewayReply(frame) {
			w.gwReply = true
			w.injectDatagrams()
		}
		return true
	}
	payload, ok := datagram(frame)
	if !ok {
		return true // an ARP request of the host, or another frame: testinput prints it too
	}
	want := []byte(fmt.Sprintf("Packet %02d", w.read))
	if !bytes.Equal(payload, want) {
		w.fail(sim.ClassCorrupt, "testinput read datagram %q where %q was next: the host's datagrams must come up once each, in order (%s)",
			clip(payload), want, w.env.K.Dev.Summary())
		return false
	}
	w.read++
	return true
}

// injectDatagrams has the host send testinput's datagrams (the grader's
// nc -u through QEMU's port forwarding), a few microseconds apart.
func (w *envWorkload) injectDatagrams() {
	var at sim.Time
	for i := 0; i < TestPackets; i++ {
		f, err := stack.EncodeUDP(stack.UDPHeader{SrcMAC: stack.GatewayMAC, DstMAC: stack.GuestMAC,
			SrcIP: stack.GatewayIP, DstIP: stack.GuestIP, SrcPort: hostPort, DstPort: testPort, TTL: 64},
			[]byte(fmt.Sprintf("Packet %02d", i)))
		if err != nil {
			w.fail(sim.ClassInternal, "jos: %v", err)
			return
		}
		at += sim.Time(w.env.M.Intn(sim.StreamWorkload, 200)) * sim.Microsecond
		w.env.Inject(f, at)
	}
}

// datagram returns the UDP payload of an IPv4 frame to testPort.
func datagram(f []byte) ([]byte, bool) {
	if len(f) < 42 || f[12] != 0x08 || f[13] != 0x00 || f[23] != 17 {
		return nil, false
	}
	ihl := int(f[14]&0x0f) * 4
	u := 14 + ihl
	if len(f) < u+8 || int(f[u+2])<<8|int(f[u+3]) != testPort {
		return nil, false
	}
	n := int(f[u+4])<<8 | int(f[u+5])
	if n < 8 || u+n > len(f) {
		return nil, false
	}
	return f[u+8 : u+n], true
}

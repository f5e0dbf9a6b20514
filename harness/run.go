package harness

import (
	"fmt"
	"sync"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// Result is what one run produced.
type Result struct {
	Verdict     *sim.Verdict
	Seed        uint64
	Strategy    string
	Personality string
	TraceHash   uint64
	Steps       uint64
	Events      uint64
	VirtualTime sim.Time
	Decisions   []sim.Decision
	Diverged    int      // first replayed decision that did not fit, or -1
	Last        []string // the last events, formatted
	Machine     *sim.Machine
	Frames      []Frame // every frame on the wire, with Options.Capture
	Faults      string  // the swarm of faults of the run ("none")
	// Leak is a leak found alongside a failure of another class (the heap
	// checked when the run stopped), so that a driver with two bugs gets
	// both findings; nil when there is none.
	Leak *sim.Verdict
	// Grade is a grader scenario's subtests as the run scored them (nil
	// for other scenarios).
	Grade []grader.Result
	// Sent is how many frames the driver's transmit function took, for a
	// workload that counts them ([guest.SentCounter]); -1 otherwise.
	Sent int
}

// Frame is a frame on the wire at a virtual time.
type Frame struct {
	T    sim.Time
	Data []byte
}

// Failed reports whether the run found a bug.
func (r *Result) Failed() bool { return !r.Verdict.Pass() }

// Model RAM: 16 MiB, as much as a hosted C driver gets (room for two rings
// of 256 mbufs and a leak of a few thousand pages); the driver's static data
// below HeapBase and every page the last run touched are cleared per run.
const (
	modelRAM      = 16 << 20
	modelHeapBase = sim.RAMBase + 0x20000
)

// modelMem is a model driver's RAM, reused from run to run: the pages the
// last run touched are cleared before the next, so every run starts from
// zeroed RAM whatever ran before it (or whether the pool kept the buffer).
type modelMem struct {
	ram     []byte
	touched sim.Touched
}

var ramPool = sync.Pool{New: func() any { return &modelMem{ram: make([]byte, modelRAM)} }}

// netState is the stack side of a run, reused from run to run: building a
// peer, glue and parser costs more than a whole scenario.
type netState struct {
	peer   *stack.Peer
	nets   map[string]guest.NetStack // by kernel
	parser *stack.Parser
}

var netPool = sync.Pool{New: func() any {
	return &netState{
		peer:   stack.NewPeer(stack.PeerConfig{HoldTimeout: -1}),
		nets:   map[string]guest.NetStack{},
		parser: stack.NewParser(),
	}
}}

// net is the kernel's network code, built on first use.
func (ns *netState) net(k *guest.KernelModel) guest.NetStack {
	n, ok := ns.nets[k.Name]
	if !ok {
		n = k.NewNet()
		ns.nets[k.Name] = n
	}
	return n
}

// Options are per-run knobs outside the scenario config.
type Options struct {
	Tape     *sim.Tape // nil: a seeded tape from Config.Seed
	Record   bool      // record decisions (needed for replay files)
	LastN    int       // events to keep for the report (default 24)
	PcapSink func(t sim.Time, frame []byte)
	Capture  bool // keep every frame on the wire in Result.Frames
	// Observe, if set, is called once the run is wired, before its first
	// step, with what a debugger may watch (it may set Machine.OnStep and
	// Kernel.OnService; neither adds events to the trace).
	Observe func(*Live)
	_       struct{}
}

// Live is a run as a debugger sees it between steps.
type Live struct {
	Machine *sim.Machine
	Device  nic.Device
	Driver  guest.Driver
	Kernel  *guest.Kernel
	Target  Target
	_       struct{}
}

// Run executes one run of cfg against target.
func Run(t Target, cfg *Config, opt Options) (*Result, error) {
	cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rc, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	strat := rc.Strategy.New(rc.expectedSteps())
	tape := opt.Tape
	if tape == nil {
		tape = sim.NewTape(sim.NewSeedSource(cfg.Seed))
	}
	tape.SetRecording(opt.Record)
	sc := sim.Config{NCPU: cfg.CPUs, MaxSteps: cfg.MaxSteps, MaxTime: cfg.MaxTime, Strategy: strat,
		NoLockdep: cfg.Observable, TSO: !rc.Kernel.Arch.WeakMemory() || cfg.Ordered}
	t.Prepare(&sc)
	if sc.RAM == nil {
		mem := ramPool.Get().(*modelMem)
		defer ramPool.Put(mem)
		mem.touched.ClearIn(mem.ram)
		clear(mem.ram[:modelHeapBase-sim.RAMBase]) // the model's static data, touched or not
		sc.RAM, sc.RAMTouched, sc.HeapBase = mem.ram, &mem.touched, modelHeapBase
	}
	m := sim.New(sc, tape)
	m.Trace.KeepAll(cfg.KeepTrace)
	m.Trace.KeepLast(opt.Record || opt.LastN > 0 || cfg.KeepTrace || opt.Tape != nil)
	var frames []Frame
	ns := netPool.Get().(*netState)
	defer netPool.Put(ns)
	w := newWorld(m, t, cfg, rc, sinks(&opt, &frames), ns)
	if opt.Observe != nil {
		opt.Observe(&Live{Machine: m, Device: w.dev, Driver: w.drv, Kernel: w.k, Target: t})
	}
	v := m.Run()
	r := w.result(v, opt)
	r.Frames = frames
	r.Faults = w.faults.String()
	return r, nil
}

func (w *world) result(v *sim.Verdict, opt Options) *Result {
	m := w.m
	n := opt.LastN
	if n == 0 {
		n = 24
	}
	r := &Result{
		Verdict: v, Seed: w.cfg.Seed, Strategy: w.cfg.Strategy, Personality: w.cfg.Personality,
		TraceHash: m.Trace.Hash(), Steps: m.Steps(), Events: m.Trace.Count(), VirtualTime: m.Now(),
		Decisions: m.Tape.Decisions(), Diverged: m.Tape.Diverged(), Machine: m, Sent: -1,
	}
	if sc, ok := w.wl.(guest.SentCounter); ok {
		r.Sent = sc.FramesSent()
	}
	if r.Failed() && leakCheckable(v.Class, w.wl) {
		r.Leak = w.leakAlongside()
	}
	if g, ok := w.wl.(guest.Grading); ok {
		r.Grade = g.Grade(v)
	}
	if (r.Failed() || opt.LastN > 0) && (opt.Record || opt.LastN > 0 || w.cfg.KeepTrace || opt.Tape != nil) {
		for _, e := range m.Trace.Last(n) {
			r.Last = append(r.Last, m.Trace.Format(&e))
		}
	}
	return r
}

// world is one run's wiring.
type world struct {
	m      *sim.Machine
	cfg    *Config
	k      *guest.Kernel
	drv    guest.Driver
	dev    nic.Device
	pers   nic.Personality
	peer   *stack.Peer
	glue   guest.NetStack
	parser *stack.Parser
	wire   *wire
	wl     guest.Workload // the kernel's workload
	faults Faults
	// burstAt is when the swarm's broadcast burst starts, after the workload.
	burstAt sim.Time
	// settle is how long the workload waits after init for the device
	// ([nic.Model.Settle]).
	settle sim.Time
}

func newWorld(m *sim.Machine, t Target, cfg *Config, rc *Resolved, sink func(sim.Time, []byte), ns *netState) *world {
	w := &world{m: m, cfg: cfg, parser: ns.parser}
	w.glue = ns.net(rc.Kernel)
	w.glue.Reset()
	ns.peer.Recycle()
	w.peer = ns.peer
	w.wire = newWire(w)
	w.faults.model = rc.Device
	if cfg.Swarm {
		w.faults = drawFaults(m, rc.Device)
	}
	var watch guest.DMAWatcher
	env := nic.Env{M: m, Wire: w.wire, DMAVisible: func(addr, n uint64) {
		if watch != nil {
			watch.DMAVisible(addr, n)
		}
	}}
	var sn *sniffer
	if sink != nil {
		sn = &sniffer{m: m, sink: sink, out: w.wire}
		env.Wire = sn
	}
	if rc.Device.Settle != nil {
		w.settle = rc.Device.Settle(rc.Personality)
	}
	w.dev = rc.Device.New(env, nic.Config{Personality: rc.Personality, NoOracles: cfg.Observable, Faults: w.faults.Device,
		DriverResets: rc.Kernel.DriverResets})
	w.pers = rc.Personality
	w.wire.port = w.dev
	if sn != nil {
		sn.in, w.wire.port = w.dev, sn
	}
	w.k = &guest.Kernel{M: m, Dev: w.dev, Model: rc.Device}
	w.k.Svc = rc.Kernel.NewServices(w.k)
	w.drv = t.Driver(m, cfg)
	watch, _ = w.drv.(guest.DMAWatcher)
	m.IntrHandler = func(c *sim.CPU) sim.Context { return w.drv.Intr(w.k) }
	w.applyFaults(w.faults)
	w.peer.SetServer(nil)
	w.startWorkload(t, rc)
	return w
}

// startWorkload builds the kernel's workload for the scenario and starts it
// on CPU 0.
func (w *world) startWorkload(t Target, rc *Resolved) {
	env := guest.WorkloadEnv{M: w.m, K: w.k, Drv: w.drv, Net: w.glue, Scenario: w.cfg.Scenario, Settle: w.settle,
		Packets: w.cfg.Packets, Payload: w.cfg.PayloadSize, Procs: w.cfg.Procs, Lossy: w.lossy, Overran: w.overran,
		Parser: w.parser, ArmFaults: w.armWorkloadFaults, CheckLeak: w.checkLeak, Burst: w.burst, Inject: w.wire.send,
		Observable: w.cfg.Observable,
		PeerStats: func() string {
			st := w.peer.Stats()
			return fmt.Sprintf("peer: %d ARP requests sent, %d ARP replies received, %d echoes sent",
				st.ARPRequestsSent, st.ARPRepliesIn, st.EchoesSent)
		}}
	if s, ok := t.(interface{ Sources() [][]byte }); ok {
		env.Sources = s.Sources()
	}
	w.wl = rc.Kernel.NewWorkload(env)
	if h, ok := w.wl.(guest.HostRole); ok {
		w.peer.SetServer(h.HostServer())
	}
	w.m.OnQuiesce = w.wl.Quiesce
	w.wl.Start(w.m.CPUs[0])
}

// fromGuest sees a frame the device put on the wire.
func (w *world) fromGuest(frame []byte) { w.wl.FromGuest(frame) }

// fromPeer sees a frame the wire delivers to the device.
func (w *world) fromPeer(frame []byte) {
	if p, ok := w.wl.(interface{ FromPeer([]byte) }); ok {
		p.FromPeer(frame)
	}
}

func (w *world) fail(class, format string, args ...any) {
	w.m.Fail(class, format, args...)
}

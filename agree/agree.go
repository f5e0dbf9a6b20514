package agree

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/oracle"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// Agreement: the same driver, run in simulation (qemu personality) and on the
// real guest build under QEMU, should reach the same verdict and put the same
// datagrams on the wire. This file maps a scenario harness.Config to a QEMU run, maps
// both sides' verdicts to one vocabulary, compares the transmitted UDP payloads
// (ignoring timing), and runs the comparison over the reference drivers and the
// zoo mutants QEMU can show.

// QEMURunConfig maps a scenario to a run of the bare guest under QEMU. The
// guest has one hart and one sending process: it sends all c.Packets
// datagrams of c.PayloadSize bytes as process 0 (CPUs, Procs and Ring do not
// apply). The Go model drivers have no C source and cannot run under QEMU.
func QEMURunConfig(c *harness.Config) (qemu.RunConfig, error) {
	var rc qemu.RunConfig
	res, err := c.Resolve()
	if err != nil {
		return rc, err
	}
	switch {
	case res.Driver.Kind == guest.DriverModel:
		return rc, fmt.Errorf("driver %s is the Go model: only C drivers (ref:, zoo: or a file) run under QEMU", c.Driver)
	case c.Bug != "":
		return rc, fmt.Errorf("--bug plants bugs in the Go model driver only; QEMU runs C drivers")
	case c.Scenario != "" && !slices.Contains(res.Kernel.Scenarios, c.Scenario):
		return rc, fmt.Errorf("unknown scenario %q (known: %s)", c.Scenario, strings.Join(res.Kernel.Scenarios, ", "))
	case c.Packets < 0 || c.Packets > 100000:
		return rc, fmt.Errorf("packets=%d out of range 0..100000 for a QEMU run", c.Packets)
	case c.PayloadSize != 0 && (c.PayloadSize < stack.PingHeaderLen || c.PayloadSize > 1472):
		return rc, fmt.Errorf("payload=%d out of range %d..1472 for a QEMU run", c.PayloadSize, stack.PingHeaderLen)
	}
	abi := res.Kernel.Name
	if !slices.Contains(qemu.Kernels(), abi) {
		return rc, fmt.Errorf("kernel %s has no real guest build (known: %v)", abi, qemu.Kernels())
	}
	if res.Driver.Bundled() {
		rc.Build = qemu.BuildConfig{DriverName: c.Driver, ABI: abi}
	} else {
		src, err := os.ReadFile(c.Driver)
		if err != nil {
			return rc, fmt.Errorf("--driver: %w", err)
		}
		rc.Build = qemu.BuildConfig{Driver: src, ABI: abi}
		for _, dir := range c.Includes {
			abs, err := filepath.Abs(dir)
			if err != nil {
				return rc, err
			}
			rc.Build.CFlags = append(rc.Build.CFlags, "-I", abs)
		}
	}
	rc.Scenario = qemu.Scenario{Pings: c.Packets, Size: c.PayloadSize}
	return rc, nil
}

// The common verdict vocabulary of simulation and QEMU.
const (
	CommonPass       = "pass"
	CommonAcquire    = "panic:acquire" // sim lock-reentry; the guest's "panic: acquire"
	CommonRelease    = "panic:release" // sim lock-release; the guest's "panic: release"
	CommonKfree      = "panic:kfree"   // sim double-free/bad-free; the guest's kfree panics
	CommonFault      = "panic:fault"   // sim crash; a trap in the guest ("panic: store page fault (mcause=...)")
	CommonHang       = "hang"          // the console would be dead: a hart stuck with interrupts off
	CommonLostPacket = "lost-packet"   // the guest is alive but datagrams or echoes are missing
	CommonDuplicate  = "duplicate-packet"
	CommonCorrupt    = "corrupt-frame"
)

// CommonSim maps a simulation verdict (class and message) to the common
// vocabulary. Classes QEMU has no oracle for (ring-ownership, leak,
// dma-fault, ...) become "sim-only:<class>".
//
// A livelock ("no progress within the budget") is a hang when a CPU is stuck
// inside the driver (an interrupt handler that never returns, an init that
// never finishes), where a one-hart guest's console dies with it, and
// lost-packet otherwise: the sender keeps being refused or nothing arrives,
// but the guest is alive and answers QEMU's liveness probe. From the message
// alone that is a guess (a CPU caught inside a handler during an interrupt
// storm looks stuck); [CommonSimRun] decides from the machine's state and
// trace instead.
func CommonSim(class, msg string) string {
	switch class {
	case "", sim.ClassPass:
		return CommonPass
	case sim.ClassLockReentry:
		return CommonAcquire
	case sim.ClassLockRelease:
		return CommonRelease
	case sim.ClassDoubleFree, sim.ClassBadFree:
		return CommonKfree
	case sim.ClassCrash:
		return CommonFault
	case sim.ClassDeadlock:
		return CommonHang
	case sim.ClassLivelock:
		if stuckInMessage(msg) || strings.HasPrefix(msg, stormPrefix) {
			return CommonHang
		}
		return CommonLostPacket
	case sim.ClassLostPacket:
		return CommonLostPacket
	case sim.ClassDuplicate:
		return CommonDuplicate
	case sim.ClassCorrupt:
		return CommonCorrupt
	case sim.ClassPanic:
		return panicWord(msg)
	case "bad-callback":
		return CommonCallback
	}
	return "sim-only:" + class
}

// stuckInMessage reads a livelock message's CPU lines ("cpu0: e1000_reset <-
// e1000_init <- main"): a CPU in an interrupt handler, or one whose outermost
// context is still main (the boot context: init never returned), is stuck
// inside the driver.
func stuckInMessage(msg string) bool {
	for _, line := range strings.Split(msg, "\n") {
		line = strings.TrimSpace(line)
		if strings.Contains(line, "(interrupt)") || (strings.HasPrefix(line, "cpu") && outermost(line) == "main") {
			return true
		}
	}
	return false
}

// CommonSimRun maps a simulated run's verdict to the common vocabulary,
// telling the two kinds of livelock apart from the machine at the end of the
// run (see [StuckCPU]): a CPU stuck inside the driver leaves a one-hart guest
// with a dead console (hang); a workload that keeps being refused while the
// driver's calls return is a guest whose console still answers
// (lost-packet; the QEMU guest gives up on a datagram the driver keeps
// refusing).
func CommonSimRun(r *harness.Result) string {
	if r.Verdict.Pass() {
		return CommonPass
	}
	if r.Verdict.Class != sim.ClassLivelock || r.Machine == nil {
		return CommonSim(r.Verdict.Class, r.Verdict.Message)
	}
	if StuckCPU(r.Machine) != "" || strings.HasPrefix(r.Verdict.Message, stormPrefix) {
		return CommonHang
	}
	return CommonLostPacket
}

// stormPrefix starts the message of an interrupt storm (the eth workload's:
// a handler entered again and again with a cause it never acknowledges),
// which a real guest shows as a hang in the handler.
const stormPrefix = "interrupt storm:"

// StuckCPU describes a CPU that is stuck inside the driver at the end of a
// run, or returns "". A CPU is stuck when it is
//
//   - in an interrupt handler and completed no trap within the trace window,
//   - still in main (e1000_init never returned: the guest never gets to its
//     console loop), or
//   - in a process calling the driver, with no driver call returning on it
//     within the trace window.
//
// The window is the kept trace (harness.Config.KeepTrace: the newest [sim.KeepMax]
// events) or else the last few events. A driver spinning in a loop that emits
// no events, after earlier calls returned within the window, is missed.
func StuckCPU(m *sim.Machine) string {
	events := m.Trace.All()
	if len(events) == 0 {
		events = m.Trace.Last(64)
	}
	for _, c := range m.CPUs {
		if c.Idle() {
			continue
		}
		desc := c.Describe()
		if outermost(desc) == "main" {
			return desc + " (init never returned)"
		}
		exit := "return"
		if c.InInterrupt() {
			exit = "trap.done"
		}
		returned := false
		for i := range events {
			if events[i].Src == c.Source() && events[i].Kind.Name() == exit {
				returned = true
				break
			}
		}
		if !returned {
			return desc
		}
	}
	return ""
}

// outermost is the outermost context in a CPU description
// ("cpu0: e1000_reset <- e1000_init <- main [sleeping]" gives "main").
func outermost(desc string) string {
	_, chain, _ := strings.Cut(desc, ": ")
	if i := strings.LastIndex(chain, " <- "); i >= 0 {
		chain = chain[i+4:]
	}
	chain, _, _ = strings.Cut(chain, " [")
	chain, _, _ = strings.Cut(chain, " (")
	return strings.TrimSpace(chain)
}

// CommonQEMU maps a QEMU verdict to the common vocabulary.
func CommonQEMU(v qemu.Verdict) string {
	switch v.Class {
	case qemu.Pass:
		return CommonPass
	case qemu.Hang:
		return CommonHang
	case qemu.LostPacket:
		return CommonLostPacket
	case qemu.Panic:
		if strings.Contains(v.Message, "(mcause=") {
			return CommonFault
		}
		return panicWord(v.Message)
	}
	return "qemu:" + string(v.Class)
}

// CommonQEMURun is [CommonQEMU] with the simulation's wire oracles applied to
// the frames the guest sent: the guest's own verdict only says whether the
// echoes came back, so a datagram sent twice or a payload that does not
// decode passes there. As in simulation, where the first oracle to fire
// wins, a wire failure replaces a verdict judged at the end of the run
// (pass, lost-packet, hang), not a panic. The second result says why.
func CommonQEMURun(res *qemu.Result) (string, string) {
	common := CommonQEMU(res.Verdict)
	if res.Verdict.Class == qemu.Panic {
		return common, ""
	}
	if class, why := WireCheck(QEMUPayloads(res.Frames)); class != "" {
		return class, why
	}
	return common, ""
}

// WireCheck applies the simulation's wire oracles to the UDP payloads a guest
// sent, in order: every payload must decode as a ping, and no (process,
// sequence) may be sent twice. Gaps are not judged here (the QEMU guest gives
// up on a datagram the driver keeps refusing, and says so). It returns ""
// when the payloads pass.
func WireCheck(payloads [][]byte) (class, why string) {
	d := oracle.NewDelivery("the guest", oracle.NoDuplicates, 0)
	for i, p := range payloads {
		proc, seq, ok := stack.DecodePing(p)
		if !ok {
			return CommonCorrupt, fmt.Sprintf("datagram %d on the wire is not a ping the guest sent (%d bytes)", i+1, len(p))
		}
		if f := d.Ping(proc, seq); f != nil {
			return CommonSim(f.Class, f.Message), fmt.Sprintf("%s (datagram %d on the wire)", f.Message, i+1)
		}
	}
	return "", ""
}

// panicWord names a "panic: WORD ..." message as "panic:WORD".
func panicWord(msg string) string {
	_, rest, ok := strings.Cut(msg, "panic: ")
	if !ok {
		return "panic:?"
	}
	word := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ':' || r == '(' || r == '\n' })
	if len(word) == 0 {
		return "panic:?"
	}
	return "panic:" + word[0]
}

// SimPayloads returns the UDP payloads the guest transmitted in a simulated
// run captured with harness.Options{Capture: true}, in order (the peer's frames and
// the guest's ARP replies are left out).
func SimPayloads(frames []harness.Frame) [][]byte {
	raw := make([][]byte, len(frames))
	for i, f := range frames {
		raw[i] = f.Data
	}
	return udpFromGuest(raw)
}

// QEMUPayloads returns the UDP payloads among the frames a QEMU guest sent.
func QEMUPayloads(frames [][]byte) [][]byte { return udpFromGuest(frames) }

func udpFromGuest(frames [][]byte) [][]byte {
	p := stack.NewParser()
	var out [][]byte
	for _, data := range frames {
		f := p.Parse(data)
		if f.Kind == stack.KindUDP && f.Src == stack.GuestMAC {
			out = append(out, append([]byte(nil), f.Payload...))
		}
	}
	return out
}

// FrameMatch says how two sequences of transmitted payloads compare.
type FrameMatch string

const (
	FramesSame    FrameMatch = "same"     // identical sequences
	FramesSameSet FrameMatch = "same-set" // the same payloads in another order
	FramesPrefix  FrameMatch = "prefix"   // one side stopped earlier (a failure cut the run short)
	FramesDiffer  FrameMatch = "differ"
)

// CompareFrames compares the payloads two runs transmitted, ignoring timing.
func CompareFrames(a, b [][]byte) FrameMatch {
	n := min(len(a), len(b))
	i := 0
	for i < n && bytes.Equal(a[i], b[i]) {
		i++
	}
	switch {
	case i == len(a) && i == len(b):
		return FramesSame
	case i == n:
		return FramesPrefix
	}
	if len(a) == len(b) {
		count := map[string]int{}
		for k := range a {
			count[string(a[k])]++
			count[string(b[k])]--
		}
		same := true
		for _, v := range count {
			same = same && v == 0
		}
		if same {
			return FramesSameSet
		}
	}
	return FramesDiffer
}

// Options configure [Run]. Zero fields take the defaults.
type Options struct {
	Packets     int           // datagrams per run (default 20)
	PayloadSize int           // UDP payload bytes (default 32)
	CPUs        int           // harts in simulation (default 1, as the QEMU guest)
	Seeds       int           // schedules the simulation explores per driver (default 200)
	Timeout     time.Duration // bound of one QEMU run (default 5 s)
	// Burst makes the QEMU guest send without waiting for each echo: more
	// ring pressure, but the frame order and some verdicts then depend on host
	// timing. The default is lockstep, where every QEMU run of a driver gives
	// the same frames in the same order.
	Burst       bool
	ArtifactDir string // if set, each QEMU run's pcap and console go to a subdirectory
	Logf        func(format string, args ...any)
	// Kernel and FS, if set, make [Grade]'s QEMU side a user's whole kernel
	// (built with the driver graded) instead of nicsim's guest; Port is
	// the NET_TESTS_PORT it was built with.
	Kernel, FS string
	Port       uint16
	_          struct{}
}

func (o Options) withDefaults() Options {
	if o.Packets == 0 {
		o.Packets = 20
	}
	if o.PayloadSize == 0 {
		o.PayloadSize = 32
	}
	if o.CPUs == 0 {
		o.CPUs = 1
	}
	if o.Seeds == 0 {
		o.Seeds = 200
	}
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return o
}

// Row is one driver's comparison.
type Row struct {
	Driver string
	// Expect is the zoo metadata's verdict class and QEMUVisible its qemu
	// tag ("" for a reference driver).
	Expect, QEMUVisible string

	SimClass, SimMessage string
	SimCommon            string
	SimSchedules         int           // schedules explored until the verdict
	SimWall              time.Duration // wall time of all schedules explored
	SimRunWall           time.Duration // wall time of the compared run alone
	SimPayloads          int

	QEMUVerdict  qemu.Verdict
	QEMUCommon   string
	QEMUWire     string        // why the wire oracles overrode QEMU's verdict, if they did
	QEMUWall     time.Duration // QEMU run, build excluded
	QEMUPayloads int
	Console      string // the guest's console
	PcapPath     string

	SameVerdict bool
	Frames      FrameMatch

	simPayloads [][]byte
}

// Consistent reports whether the verdicts are the same, or the simulation's
// verdict comes from an oracle QEMU does not have (ring ownership, DMA
// checks, leaks, the guest's buffers; see [QEMUBlind]) and QEMU shows a
// failure of its own: the cause caught in simulation, its effect under QEMU.
func (r *Row) Consistent() bool {
	return r.SameVerdict || (QEMUBlind(r.SimCommon) && r.QEMUCommon != CommonPass) ||
		(delivery(r.SimCommon) && delivery(r.QEMUCommon))
}

// delivery reports whether a common verdict is a broken exactly-once
// delivery: a datagram missing or one seen twice. Both sides watch the same
// datagrams, and which violation a side sees first depends on its timing (a
// TDT past the ring's end makes QEMU send the stale lap again, duplicates,
// before the lost datagrams show; the simulation may see the loss first).
func delivery(common string) bool {
	return common == CommonLostPacket || common == CommonDuplicate
}

// QEMUBlind reports whether a common verdict comes from a simulation oracle
// that a QEMU run cannot apply as such: the "sim-only:" classes, and
// duplicate-packet and corrupt-frame, which the simulation also raises for
// the guest's own buffers where QEMU only sees the wire.
func QEMUBlind(common string) bool {
	return strings.HasPrefix(common, "sim-only:") || common == CommonDuplicate || common == CommonCorrupt
}

// Agrees reports whether the row agrees: consistent verdicts ([Row.Consistent])
// and, when both sides pass, the same datagrams in the same order. The frames
// of failing runs are reported ([Row.Frames]) but not judged: a failure
// stops each side at its own point, and how a broken driver garbles the wire
// depends on details of the device model.
func (r *Row) Agrees() bool {
	if !r.Consistent() {
		return false
	}
	return r.SimCommon != CommonPass || r.Frames == FramesSame
}

// FramesAgree reports whether the frames are the same, or, for a failing
// row, one side's a prefix of the other's.
func (r *Row) FramesAgree() bool {
	return r.Frames == FramesSame || (r.SimCommon != CommonPass && r.Frames == FramesPrefix)
}

// Drivers returns the drivers the agreement runs on: the reference
// drivers, then every zoo mutant whose metadata says QEMU shows it
// (qemu: yes) and whose kernel has a real guest.
func Drivers() ([]string, error) {
	zoo, err := harness.ZooMutants()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, k := range qemu.Kernels() {
		out = append(out, guest.DriverName{Kind: guest.DriverRef, Kernel: k}.String())
	}
	for _, k := range guest.Kernels() {
		if k.RealGuest != nil && k.Hosted != nil && k.Hosted.Bundled != nil {
			out = append(out, guest.DriverName{Kind: guest.DriverRef, Kernel: k.Name}.String())
		}
	}
	for _, m := range zoo {
		if m.QEMU == "yes" && hasRealGuest(m.ABI) && realGuestBuilds(m.ABI, m.Name) {
			out = append(out, m.Name)
		}
	}
	return out, nil
}

// hasRealGuest reports whether the kernel called name runs under QEMU:
// it registers a real guest, or guest/qemu's builds its drivers.
func hasRealGuest(name string) bool {
	k, err := guest.LookupKernel(name)
	return err == nil && (k.RealGuest != nil || slices.Contains(qemu.Kernels(), name))
}

// realGuestBuilds reports whether the real guest of kernel can build the
// bundled driver called name: a kernel's own real guest builds its whole
// zoo; guest/qemu's bare guest builds the driver file's mutants, not those
// of a 2024 net.c (a whole kernel shows those: nicsim qemu --kernel).
func realGuestBuilds(kernel, name string) bool {
	k, err := guest.LookupKernel(kernel)
	if err != nil {
		return false
	}
	return k.RealGuest != nil || qemu.Builds(name)
}

// ErrNoQEMU wraps the reason QEMU runs are impossible on this machine.
var ErrNoQEMU = errors.New("QEMU tools missing")

// Agree runs each driver in simulation and under QEMU and returns a row per
// driver, in order. Everything runs one after the other: QEMU's verdicts rest
// on wall-clock quiet periods, and a simulation running alongside was seen to
// turn a slow boot into a false hang and lockstep into bursts; C drivers in
// simulation are loaded at fixed addresses anyway. The guests are built
// first, two at a time. done, if set, is called after each row. An error
// means a run could not be made.
func Run(ctx context.Context, drivers []string, opt Options, done func(*Row)) ([]*Row, error) {
	if err := qemu.Available(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoQEMU, err)
	}
	opt = opt.withDefaults()
	meta := map[string]csrc.Mutant{}
	if zoo, err := harness.ZooMutants(); err == nil {
		for _, m := range zoo {
			meta[m.Name] = m
		}
	}
	jobs := make([]agreeJob, len(drivers))
	for i, d := range drivers {
		j := &jobs[i]
		j.opt = opt
		if m, ok := meta[d]; ok {
			// A mutant may need scenario knobs to express its bug; the ones that
			// mean the same on both sides apply.
			if n, err := strconv.Atoi(m.Param("packets")); err == nil {
				j.opt.Packets = n
			}
			if n, err := strconv.Atoi(m.Param("payload")); err == nil {
				j.opt.PayloadSize = n
			}
		}
		var err error
		if j.cfg, j.rc, err = agreeConfig(d, j.opt); err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
		if err := j.realJob(); err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
		j.row = &Row{Driver: d}
		if m, ok := meta[d]; ok {
			j.row.Expect, j.row.QEMUVisible = m.Verdict, m.QEMU
		}
	}
	if err := buildAll(jobs); err != nil {
		return nil, err
	}
	var rows []*Row
	for i := range jobs {
		j := &jobs[i]
		if err := ctx.Err(); err != nil {
			return rows, err
		}
		if err := agreeSim(j.row, &j.cfg, j.opt); err != nil {
			return rows, fmt.Errorf("%s: %w", j.row.Driver, err)
		}
		if err := agreeQEMU(ctx, j); err != nil {
			return rows, fmt.Errorf("%s: %w", j.row.Driver, err)
		}
		j.row.finish(j.qemuPayloads)
		opt.Logf("[agree] %s: sim %s (%s), qemu %s (%v)", j.row.Driver, j.row.SimCommon, j.row.SimClass,
			j.row.QEMUCommon, j.row.QEMUWall)
		rows = append(rows, j.row)
		if done != nil {
			done(j.row)
		}
	}
	return rows, nil
}

// agreeJob is one driver of an agreement.
type agreeJob struct {
	opt          Options
	cfg          harness.Config
	rc           qemu.RunConfig
	row          *Row
	qemuPayloads [][]byte
	// real is the kernel's own real guest (nil: guest/qemu's xv6 guest),
	// and files the driver it builds.
	real  guest.RealGuest
	files map[string][]byte
}

// agreeConfig is the scenario of one driver on both sides.
func agreeConfig(driver string, opt Options) (harness.Config, qemu.RunConfig, error) {
	c := harness.Config{Driver: driver, Personality: "qemu", Observable: true, Packets: opt.Packets, PayloadSize: opt.PayloadSize,
		CPUs: opt.CPUs, Procs: 1, Seed: 1}
	c.Defaults()
	if err := c.Validate(); err != nil {
		return c, qemu.RunConfig{}, err
	}
	if res, err := c.Resolve(); err == nil && res.Kernel.RealGuest != nil {
		return c, qemu.RunConfig{}, nil // the kernel's real guest runs it (see realJob)
	}
	rc, err := QEMURunConfig(&c)
	if err != nil {
		return c, rc, err
	}
	rc.Timeout = opt.Timeout
	rc.Scenario.Lockstep = !opt.Burst
	if opt.ArtifactDir != "" {
		rc.ArtifactDir = filepath.Join(opt.ArtifactDir, strings.NewReplacer(":", "-", "/", "-").Replace(driver))
	}
	return c, rc, nil
}

// buildAll builds every job's guest, two at a time (a cached build costs
// nothing).
func buildAll(jobs []agreeJob) error {
	sem := make(chan struct{}, 2)
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if jobs[i].real == nil { // a real guest of a kernel builds as it runs
				jobs[i].rc.ELF, errs[i] = qemu.Build(jobs[i].rc.Build)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("%s: %w", jobs[i].row.Driver, err)
		}
	}
	return nil
}

// agreeQEMU runs a job's QEMU side.
func agreeQEMU(ctx context.Context, j *agreeJob) error {
	if j.real != nil {
		return j.runReal(ctx)
	}
	res, err := qemu.Run(ctx, j.rc)
	if err != nil {
		return err
	}
	r := j.row
	j.qemuPayloads = QEMUPayloads(res.Frames)
	r.QEMUVerdict, r.QEMUWall = res.Verdict, res.Wall
	r.QEMUCommon, r.QEMUWire = CommonQEMURun(res)
	r.QEMUPayloads, r.Console, r.PcapPath = len(j.qemuPayloads), res.Console, res.PcapPath
	return nil
}

// finish compares the two sides once both are in.
func (r *Row) finish(qemuPayloads [][]byte) {
	r.SameVerdict = r.SimCommon == r.QEMUCommon
	r.Frames = CompareFrames(r.simPayloads, qemuPayloads)
}

// agreeSim explores schedules in simulation, one after the other (C drivers
// run one at a time anyway), until the first failure or opt.Seeds schedules.
// Every run keeps its trace and frames; the compared run is the failing one,
// or the first. The failing run is not shrunk: it keeps the scenario QEMU
// runs.
func agreeSim(row *Row, c *harness.Config, opt Options) error {
	start := time.Now()
	var pick *harness.Result
	err := schedules(c, opt.Seeds, func(i int, sc *harness.Config) bool {
		sc.KeepTrace = true // CommonSimRun reads it to tell a stuck handler from an interrupt storm
		return false
	}, func(i int, r *harness.Result, wall time.Duration) bool {
		row.SimSchedules = i + 1
		if pick == nil || r.Failed() {
			// Judged now: the run's machine lives as long as the target.
			pick, row.SimRunWall = r, wall
			row.SimCommon = CommonSimRun(pick)
			row.simPayloads = SimPayloads(pick.Frames)
		}
		return r.Failed()
	})
	if err != nil {
		return err
	}
	row.SimWall = time.Since(start)
	if pick.Failed() {
		row.SimClass, row.SimMessage = pick.Verdict.Class, pick.Verdict.Message
	} else {
		row.SimClass = sim.ClassPass
	}
	row.SimPayloads = len(row.simPayloads)
	return nil
}

// schedules runs up to seeds schedules of c in simulation, one after the
// other, with the qemu personality and no injected faults (QEMU's run has
// none): prep may adjust each schedule's configuration, and done sees each
// result and its wall time; either returning true stops. A result's
// machine is only valid inside done (the target closes after).
func schedules(c *harness.Config, seeds int, prep func(int, *harness.Config) bool,
	done func(int, *harness.Result, time.Duration) bool) error {
	t, err := harness.Open(c)
	if err != nil {
		return err
	}
	defer t.Close()
	h := harness.Hunt{Base: *c, Seeds: seeds, Personality: "qemu", Faults: "none"}
	if err := h.Validate(); err != nil {
		return err
	}
	for i := 0; i < seeds; i++ {
		sc := h.SeedConfig(i)
		if prep != nil && prep(i, &sc) {
			return nil
		}
		start := time.Now()
		r, err := harness.Run(t, &sc, harness.Options{Capture: true})
		if err != nil {
			return err
		}
		if done(i, r, time.Since(start)) {
			return nil
		}
	}
	return nil
}

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/nicsim/nicsim/debugger"
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/nic"
	rep "github.com/nicsim/nicsim/report"
	"github.com/nicsim/nicsim/stack"
)

// stringList is a repeatable flag (-I DIR).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// driverFlag is --driver: the first use names the driver, each further use
// adds a file of the same driver (harness.Config.Files).
type driverFlag struct {
	c   *harness.Config
	set bool
}

func (d *driverFlag) String() string {
	if d.c == nil {
		return ""
	}
	return strings.Join(append([]string{d.c.Driver}, d.c.Files...), ",")
}

func (d *driverFlag) Set(v string) error {
	if !d.set {
		d.c.Driver, d.set = v, true
		return nil
	}
	d.c.Files = append(d.c.Files, v)
	return nil
}

// scenarioFlags are the flags shared by commands that run a scenario.
type scenarioFlags struct {
	cfg      harness.Config
	includes stringList
}

func (f *scenarioFlags) register(fs *flag.FlagSet) {
	c := &f.cfg
	c.Driver = envOr("NICSIM_DRIVER", guest.DefaultDriver(guest.DriverRef))
	fs.Var(&driverFlag{c: c}, "driver", guest.DriverHelp()+"; repeat it for a driver in several files (eth.c, pci.c), or name their folder")
	fs.StringVar(&c.ABI, "abi", "", guest.KernelHelp())
	fs.Var(&f.includes, "I", "use the kernel headers in DIR (repeatable)")
	fs.StringVar(&c.Attach, "attach", "", "the driver's attach function (JOS; default: kern/pci.c's pci_attach_vendor[] row, or the only function taking a struct pci_func *)")
	fs.StringVar(&c.TX, "tx", "", "the driver's transmit function (JOS; default: the only candidate)")
	fs.StringVar(&c.RX, "rx", "", "the driver's receive function (JOS; default: the only candidate)")
	fs.StringVar(&c.Bug, "bug", "", "plant a bug in the Go model driver (see -h for names)")
	fs.StringVar(&c.Scenario, "scenario", "", "scenario: ping, a lab grader's (nettests, nettest) or one of its subtests (nettest/ping3); hunt and bench default to the kernel's grader and ping, other commands to the first the kernel registers")
	fs.IntVar(&c.Packets, "packets", 64, "datagrams the processes send (each is echoed)")
	fs.IntVar(&c.Ring, "ring", 16, "descriptors per ring (the Go model and the bundled ref: and zoo: drivers)")
	fs.IntVar(&c.CPUs, "cpus", 0, "CPUs (harts; default 3, or the kernel's limit)")
	fs.IntVar(&c.Procs, "procs", 0, "sending processes (default: one per CPU)")
	fs.IntVar(&c.PayloadSize, "payload", 32, "UDP payload bytes of each datagram (16..1400)")
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// jsonSummary is the last line of --json output.
type jsonSummary struct {
	Verdict   string  `json:"verdict"`
	Class     string  `json:"class"`
	Seed      uint64  `json:"seed"`
	Schedules int     `json:"schedules"`
	Replay    string  `json:"replay"`
	TraceHash string  `json:"trace_hash"`
	ElapsedS  float64 `json:"elapsed_s"`
	Driver    string  `json:"driver"`
	Strategy  string  `json:"strategy,omitempty"`
	Pers      string  `json:"personality,omitempty"`
	Message   string  `json:"message,omitempty"`
	Preempt   *int    `json:"preemptions,omitempty"`
}

// huntFlags are hunt's own flags besides the scenario.
type huntFlags struct {
	first  uint64
	out    string
	asJSON bool
	failOn string
	worker string
}

// register adds hunt's own flags, which set hf and h.
func (hf *huntFlags) register(fs *flag.FlagSet, h *harness.Hunt) {
	fs.IntVar(&h.Seeds, "seeds", 1000, "schedules to explore (one seed each)")
	fs.Uint64Var(&hf.first, "seed", 1, "first seed")
	fs.StringVar(&h.Strategy, "strategy", "portfolio", "portfolio, random, pct or pct:D")
	fs.StringVar(&h.Personality, "personality", "both", "device personality: qemu, strict or both (alternate)")
	fs.IntVar(&h.Workers, "workers", 0, "parallel workers (default GOMAXPROCS)")
	fs.StringVar(&hf.out, "out", defaultOut, "folder for the replay, trace, pcap and timeline files of each finding")
	fs.BoolVar(&hf.asJSON, "json", false, "end with one JSON object on the last line")
	fs.StringVar(&hf.failOn, "fail-on", "hardware", "exit 1 for a finding at or above this tier: lab, hardware or faults")
	fs.BoolVar(&h.First, "first", false, "stop at the first failure (lowest seed) instead of collecting every distinct bug")
	fs.IntVar(&h.TierBudget, "tier-runs", 24, "runs the tier search spends per tier on each finding")
	fs.IntVar(&h.MaxFindings, "max-findings", 10, "distinct findings to shrink and report (the rest are counted)")
	fs.BoolVar(&h.NoShrink, "no-shrink", false, "report each failing schedule as found, without shrinking it")
	fs.StringVar(&h.Faults, "faults", "swarm", "fault injection: swarm (half the seeds draw a swarm of faults) or none")
	fs.StringVar(&hf.worker, "worker", "", "internal: run as hunt worker W/N (a C driver runs one per process)")
}

// cmdHunt runs huntMain and ends the output with the JSON object when
// --json is on the command line, whatever happened.
func cmdHunt(args []string, stdout, stderr io.Writer) (int, error) {
	sum := newHuntSummary()
	code, err := huntMain(args, stdout, stderr, &sum)
	if err != nil {
		code = exitUsage
		sum.Verdict, sum.Error = "error", err.Error()
	}
	if sum.json && !sum.worker {
		b, _ := json.Marshal(sum)
		fmt.Fprintln(stdout, string(b))
	}
	return code, err
}

// huntMain hunts as the flags say, prints the report and fills sum.
func huntMain(args []string, stdout, stderr io.Writer, sum *huntSummary) (int, error) {
	sum.json = wantsJSON(args)
	fs := flag.NewFlagSet("hunt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf scenarioFlags
	sf.register(fs)
	h := harness.Hunt{}
	var hf huntFlags
	hf.register(fs, &h)
	var sb sandboxFlags
	sb.register(fs)
	if err := fs.Parse(args); err != nil {
		return exitUsage, usagef("%v", err)
	}
	sum.worker = hf.worker != ""
	if fs.NArg() > 0 {
		return exitUsage, usagef("unexpected argument %q", fs.Arg(0))
	}
	failOn, err := diag.ParseTier(hf.failOn)
	if err != nil {
		return exitUsage, usagef("--fail-on: %v", err)
	}
	sf.cfg.Includes = sf.includes
	sf.cfg.Seed = hf.first
	named := sf.cfg.Scenario != ""
	h.Base = sf.cfg
	h.Base.Defaults()
	sum.Driver = h.Base.Driver
	if err := sb.apply(&h); err != nil {
		return exitUsage, err
	}
	if err := h.Validate(); err != nil {
		return exitUsage, usagef("%v", err)
	}
	probe := h.SeedConfig(0)
	if err := probe.Validate(); err != nil {
		return exitUsage, usagef("%v", err)
	}
	t, err := harness.Open(&h.Base)
	if err != nil {
		return exitUsage, usageError{err}
	}
	defer t.Close()
	if hf.worker != "" {
		return huntWorker(&h, t, hf.worker, stdout)
	}
	sum.Driver, sum.ABI, sum.Out = t.Name(), kernelName(&h.Base, t), hf.out
	start := time.Now()
	var runs []scenarioRun
	for _, sc := range huntScenarios(&h.Base, named) {
		hs := h
		hs.Base = forScenario(h.Base, sf.cfg, sc)
		hs.Spawn = spawner(args, sc, h.Base.NoSandbox, stderr)
		d, err := hs.Diagnose(t)
		if err != nil {
			return exitUsage, err
		}
		runs = append(runs, scenarioRun{scenario: sc, d: d})
		sum.Scenarios = append(sum.Scenarios, sc)
	}
	d := mergeDiagnoses(runs, h.MaxFindings)
	hg, err := scoreHunt(t, runs, d)
	if err != nil {
		return exitUsage, err
	}
	elapsed := time.Since(start).Seconds()
	fs2 := findingFiles{dir: hf.out, base: driverBase(t.Name())}
	for _, f := range d.Findings {
		if err := fs2.write(t, f); err != nil {
			return exitUsage, err
		}
	}
	sum.fill(d, fs2.paths, elapsed)
	sum.fillGrade(hg)
	writeHuntReport(stdout, huntHeader{t: t, h: &h, abiFlag: sf.cfg.ABI, elapsed: elapsed, out: hf.out, runs: runs, grade: hg}, d, fs2.paths)
	return huntExit(sum, d, failOn), nil
}

// huntExit sets the summary's verdict and returns the exit status: fail
// (1) for a driver finding at or above failOn; else error (2) when nicsim
// could not run the driver in some schedule (a kernel service it does not
// model), which is no verdict on the driver; else pass (0).
func huntExit(sum *huntSummary, d *harness.Diagnosis, failOn diag.Tier) int {
	sum.Verdict = "pass"
	var own []*harness.Finding
	for _, f := range d.Findings {
		switch {
		case nicsimFault(f):
			own = append(own, f)
		case f.Tier <= failOn:
			sum.Verdict = "fail"
			return exitFail
		}
	}
	if len(own) > 0 {
		sum.Verdict = "error"
		sum.Error = fmt.Sprintf("nicsim could not run the driver in %d finding(s), not a driver bug: %s",
			len(own), firstLine(own[0].Verdict.Message))
		return exitUsage
	}
	return exitOK
}

// defaultOut is the folder hunt writes findings to: one clearly named
// folder in the working directory (Go tests pass their own).
const defaultOut = "nicsim-out"

func params(c *harness.Config) string {
	var b []string
	for _, p := range c.Params() {
		if p[0] == "swarm" {
			continue
		}
		b = append(b, p[0]+"="+p[1])
	}
	return strings.Join(b, " ")
}

// report prints a failure: the verdict, the last events, the replay command.
func report(w io.Writer, c *harness.Config, r *harness.Result, schedules int, path string) {
	if r.Machine == nil {
		reportDeath(w, c, r, schedules, path)
		return
	}
	fmt.Fprintf(w, "[nicsim] seed=%d strategy=%s personality=%s faults=%s found after %d schedules, %d steps, t=%s\n",
		c.Seed, c.Strategy, c.Personality, r.Faults, schedules, r.Steps, fmtT(r.Verdict.T))
	fmt.Fprintf(w, "[nicsim] FAIL %s: %s\n", r.Verdict.Class, indent(r.Verdict.Message))
	if r.Leak != nil {
		fmt.Fprintf(w, "[nicsim] also %s: %s\n", r.Leak.Class, indent(r.Leak.Message))
	}
	fmt.Fprintf(w, "[nicsim] last events (CPUs | NIC and wire | locks held | rings after each):\n")
	tr := r.Machine.Trace
	rows := rep.WithVerdict(rep.Timeline(tr, rep.Events(tr)), r.Verdict)
	rep.WriteText(w, rep.Last(rows, max(len(r.Last), 24)+1), 0)
	if path != "" {
		fmt.Fprintf(w, "[nicsim] trace hash %016x; trace, pcap, .timeline.txt and .html timeline beside the replay file\n", r.TraceHash)
		fmt.Fprintf(w, "[nicsim] replay: nicsim replay %s\n", path)
	}
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n         ") }

// writeFailure writes the replay file, the full trace and the pcap.
func writeFailure(dir, name string, t harness.Target, c *harness.Config, r *harness.Result) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	base := filepath.Join(dir, name)
	if r.Machine == nil {
		return writeDeath(base, t, c, r)
	}
	f := harness.ToFile(t, c, r)
	path := base + ".replay"
	if err := f.Save(path); err != nil {
		return "", err
	}
	if err := writeTrace(base+".trace", r); err != nil {
		return "", err
	}
	if err := writePcap(base+".pcap", r); err != nil {
		return "", err
	}
	if err := writeTimeline(base, t, c, r, path); err != nil {
		return "", err
	}
	return path, nil
}

// writeTimeline writes base.timeline.txt and base.html: the run as a
// two-lane timeline with the locks held and the rings at every event.
func writeTimeline(base string, t harness.Target, c *harness.Config, r *harness.Result, path string) error {
	tr := r.Machine.Trace
	return rep.WriteFiles(base, rep.HTMLInput{Verdict: r.Verdict, Rows: rep.Timeline(tr, rep.Events(tr)),
		CPUs: c.CPUs, Banner: rep.Banner{Driver: t.Name(), ABI: kernelName(c, t), Scenario: c.Scenario,
			Personality: c.Personality, Strategy: c.Strategy, Seed: c.Seed, Params: c.Params(),
			Replay: "nicsim replay " + path}, States: ringStates(t, c, r)})
}

// ringStates replays the run under the debugger to give the HTML timeline
// the device's state after each row (nil if the replay does not reproduce
// the run, which the replay file's own check would then report).
func ringStates(t harness.Target, c *harness.Config, r *harness.Result) func(*rep.Row) *nic.State {
	e, err := debugger.New(t, c, r.Decisions)
	if err != nil || e.TraceHash() != r.TraceHash {
		return nil
	}
	dropped := r.Machine.Trace.Dropped()
	return func(row *rep.Row) *nic.State { return e.StateAfterEvent(dropped + uint64(row.Index)) }
}

// writePcap writes the frames on the wire with their virtual timestamps.
func writePcap(path string, r *harness.Result) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	pw, err := stack.NewPcapWriter(fh)
	if err == nil {
		for _, f := range r.Frames {
			if err = pw.WriteFrame(int64(f.T), f.Data); err != nil {
				break
			}
		}
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeTrace(path string, r *harness.Result) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := r.Machine.Trace.WriteAll(fh); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// spawner re-runs this command as hunt worker w of n of scenario sc from
// seed index from (the last --scenario and --first-index win), sandboxed
// unless off.
func spawner(args []string, sc string, off bool, stderr io.Writer) func(w, n, from int) (*exec.Cmd, error) {
	return func(w, n, from int) (*exec.Cmd, error) {
		exe, err := os.Executable()
		if err != nil {
			return nil, err
		}
		a := append([]string{"hunt"}, args...)
		cmd := exec.Command(exe, append(a, "--scenario", sc, "--worker", fmt.Sprintf("%d/%d", w, n), "--first-index", fmt.Sprint(from))...)
		isolate(cmd, off, stderr)
		return cmd, nil
	}
}

// huntWorker is the worker side of a multi-process hunt.
func huntWorker(h *harness.Hunt, t harness.Target, spec string, stdout io.Writer) (int, error) {
	var w, n int
	if _, err := fmt.Sscanf(spec, "%d/%d", &w, &n); err != nil || n < 1 || w < 0 || w >= n {
		return exitUsage, usagef("--worker %q: want W/N with 0 <= W < N", spec)
	}
	if err := lockdownWorker(t, h.Base.NoSandbox); err != nil {
		return exitUsage, err
	}
	if err := h.RunWorker(t, w, n, stdout); err != nil {
		return exitUsage, err
	}
	return exitOK, nil
}

// deviceName is the device model c runs against, for banners.
func deviceName(c *harness.Config) string {
	rc, err := c.Resolve()
	if err != nil {
		return "?"
	}
	return rc.Device.Name
}

// kernelName is the kernel the configuration resolves to (the target's ABI
// when it does not resolve).
func kernelName(c *harness.Config, t harness.Target) string {
	if rc, err := c.Resolve(); err == nil {
		return rc.Kernel.Name
	}
	return t.Kernel().Name
}

// firstLine is s up to its first newline.
func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

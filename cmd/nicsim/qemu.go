package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/nicsim/nicsim/agree"
	"github.com/nicsim/nicsim/nic"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

const qemuHelp = `Usage:
  nicsim qemu [--driver ref:xv6|zoo:ABI/NAME|path/to/e1000.c] [--abi ABI] [-I DIR]
              [--attach NAME] [--tx NAME] [--rx NAME]
              [--scenario ping] [--packets N] [--payload N] [--lockstep] [--out DIR] [--json]
  nicsim qemu --driver D --scenario nettests|nettest [--out DIR] [--json]
  nicsim qemu --kernel path/to/kernel --fs path/to/fs.img [--grade nettests|nettest] [--port N] [--out DIR] [--json]
  nicsim qemu --kernel path/to/kernel --fs path/to/fs.img --cmd CMD... [--out DIR] [--json]

Runs a driver on the real guest build under QEMU (qemu-system-riscv64, -machine virt,
one hart, -icount shift=3,sleep=off, QEMU's own e1000) and judges the run:
pass, panic (the guest printed "panic: ..."; the backtrace is symbolised), lost-packet
(the console answers a liveness probe but echoes are missing) or hang (the console is
dead; every hart's pc is read from the monitor and symbolised).

Bare guest (default): nicsim's small riscv64 kernel linked with the driver file,
unmodified. When the guest prints "nicsim: ready" (after QEMU's one-second receive
blackout, free under icount), nicsim types "ping N SIZE" on its console: one process
sends N UDP datagrams to 10.0.2.2:7; a slirp-like peer ARPs for the guest before its
first echo and echoes every datagram. All datagrams come from one process on one
hart (the simulation's --cpus/--procs/--ring do not apply).

Whole kernel (--kernel, --fs): boots a user's xv6 net-lab kernel with the lab's QEMU
flags (fs.img on virtio-blk, opened with snapshot=on, never written). Console input is
gated on the shell prompt: each --cmd is typed only when the console ends in "$ ", and
the run passes when the prompt returns after the last one. A console line matching
FAIL or failed is lost-packet, "panic: " is panic, a silent console that does not echo
a probe (a space and a DEL) is hang. Old lab trees need a PMP grant in kernel/start.c
and -Wno-infinite-recursion (see guest/qemu/README.md).

A driver of a kernel with its own real guest runs there: an eth driver on the
bare i386 guest (guest/qemu/pc, -device i82557b), a JOS lab 6 kern/e1000.c (--abi
jos, or detected; a lone file, or the lab folder) on the bare i386 JOS guest
(guest/qemu/jospc, -device e1000, linked at 0xF0100000 with JOS's kernel half),
its attach, transmit and receive functions found as the simulation finds them or
named with --attach, --tx, --rx; --packets pings of --payload bytes.

The lab's own grader (--kernel without --cmd, or a grader scenario on the bare
guest): the kernel's lab program runs as make grade runs it, "nettests" (2020-2023)
or "nettest grade" (2024+; --grade picks, by default the kernel's symbols do:
mbufalloc is 2020-2023, ip_rx/sys_recv/sys_bind 2024+), with nicsim's peer in the
host's role: slirp's gateway (it ARPs for the guest before its first reply), the
lab's UDP server on 10.0.2.2:--port (2020-2023: the fixed reply; 2024+: an echo
that takes "txone" and prints "txone: OK"), and slirp's DNS forwarding with a
canned answer (pdos.csail.mit.edu A 128.52.129.126). A failed subtest does not end
the run; a panic, a dead console, or 10 s with no output and no frame (a program
waiting for a reply that never comes: make grade's timeout) does, and what was not
reached fails. The subtests print as make grade scores them, then the score; exit
status 0 when every point is scored, 1 otherwise. --scenario nettests|nettest with
a driver runs the same on nicsim's guest posing as an xv6 shell (its own programs
make the lab programs' traffic and lines).

The wire as QEMU's filter-dump saw it (wire.pcap) and the console (console.txt) are
written to a directory under --out. Tools: guest/qemu/install.sh installs QEMU and the
riscv64 cross compiler. Exit status: 0 pass, 1 the guest failed, 2 bad usage, bad
input, missing tools or a run that could not be made.

Flags:
`

// qemuSummary is the last line of --json output of qemu and replay --qemu.
type qemuSummary struct {
	Verdict        string   `json:"verdict"`        // pass or fail
	Class          string   `json:"class"`          // QEMU's verdict class
	Common         string   `json:"common"`         // in the vocabulary shared with the simulation
	Wire           string   `json:"wire,omitempty"` // a wire oracle that failed although the guest passed
	Driver         string   `json:"driver"`
	Message        string   `json:"message,omitempty"`
	ElapsedS       float64  `json:"elapsed_s"` // wall time of the QEMU run, build excluded
	BootS          float64  `json:"boot_s"`
	Frames         int      `json:"frames"`
	Harts          []string `json:"harts,omitempty"`
	Pcap           string   `json:"pcap,omitempty"`
	Replay         string   `json:"replay,omitempty"`
	Recorded       string   `json:"recorded_class,omitempty"`
	RecordedCommon string   `json:"recorded_common,omitempty"`
	Agree          *bool    `json:"agree,omitempty"`
	SimElapsedS    float64  `json:"sim_elapsed_s,omitempty"`
}

func cmdQEMU(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("qemu", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, qemuHelp)
		fs.PrintDefaults()
	}
	var (
		c                harness.Config
		includes, cmds   stringList
		kernel, fsImg    string
		gradeName        string
		port             uint
		out              string
		asJSON, lockstep bool
		verbose          bool
		timeout          time.Duration
	)
	c.Driver = envOr("NICSIM_DRIVER", guest.DefaultDriver(guest.DriverRef))
	fs.Var(&driverFlag{c: &c}, "driver", guest.DriverHelp()+"; repeat it for a driver in several files, or name their folder")
	fs.StringVar(&c.ABI, "abi", "", guest.KernelHelp())
	fs.StringVar(&c.Attach, "attach", "", "the driver's attach function (JOS; default: kern/pci.c's pci_attach_vendor[] row, or the only function taking a struct pci_func *)")
	fs.StringVar(&c.TX, "tx", "", "the driver's transmit function (JOS; default: the only candidate)")
	fs.StringVar(&c.RX, "rx", "", "the driver's receive function (JOS; default: the only candidate)")
	fs.Var(&includes, "I", "also search DIR for the driver's headers (repeatable)")
	fs.StringVar(&c.Scenario, "scenario", "", "scenario (default: the first the kernel registers)")
	fs.IntVar(&c.Packets, "packets", 64, "datagrams the guest sends (each is echoed)")
	fs.IntVar(&c.PayloadSize, "payload", 32, "UDP payload bytes")
	fs.BoolVar(&lockstep, "lockstep", false, "wait for each echo before the next ping (deterministic frame order)")
	fs.StringVar(&kernel, "kernel", "", "a user's whole kernel ELF (kernel/kernel) instead of the bare guest")
	fs.StringVar(&fsImg, "fs", "", "the file system image for --kernel (fs.img)")
	fs.Var(&cmds, "cmd", "with --kernel: a shell command to type at the prompt (repeatable); without it the lab's program runs, graded")
	fs.StringVar(&gradeName, "grade", "", "with --kernel: the lab's grader, nettests (2020-2023) or nettest (2024+); default from the kernel's symbols")
	fs.UintVar(&port, "port", uint(agree.DefaultServerPort()), "with --kernel: the NET_TESTS_PORT the kernel was built with (the lab's `id -u` % 5000 + 25099)")
	fs.DurationVar(&timeout, "timeout", 0, "bound of the whole run (default 5s; 60s with --kernel --cmd; at least 30s for a lab program, make grade's)")
	fs.StringVar(&out, "out", defaultOut, "folder for the pcap and console of the run")
	fs.BoolVar(&asJSON, "json", false, "end with one JSON summary line")
	fs.BoolVar(&verbose, "v", false, "log every step of the run")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, nil
		}
		return exitUsage, usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return exitUsage, usagef("unexpected argument %q", fs.Arg(0))
	}
	if err := qemu.Available(); err != nil {
		return exitUsage, usagef("cannot run QEMU here: %v", err)
	}
	logf := func(string, ...any) {}
	if verbose {
		logf = func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }
	}
	if kernel != "" || fsImg != "" {
		if kernel == "" || fsImg == "" {
			return exitUsage, usagef("--kernel and --fs go together")
		}
		if len(cmds) == 0 {
			return runKernelLab(kernel, fsImg, gradeName, port, timeout, filepath.Join(out, "qemu-kernel"), asJSON, logf, stdout)
		}
		if gradeName != "" {
			return exitUsage, usagef("--grade runs the lab's program; it does not go with --cmd")
		}
		return runKernel(kernel, fsImg, cmds, timeout, filepath.Join(out, "qemu-kernel"), asJSON, logf, stdout)
	}
	c.Includes = includes
	c.Defaults()
	if g, ok := grader.Lookup(c.Scenario); ok {
		return runGuestLab(&c, g, timeout, filepath.Join(out, "qemu-"+fileSafe(c.Driver)+"-"+c.Scenario), asJSON, logf, stdout)
	}
	if res, err := c.Resolve(); err == nil && res.Kernel.RealGuest != nil {
		return runReal(&c, res.Kernel.Name, res.Kernel.RealGuest, timeout, filepath.Join(out, "qemu-"+fileSafe(c.Driver)+"-"+c.Scenario), asJSON, stdout)
	}
	rc, err := agree.QEMURunConfig(&c)
	if err != nil {
		return exitUsage, usageError{err}
	}
	rc.Scenario.Lockstep = lockstep
	rc.Timeout, rc.Logf = timeout, logf
	rc.ArtifactDir = filepath.Join(out, "qemu-"+fileSafe(c.Driver)+"-"+c.Scenario)
	fmt.Fprintf(stdout, "[nicsim] qemu driver=%s abi=%s scenario=%s packets=%d payload=%d lockstep=%v (one hart, one process)\n",
		c.Driver, rc.Build.ABI, c.Scenario, c.Packets, c.PayloadSize, lockstep)
	res, code, err := runQEMU(rc, stdout)
	if err != nil {
		return code, err
	}
	printQEMU(stdout, res)
	sum := summarize(c.Driver, res)
	if asJSON {
		printJSON(stdout, sum)
	}
	return exitCode(res), nil
}

// runQEMU builds the guest (reporting a cold build) and runs it. A build or
// run that cannot be made is exit status 2.
func runQEMU(rc qemu.RunConfig, stdout io.Writer) (*qemu.Result, int, error) {
	start := time.Now()
	elf, err := qemu.Build(rc.Build)
	if err != nil {
		return nil, exitUsage, usageError{err}
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		fmt.Fprintf(stdout, "[nicsim] built the guest in %.2fs: %s\n", d.Seconds(), elf)
	}
	rc.ELF = elf
	res, err := qemu.Run(context.Background(), rc)
	if err != nil {
		return nil, exitUsage, err
	}
	return res, exitOK, nil
}

func runKernel(kernel, fsImg string, cmds []string, timeout time.Duration, dir string, asJSON bool,
	logf func(string, ...any), stdout io.Writer) (int, error) {
	fmt.Fprintf(stdout, "[nicsim] qemu kernel=%s fs=%s commands=%q (each typed at a \"$ \" prompt)\n", kernel, fsImg, cmds)
	res, err := qemu.RunKernel(context.Background(), qemu.KernelConfig{Kernel: kernel, FS: fsImg, Commands: cmds,
		Timeout: timeout, ArtifactDir: dir, Logf: logf})
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return exitUsage, usageError{err}
		}
		return exitUsage, err
	}
	printQEMU(stdout, res)
	if asJSON {
		printJSON(stdout, summarize(kernel, res))
	}
	return exitCode(res), nil
}

// exitCode is 1 when the guest failed, or passed with frames on the wire
// that fail the simulation's wire oracles (a datagram sent twice, a payload
// that is not a ping).
func exitCode(res *qemu.Result) int {
	if common, _ := agree.CommonQEMURun(res); common == agree.CommonPass {
		return exitOK
	}
	return exitFail
}

// printQEMU prints a QEMU verdict, the console tail and harts for failures,
// and where the artifacts are.
func printQEMU(w io.Writer, res *qemu.Result) { printRun(w, res, true) }

// printRun is printQEMU; wire applies the ping scenario's wire oracles to
// the frames of a passing run.
func printRun(w io.Writer, res *qemu.Result, wire bool) {
	if res.Verdict.Class == qemu.Pass {
		fmt.Fprintf(w, "[nicsim] QEMU PASS: %s\n", res.Verdict.Message)
		if common, why := agree.CommonQEMURun(res); wire && common != agree.CommonPass {
			fmt.Fprintf(w, "[nicsim] FAIL %s on the wire: %s\n", common, why)
		}
	} else {
		fmt.Fprintf(w, "[nicsim] QEMU FAIL %s: %s\n", res.Verdict.Class, res.Verdict.Message)
		fmt.Fprintf(w, "[nicsim] console tail:\n")
		for _, l := range tail(res.Console, 12) { // the backtrace is in the message
			fmt.Fprintf(w, "  | %s\n", l)
		}
		for _, h := range res.Harts {
			fmt.Fprintf(w, "[nicsim] hart %d at %s (pc 0x%x)\n", h.CPU, orUnknown(h.Sym), h.PC)
		}
	}
	fmt.Fprintf(w, "[nicsim] QEMU wall %s (boot to ready %s), %d frames from the guest, %d to it\n",
		fmtDur(res.Wall), fmtDur(res.BootWall), len(res.Frames), len(res.Injected))
	if res.PcapPath != "" {
		fmt.Fprintf(w, "[nicsim] pcap: %s; console: %s\n", res.PcapPath, filepath.Join(filepath.Dir(res.PcapPath), "console.txt"))
	}
}

func summarize(driver string, res *qemu.Result) qemuSummary {
	common, wire := agree.CommonQEMURun(res)
	s := qemuSummary{Verdict: "pass", Class: string(res.Verdict.Class), Common: common, Wire: wire,
		Driver: driver, Message: res.Verdict.Message, ElapsedS: res.Wall.Seconds(), BootS: res.BootWall.Seconds(),
		Frames: len(res.Frames), Pcap: res.PcapPath}
	if exitCode(res) != exitOK {
		s.Verdict = "fail"
	}
	for _, h := range res.Harts {
		s.Harts = append(s.Harts, fmt.Sprintf("hart %d at %s (pc 0x%x)", h.CPU, orUnknown(h.Sym), h.PC))
	}
	return s
}

func printJSON(w io.Writer, v any) {
	b, _ := json.Marshal(v)
	fmt.Fprintln(w, string(b))
}

// replayQEMU is nicsim replay FILE --qemu: the file's driver and scenario on
// the real guest build under QEMU, next to the recorded verdict and a timed
// simulated replay of the same file.
func replayQEMU(path string, f *corpus.File, cfg *harness.Config, ds []sim.Decision, asJSON bool, stdout io.Writer) (int, error) {
	if rc, err := cfg.Resolve(); err == nil && rc.Kernel.RealGuest != nil {
		return replayReal(path, f, cfg, ds, rc.Kernel.RealGuest, stdout)
	}
	if err := qemu.Available(); err != nil {
		return exitUsage, usagef("cannot run QEMU here: %v", err)
	}
	rc, err := agree.QEMURunConfig(cfg)
	if err != nil {
		return exitUsage, usagef("%s: %v", path, err)
	}
	rc.ArtifactDir = strings.TrimSuffix(path, filepath.Ext(path)) + ".qemu"
	recorded := f.Verdict
	if recorded == "" {
		recorded = sim.ClassPass
	}
	recCommon := agree.CommonSim(recorded, strings.Join(f.Comments, "\n"))
	fmt.Fprintf(stdout, "[nicsim] replay %s under QEMU: driver=%s scenario=%s packets=%d payload=%d\n",
		path, cfg.Driver, cfg.Scenario, cfg.Packets, cfg.PayloadSize)
	fmt.Fprintf(stdout, "[nicsim] recorded in simulation: %s (%s personality, seed %d) = %s\n",
		recorded, cfg.Personality, cfg.Seed, recCommon)
	if cfg.Personality != nic.QEMU.String() {
		fmt.Fprintf(stdout, "[nicsim] note: recorded with the %s personality; QEMU's device model is what the qemu personality follows, so the verdicts may differ\n", cfg.Personality)
	}
	if cfg.Procs > 1 || cfg.CPUs > 1 {
		fmt.Fprintf(stdout, "[nicsim] note: the file has cpus=%d procs=%d; the QEMU guest has one hart and sends all %d datagram(s) from one process\n",
			cfg.CPUs, cfg.Procs, cfg.Packets)
	}
	sr, err := simReplay(cfg, ds)
	if err != nil {
		fmt.Fprintf(stdout, "[nicsim] note: no simulated replay to compare with: %v\n", err)
	} else {
		fmt.Fprintf(stdout, "[nicsim] simulated replay: %s in %s\n", sr.class, fmtDur(sr.wall))
		if sr.class == recorded {
			recCommon = sr.common // judged from the machine's state, not the message
		}
	}
	res, code, err := runQEMU(rc, stdout)
	if err != nil {
		return code, err
	}
	printQEMU(stdout, res)
	qCommon, _ := agree.CommonQEMURun(res)
	same := qCommon == recCommon
	word := map[bool]string{true: "AGREE", false: "DISAGREE"}[same]
	fmt.Fprintf(stdout, "[nicsim] %s: simulation %s, QEMU %s\n", word, recCommon, qCommon)
	if sr != nil && sr.wall > 0 {
		fmt.Fprintf(stdout, "[nicsim] wall: QEMU %s, simulation %s (QEMU/sim = %.0fx)\n",
			fmtDur(res.Wall), fmtDur(sr.wall), res.Wall.Seconds()/sr.wall.Seconds())
	}
	if sr != nil && cfg.Procs == 1 {
		qp := agree.QEMUPayloads(res.Frames)
		fmt.Fprintf(stdout, "[nicsim] datagrams transmitted: %s (simulation %d, QEMU %d)\n",
			agree.CompareFrames(sr.payloads, qp), len(sr.payloads), len(qp))
	}
	if asJSON {
		s := summarize(cfg.Driver, res)
		s.Replay, s.Recorded, s.RecordedCommon, s.Agree = path, recorded, recCommon, &same
		if sr != nil {
			s.SimElapsedS = sr.wall.Seconds()
		}
		printJSON(stdout, s)
	}
	return exitCode(res), nil
}

// simRun is a timed simulated replay.
type simRun struct {
	wall     time.Duration
	class    string // sim verdict class
	common   string // in the shared vocabulary, judged from the machine
	payloads [][]byte
}

// simReplay replays the file's decisions in simulation, timing the run and
// keeping the datagrams the guest sent.
func simReplay(cfg *harness.Config, ds []sim.Decision) (*simRun, error) {
	c := *cfg
	c.KeepTrace = true // CommonSimRun reads the trace to tell a stuck handler from a storm
	t, err := harness.Open(&c)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	start := time.Now()
	r, err := harness.Run(t, &c, harness.Options{Tape: sim.NewReplayTape(ds, sim.NewSeedSource(c.Seed)), Capture: true})
	if err != nil {
		return nil, err
	}
	sr := &simRun{wall: time.Since(start), class: sim.ClassPass, common: agree.CommonSimRun(r),
		payloads: agree.SimPayloads(r.Frames)}
	if r.Failed() {
		sr.class = r.Verdict.Class
	}
	return sr, nil
}

// tail returns the last n console lines, leaving out the raw backtrace
// addresses ("nicsim: bt 0x...") that the verdict message symbolises.
func tail(s string, n int) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(strings.ReplaceAll(s, "\r", ""), "\n"), "\n") {
		if !strings.HasPrefix(l, "nicsim: bt 0x") {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// fileSafe turns a driver name into a file name: "zoo:xv6/intr-spin" is
// "zoo-xv6-intr-spin", a file path its base name.
func fileSafe(s string) string {
	if !strings.Contains(s, ":") {
		s = strings.TrimSuffix(filepath.Base(s), filepath.Ext(s))
	}
	return strings.NewReplacer(":", "-", "/", "-", "\\", "-").Replace(s)
}

// fmtDur prints a wall time in ms below a second.
func fmtDur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

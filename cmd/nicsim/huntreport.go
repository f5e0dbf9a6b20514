package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// huntHeader is what the report's first line says.
type huntHeader struct {
	t       harness.Target
	h       *harness.Hunt
	abiFlag string
	elapsed float64
	out     string
	runs    []scenarioRun
	grade   *huntGrade // nil: no grader scenario ran
}

// abiSource says how the driver's ABI was decided.
func (hd huntHeader) abiSource() string {
	switch from := hd.h.Base.ABIFrom; {
	case hd.abiFlag != "" || from == "--abi":
		return "from --abi"
	case strings.Contains(hd.t.Name(), ":"):
		return "from the driver's name"
	case from != "" && !strings.HasPrefix(from, "default"):
		return "from " + from
	}
	var others []string
	for _, k := range guest.Kernels() {
		if !k.Default {
			others = append(others, k.Name+": "+k.Title)
		}
	}
	return "the default; --abi " + strings.Join(others, ", --abi ")
}

// writeHuntReport prints the diagnosis, summary first: a header line, then
// one section per tier with each finding numbered and explained.
func writeHuntReport(w io.Writer, hd huntHeader, d *harness.Diagnosis, paths []string) {
	more := ""
	if d.OrderedSchedules > 0 {
		more = fmt.Sprintf(" (+%d with the stores ordered)", d.OrderedSchedules)
	}
	fmt.Fprintf(w, "[nicsim] %s: %s ABI (%s), %s, %s%s in %.1fs\n",
		hd.t.Name(), kernelName(&hd.h.Base, hd.t), hd.abiSource(), deviceName(&hd.h.Base), scenarioCounts(hd.runs), more, hd.elapsed)
	if hd.grade != nil {
		writeGrade(w, hd.grade)
	}
	titles := map[diag.Tier]string{diag.Lab: "lab (QEMU, make grade)", diag.Hardware: "real hardware", diag.Faults: "under injected faults"}
	if rc, err := hd.h.Base.Resolve(); err == nil && rc.Kernel.NoGrader {
		titles[diag.Lab] = "lab (QEMU)"
	}
	for _, tier := range diag.Tiers {
		var idx []int
		for i, f := range d.Findings {
			if f.Tier == tier && !nicsimFault(f) {
				idx = append(idx, i)
			}
		}
		switch {
		case len(idx) == 0 && tier == diag.Lab && anyNicsimFault(d.Findings):
			fmt.Fprintf(w, "[nicsim] %s: no driver bug where nicsim could run the driver (not a pass: see below)\n", titles[tier])
		case len(idx) == 0 && tier == diag.Lab:
			fmt.Fprintf(w, "[nicsim] %s: pass\n", titles[tier])
		default:
			fmt.Fprintf(w, "[nicsim] %s: %s\n", titles[tier], bugs(len(idx)))
		}
		for n, i := range idx {
			writeFinding(w, n+1, d.Findings[i], paths[i])
		}
	}
	var own []int
	for i, f := range d.Findings {
		if nicsimFault(f) {
			own = append(own, i)
		}
	}
	if len(own) > 0 {
		fmt.Fprintf(w, "[nicsim] nicsim could not run the driver (not a driver bug): %d\n", len(own))
		for n, i := range own {
			writeFinding(w, n+1, d.Findings[i], paths[i])
		}
	}
	if d.OrderedSchedules > 0 {
		fmt.Fprintf(w, "[nicsim] a missing fence fails every strict schedule first: %d more strict schedules ran with the stores ordered (as if it were fixed) to see what else real hardware shows\n",
			d.OrderedSchedules)
	}
	if d.Unreported > 0 {
		fmt.Fprintf(w, "[nicsim] %d more distinct failures not shown (fix the ones above first)\n", d.Unreported)
	}
	if len(d.Findings) == 0 {
		fmt.Fprintf(w, "[nicsim] nothing found; nothing written to %s/\n", strings.TrimSuffix(hd.out, "/"))
		return
	}
	fmt.Fprintf(w, "[nicsim] tier search: %d runs; shrinking: %d runs; files in %s/ (trace, pcap and timeline beside each replay file)\n",
		d.TierRuns, d.ShrinkRuns, strings.TrimSuffix(hd.out, "/"))
}

// anyNicsimFault reports whether nicsim could not run the driver in one
// of the findings' schedules.
func anyNicsimFault(fs []*harness.Finding) bool {
	for _, f := range fs {
		if nicsimFault(f) {
			return true
		}
	}
	return false
}

// nicsimFault reports whether a finding is nicsim's own failure (an
// internal error: a kernel function nicsim does not model was called),
// which the report lists apart from the driver's bugs of each tier.
func nicsimFault(f *harness.Finding) bool {
	return f.Verdict != nil && f.Verdict.Class == sim.ClassInternal
}

func bugs(n int) string {
	if n == 1 {
		return "1 bug"
	}
	return fmt.Sprintf("%d bugs", n)
}

// writeFinding prints one finding in its four parts and its replay command.
func writeFinding(w io.Writer, n int, f *harness.Finding, path string) {
	e := explain(f)
	at := site(f)
	if at != "" {
		at = " (" + at + ")"
	}
	fmt.Fprintf(w, "  %d. %s%s: %s.\n", n, e.Title, at, e.What)
	fmt.Fprintf(w, "     why: %s.\n", e.Why)
	fmt.Fprintf(w, "     %s.\n", e.QEMU)
	fmt.Fprintf(w, "     fix: %s.\n", e.Fix)
	fmt.Fprintf(w, "     nicsim saw: %s: %s\n", f.Verdict.Class, indentBy(f.Verdict.Message, "       "))
	ordered := ""
	if f.Config.Ordered {
		ordered = ", stores ordered (seen once the missing fence is fixed)"
	}
	if f.Result.Machine == nil {
		fmt.Fprintf(w, "     seed %d, %s, %s; died this way in %d schedules of the hunt; no trace: the run's events died with the worker, the replay file names the seed\n",
			f.Config.Seed, f.Config.Personality, f.Config.Strategy, f.Seen)
	} else {
		fmt.Fprintf(w, "     seed %d of --scenario %s, %s%s, faults %s, %d preemptions%s; failed this way in %d schedules of the hunt\n",
			f.Config.Seed, f.Config.Scenario, f.Config.Personality, ordered, f.Result.Faults, harness.Preemptions(f.Result.Decisions), packets(f), f.Seen)
	}
	if f.Grader != nil && (f.Tier == diag.Lab || f.Grader.Unknown) {
		fmt.Fprintf(w, "     make grade: %s\n", f.Grader)
	}
	fmt.Fprintf(w, "     replay: nicsim replay %s\n", path)
}

// packets says how much the failing run sent: the configuration's
// datagrams, or, for a workload that counts them, the frames the transmit
// function took and the pings asked for.
func packets(f *harness.Finding) string {
	switch _, grader := harness.IsGrader(f.Config.Scenario); {
	case grader:
		return "" // the lab's program sends what it sends
	case f.Result.Sent < 0:
		return fmt.Sprintf(", %d packets", f.Config.Packets)
	}
	return fmt.Sprintf(", %s sent (%s asked)", plural(f.Result.Sent, "frame"), plural(f.Config.Packets, "ping"))
}

// plural is "1 frame", "2 frames".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func indentBy(s, pre string) string { return strings.ReplaceAll(s, "\n", "\n"+pre) }

// findingFiles writes each finding's replay, trace, pcap and timeline under
// dir, named BASE-TIER-CLASS (with -2, -3... when two findings share it).
type findingFiles struct {
	dir   string
	base  string
	paths []string
	used  map[string]bool
}

func (ff *findingFiles) write(t harness.Target, f *harness.Finding) error {
	if ff.used == nil {
		ff.used = map[string]bool{}
	}
	name := fmt.Sprintf("%s-%s-%s", ff.base, f.Tier, f.Verdict.Class)
	for k := 2; ff.used[name]; k++ {
		name = fmt.Sprintf("%s-%s-%s-%d", ff.base, f.Tier, f.Verdict.Class, k)
	}
	ff.used[name] = true
	path, err := writeFailure(ff.dir, name, t, &f.Config, f.Result)
	if err != nil {
		return err
	}
	ff.paths = append(ff.paths, path)
	return nil
}

// driverBase names a driver in file names: the file's base name for a
// path (kernel/drv.c: "drv"), the name with ':' and '/' as '-' otherwise.
func driverBase(name string) string {
	if !strings.Contains(name, ":") {
		return strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	return strings.NewReplacer(":", "-", "/", "-", string(os.PathSeparator), "-").Replace(name)
}

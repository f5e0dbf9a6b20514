package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/nicsim/nicsim/agree"
	"github.com/nicsim/nicsim/guest"
	"io"
	"text/tabwriter"
	"time"

	"github.com/nicsim/nicsim/guest/qemu"
)

const agreeHelp = `Usage: nicsim agree [--packets N] [--payload N] [--seeds N] [--cpus N] [--burst] [--driver D]... [--out DIR] [--json]
       nicsim agree --scenario nettests|nettest [--seeds N] [--cpus N] [--driver D]... [--out DIR] [--json]
       nicsim agree [--scenario nettests|nettest] --driver DRIVER --kernel kernel/kernel --fs fs.img [--port N]

With --scenario naming a lab grader, each driver (default: the reference driver
of the grader's kernel and its zoo mutants tagged lost-packet and qemu: yes) is
graded twice: in simulation by the grader scenario over --seeds schedules (qemu
personality, no injected faults; a subtest fails there when any schedule fails it)
and under QEMU by nicsim's guest running the lab's program once with the peer as
the lab's host (as nicsim qemu --scenario GRADER does). Both sides print as make
grade scores them, subtest by subtest, with the points; a driver agrees when both
sides fail the same subtests. With --kernel and --fs, the QEMU side is your whole
kernel built with the one --driver (as nicsim qemu --kernel runs it; the grader
from its symbols unless --scenario names it). Exit status: 0 every driver agrees,
1 one does not.

Without --scenario (ping):

Runs the ping scenario on the reference drivers and on every zoo mutant whose
metadata says QEMU shows it (qemu: yes), each twice: in simulation (qemu
personality, one sending process, no injected faults, a hunt over --seeds
schedules that stops at the first failure) and on the real guest build under QEMU
(one run, lockstep: the guest waits for each echo, so every run gives the same
frames; --burst sends without waiting). A mutant's scenario knobs (packets,
payload) apply to both sides. Everything runs one after the other: QEMU's verdicts
rest on wall-clock quiet periods.

The table gives each side's verdict in a shared vocabulary: lock-reentry =
panic:acquire, crash = panic:fault, double/bad free = panic:kfree, deadlock = hang,
livelock = hang when a CPU is stuck inside the driver (a one-hart guest's console
dies) and lost-packet when the driver's calls keep returning (the guest lives, the
network is stuck), lost-packet, duplicate-packet and corrupt-frame (the
simulation's wire oracles are applied to QEMU's frames too, marked "+wire"), pass.
SAME VERDICT is "yes", "cause/effect" (the simulation's verdict comes from an
oracle QEMU does not have: ring ownership, DMA checks, the guest's buffers; and
QEMU shows a failure of its own) or "NO". SAME FRAMES compares the UDP payloads
each side transmitted, timing ignored: same, same-set (another order), prefix (a
failure stopped one side earlier) or differ. Then the wall time of each side.

A row agrees when the verdicts are the same or cause/effect and, if both sides
pass, the datagrams are the same in the same order; the frames of failing rows are
shown, not judged ("differ" is noted). Exit status: 0 every row agrees, 1 a row
disagrees, 2 bad usage, missing QEMU tools or a run that could not be made.

Flags:
`

// agreeJSON is the last line of agree --json.
type agreeJSON struct {
	Verdict  string        `json:"verdict"` // pass: every row agrees
	Rows     []agreeRowDoc `json:"rows"`
	Agree    int           `json:"agree"`
	Same     int           `json:"same_verdict"`
	PassFail int           `json:"same_pass_fail"`
	Cons     int           `json:"consistent"`
	Frames   int           `json:"same_frames"`
	Total    int           `json:"total"`
	Percent  float64       `json:"verdict_agreement_pct"`
	ElapsedS float64       `json:"elapsed_s"`
}

type agreeRowDoc struct {
	Driver       string  `json:"driver"`
	Expect       string  `json:"expect,omitempty"`
	SimClass     string  `json:"sim_class"`
	SimCommon    string  `json:"sim"`
	SimSchedules int     `json:"sim_schedules"`
	QEMUClass    string  `json:"qemu_class"`
	QEMUCommon   string  `json:"qemu"`
	SameVerdict  bool    `json:"same_verdict"`
	Consistent   bool    `json:"consistent"`
	Frames       string  `json:"frames"`
	SimFrames    int     `json:"sim_datagrams"`
	QEMUFrames   int     `json:"qemu_datagrams"`
	Agrees       bool    `json:"agrees"`
	SimS         float64 `json:"sim_s"`
	SimRunS      float64 `json:"sim_run_s"`
	QEMUS        float64 `json:"qemu_s"`
	QEMUMessage  string  `json:"qemu_message,omitempty"`
	QEMUWire     string  `json:"qemu_wire,omitempty"`
	SimMessage   string  `json:"sim_message,omitempty"`
}

func cmdAgree(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("agree", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, agreeHelp)
		fs.PrintDefaults()
	}
	var (
		opt     agree.Options
		drivers stringList
		asJSON  bool
		out     string
		scen    string
	)
	fs.IntVar(&opt.Packets, "packets", 20, "datagrams per run")
	fs.IntVar(&opt.PayloadSize, "payload", 32, "UDP payload bytes")
	fs.IntVar(&opt.Seeds, "seeds", 200, "schedules the simulation explores per driver")
	fs.IntVar(&opt.CPUs, "cpus", 1, "harts in simulation (the QEMU guest has one)")
	fs.DurationVar(&opt.Timeout, "timeout", 5*time.Second, "bound of one QEMU run")
	fs.BoolVar(&opt.Burst, "burst", false, "QEMU guest sends without waiting for each echo (default: lockstep, deterministic)")
	fs.Var(&drivers, "driver", "compare only this driver (repeatable; default: ref drivers and QEMU-visible mutants)")
	fs.StringVar(&out, "out", "", "if set, keep each QEMU run's pcap and console under DIR")
	fs.StringVar(&scen, "scenario", "ping", "ping, or a lab grader (nettests, nettest): grade each driver both ways and compare the points")
	var port uint
	fs.StringVar(&opt.Kernel, "kernel", "", "with a grader: your whole kernel (kernel/kernel), built with the one --driver, graded under QEMU instead of nicsim's guest")
	fs.StringVar(&opt.FS, "fs", "", "with --kernel: its file system image (fs.img)")
	fs.UintVar(&port, "port", uint(agree.DefaultServerPort()), "with --kernel: the NET_TESTS_PORT it was built with")
	fs.BoolVar(&asJSON, "json", false, "end with one JSON summary line")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, nil
		}
		return exitUsage, usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return exitUsage, usagef("unexpected argument %q", fs.Arg(0))
	}
	if opt.Packets < 1 || opt.Seeds < 1 || opt.CPUs < 1 {
		return exitUsage, usagef("--packets, --seeds and --cpus must be at least 1")
	}
	if err := qemu.Available(); err != nil {
		return exitUsage, usagef("cannot compare with QEMU on this machine: %v", err)
	}
	opt.ArtifactDir = out
	if opt.Kernel != "" || opt.FS != "" {
		switch {
		case opt.Kernel == "" || opt.FS == "":
			return exitUsage, usagef("--kernel and --fs go together")
		case len(drivers) != 1:
			return exitUsage, usagef("--kernel grades one kernel: name the one --driver it was built with")
		case port == 0 || port > 65535:
			return exitUsage, usagef("--port %d out of range 1..65535", port)
		}
		opt.Port = uint16(port)
		if scen == "ping" {
			g, err := qemu.DetectLab(opt.Kernel)
			if err != nil {
				return exitUsage, usageError{err}
			}
			scen = g
		}
	}
	if scen != "ping" {
		g, err := lookupGrader(scen)
		if err != nil {
			return exitUsage, usageError{err}
		}
		return agreeGrade(g, drivers, opt, asJSON, stdout, stderr)
	}
	list := []string(drivers)
	if len(list) == 0 {
		var err error
		if list, err = agree.Drivers(); err != nil {
			return exitUsage, err
		}
	}
	for _, d := range list {
		if dn, err := guest.ParseDriverName(d); err == nil && dn.Kind == guest.DriverModel {
			return exitUsage, usagef("--driver %s: the Go model has no C source to run under QEMU", d)
		}
	}
	mode := "lockstep"
	if opt.Burst {
		mode = "burst"
	}
	fmt.Fprintf(stdout, "[nicsim] agree: %d drivers, ping of %d datagrams of %d bytes; simulation: qemu personality, %d cpu(s), 1 process, up to %d schedules; QEMU: one %s run each\n",
		len(list), opt.Packets, opt.PayloadSize, opt.CPUs, opt.Seeds, mode)
	start := time.Now()
	rows, err := agree.Run(context.Background(), list, opt, func(r *agree.Row) {
		fmt.Fprintf(stderr, "[nicsim] %s: sim %s, qemu %s\n", r.Driver, r.SimCommon, r.QEMUCommon)
	})
	if errors.Is(err, agree.ErrNoQEMU) {
		return exitUsage, usagef("cannot compare with QEMU on this machine: %v", err)
	}
	if err != nil {
		return exitUsage, err
	}
	doc := agreeJSON{Verdict: "pass", Total: len(rows), ElapsedS: time.Since(start).Seconds()}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DRIVER\tSIM VERDICT\tQEMU VERDICT\tSAME VERDICT\tSAME FRAMES\tSIM WALL\tQEMU WALL")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Driver,
			fmt.Sprintf("%s [%s, %d sched]", r.SimCommon, r.SimClass, r.SimSchedules),
			qemuCell(r), sameCell(r),
			fmt.Sprintf("%s (%d/%d)", r.Frames, r.SimPayloads, r.QEMUPayloads),
			fmtDur(r.SimWall), fmtDur(r.QEMUWall))
		d := agreeRowDoc{Driver: r.Driver, Expect: r.Expect, SimClass: r.SimClass, SimCommon: r.SimCommon,
			SimSchedules: r.SimSchedules, QEMUClass: string(r.QEMUVerdict.Class), QEMUCommon: r.QEMUCommon,
			SameVerdict: r.SameVerdict, Consistent: r.Consistent(), Frames: string(r.Frames), SimFrames: r.SimPayloads, QEMUFrames: r.QEMUPayloads,
			Agrees: r.Agrees(), SimS: r.SimWall.Seconds(), SimRunS: r.SimRunWall.Seconds(), QEMUS: r.QEMUWall.Seconds(),
			QEMUWire: r.QEMUWire}
		if !r.Agrees() {
			d.QEMUMessage, d.SimMessage = r.QEMUVerdict.Message, r.SimMessage
		}
		doc.Rows = append(doc.Rows, d)
		if r.SameVerdict {
			doc.Same++
		}
		if (r.SimCommon == agree.CommonPass) == (r.QEMUCommon == agree.CommonPass) {
			doc.PassFail++
		}
		if r.Consistent() {
			doc.Cons++
		}
		if r.FramesAgree() {
			doc.Frames++
		}
		if r.Agrees() {
			doc.Agree++
		}
	}
	tw.Flush()
	if doc.Total > 0 {
		doc.Percent = 100 * float64(doc.Same) / float64(doc.Total)
	}
	fmt.Fprintf(stdout, "[nicsim] agreement: pass/fail %d/%d; ", doc.PassFail, doc.Total)
	fmt.Fprintf(stdout, "same verdict %d/%d (%.0f%%); consistent %d/%d (same, or cause/effect); same frames %d/%d (a prefix counts for failing rows); rows agreeing %d/%d; %.1fs\n",
		doc.Same, doc.Total, doc.Percent, doc.Cons, doc.Total, doc.Frames, doc.Total, doc.Agree, doc.Total, doc.ElapsedS)
	code := exitOK
	for _, r := range rows {
		word := "NOTE"
		switch {
		case !r.Agrees():
			word, code, doc.Verdict = "DISAGREE", exitFail, "fail"
		case r.FramesAgree():
			continue
		}
		fmt.Fprintf(stdout, "[nicsim] %s %s:\n  simulation: %s: %s\n  QEMU: %s\n",
			word, r.Driver, r.SimClass, indent(r.SimMessage), r.QEMUVerdict)
		if r.QEMUWire != "" {
			fmt.Fprintf(stdout, "  QEMU wire: %s\n", r.QEMUWire)
		}
		fmt.Fprintf(stdout, "  frames: %s (simulation %d datagrams, QEMU %d)\n", r.Frames, r.SimPayloads, r.QEMUPayloads)
	}
	if asJSON {
		printJSON(stdout, doc)
	}
	return code, nil
}

func qemuCell(r *agree.Row) string {
	if r.QEMUWire != "" {
		return fmt.Sprintf("%s [%s+wire]", r.QEMUCommon, r.QEMUVerdict.Class)
	}
	return fmt.Sprintf("%s [%s]", r.QEMUCommon, r.QEMUVerdict.Class)
}

// sameCell is "yes", "cause/effect" (an oracle QEMU lacks fired in
// simulation and QEMU failed too) or "NO".
func sameCell(r *agree.Row) string {
	switch {
	case r.SameVerdict:
		return "yes"
	case r.Consistent():
		return "cause/effect"
	}
	return "NO"
}

package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/nicsim/nicsim/agree"
	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// replayReal is nicsim replay FILE --qemu for a kernel with its own real
// guest (guest.KernelModel.RealGuest): the file's driver on that guest
// under QEMU, next to the recorded verdict and a simulated replay.
func replayReal(path string, f *corpus.File, cfg *harness.Config, ds []sim.Decision, rg guest.RealGuest, stdout io.Writer) (int, error) {
	_, files, err := harness.DriverFiles(cfg)
	if err != nil {
		return exitUsage, usagef("%s: %v", path, err)
	}
	recorded := f.Verdict
	if recorded == "" {
		recorded = sim.ClassPass
	}
	recCommon := agree.CommonSim(recorded, strings.Join(f.Comments, "\n"))
	fmt.Fprintf(stdout, "[nicsim] replay %s under QEMU: driver=%s scenario=%s packets=%d (the real guest's workload)\n",
		path, cfg.Driver, cfg.Scenario, cfg.Packets)
	fmt.Fprintf(stdout, "[nicsim] recorded in simulation: %s (%s personality, seed %d) = %s\n",
		recorded, cfg.Personality, cfg.Seed, recCommon)
	sr, err := simReplay(cfg, ds)
	if err != nil {
		fmt.Fprintf(stdout, "[nicsim] note: no simulated replay to compare with: %v\n", err)
	} else {
		fmt.Fprintf(stdout, "[nicsim] simulated replay: %s in %s\n", sr.class, fmtDur(sr.wall))
		if sr.class == recorded {
			recCommon = sr.common
		}
	}
	dir := strings.TrimSuffix(path, filepath.Ext(path)) + ".qemu"
	res, err := rg.RunReal(context.Background(), files, cfg.Packets, guest.RealOptions{ArtifactDir: dir, Names: cfg.EntryNames(), Payload: cfg.PayloadSize,
		IncludeDirs: harness.DriverIncludes(cfg)})
	if err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(stdout, "[nicsim] QEMU: %s: %s (%s)\n", res.GuestClass, res.Message, fmtDur(res.Wall))
	for _, l := range tail(res.Console, 8) {
		fmt.Fprintf(stdout, "    %s\n", l)
	}
	// As nicsim agree judges a row: the same verdict, or the simulation's
	// from an oracle QEMU lacks (a kernel virtual address in TDBAL) and
	// QEMU failing of its own (nothing reaches the wire).
	row := agree.Row{SimCommon: recCommon, QEMUCommon: res.Class, SameVerdict: res.Class == recCommon}
	word := map[bool]string{true: "AGREE", false: "DISAGREE"}[row.Consistent()]
	fmt.Fprintf(stdout, "[nicsim] %s: simulation %s, QEMU %s%s\n", word, recCommon, res.Class, effectNote(row))
	if sr != nil {
		qp := agree.QEMUPayloads(res.Frames)
		fmt.Fprintf(stdout, "[nicsim] datagrams transmitted: %s (simulation %d, QEMU %d)\n",
			agree.CompareFrames(sr.payloads, qp), len(sr.payloads), len(qp))
	}
	fmt.Fprintf(stdout, "[nicsim] artifacts: %s\n", dir)
	if res.Class == agree.CommonPass {
		return exitOK, nil
	}
	return exitFail, nil
}

// runReal is nicsim qemu for a kernel with its own real guest: the driver
// on that guest under QEMU, in lockstep.
func runReal(c *harness.Config, kernel string, rg guest.RealGuest, timeout time.Duration, dir string, asJSON bool, stdout io.Writer) (int, error) {
	_, files, err := harness.DriverFiles(c)
	if err != nil {
		return exitUsage, usageError{err}
	}
	fmt.Fprintf(stdout, "[nicsim] qemu driver=%s abi=%s packets=%d (the kernel's real guest, lockstep)\n",
		c.Driver, kernel, c.Packets)
	res, err := rg.RunReal(context.Background(), files, c.Packets, guest.RealOptions{Timeout: timeout, ArtifactDir: dir, Names: c.EntryNames(), Payload: c.PayloadSize,
		IncludeDirs: harness.DriverIncludes(c)})
	if err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(stdout, "[nicsim] QEMU: %s: %s (%s)\n", res.GuestClass, res.Message, fmtDur(res.Wall))
	for _, l := range tail(res.Console, 8) {
		fmt.Fprintf(stdout, "    %s\n", l)
	}
	fmt.Fprintf(stdout, "[nicsim] artifacts: %s\n", dir)
	if asJSON {
		printJSON(stdout, map[string]any{"driver": c.Driver, "verdict": res.Class, "class": res.GuestClass,
			"message": res.Message, "elapsed_s": res.Wall.Seconds()})
	}
	if res.Class == agree.CommonPass {
		return exitOK, nil
	}
	return exitFail, nil
}

// effectNote explains an agreement of different verdicts: the simulation
// caught the cause, QEMU shows its effect.
func effectNote(r agree.Row) string {
	if r.SameVerdict || !r.Consistent() {
		return ""
	}
	if agree.QEMUBlind(r.SimCommon) {
		return fmt.Sprintf(" (QEMU has no %s oracle; it shows the bug's effect)", strings.TrimPrefix(r.SimCommon, "sim-only:"))
	}
	return " (both see a datagram lost or doubled, each first at its own point)"
}

package agree

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// Grading agreement: the same driver, graded by the lab's grader in
// simulation (the grader scenario over many schedules) and on the real
// guest under QEMU (nicsim's guest running the lab's program, the peer in
// the host's role), should lose the same subtests' points.

// GuestPort is the NET_TESTS_PORT nicsim's own guest is told (its command
// line takes the port; a real kernel has it compiled in).
const GuestPort = 25099

// guestStall ends a run of nicsim's guest that shows nothing for that long
// (it boots and runs a lab program in well under a second).
const guestStall = 3 * time.Second

// GradeRow is one driver's grade on both sides.
type GradeRow struct {
	Driver string
	Grader *grader.Grader
	// Sim is each subtest in simulation: failed when any schedule failed it
	// (Why is the first failing schedule's reason); SimFailedRuns counts
	// the schedules that failed it, out of SimSchedules.
	Sim           []grader.Result
	SimFailedRuns []int
	SimSchedules  int
	SimWall       time.Duration
	// QEMU is the console of one run scored by the grader.
	QEMU        []grader.Result
	QEMUVerdict qemu.Verdict
	QEMUWall    time.Duration
	Console     string
	_           struct{}
}

// Agrees reports whether both sides fail the same subtests.
func (r *GradeRow) Agrees() bool {
	for i := range r.Sim {
		if r.Sim[i].Passed != r.QEMU[i].Passed {
			return false
		}
	}
	return true
}

// Points are the scores: simulation's (points of the subtests no schedule
// failed), QEMU's, and the most there is.
func (r *GradeRow) Points() (sim, qemu, max int) {
	sim, max = grader.Score(r.Sim)
	qemu, _ = grader.Score(r.QEMU)
	return sim, qemu, max
}

// GradeDrivers are the drivers `nicsim agree --scenario` grades by
// default: the grader's kernel's reference driver, then its zoo mutants
// that lose packets and that QEMU shows (lost-packet, qemu: yes).
func GradeDrivers(g *grader.Grader) ([]string, error) {
	zoo, err := harness.ZooMutants()
	if err != nil {
		return nil, err
	}
	out := []string{guest.DriverName{Kind: guest.DriverRef, Kernel: g.Kernel}.String()}
	for _, m := range zoo {
		if m.ABI == g.Kernel && m.QEMU == "yes" && m.Verdict == sim.ClassLostPacket {
			out = append(out, m.Name)
		}
	}
	return out, nil
}

// Grade grades each driver with g in simulation and under QEMU, one after
// the other (QEMU's stall detection rests on wall-clock quiet). done, if
// set, is called after each row. An error means a run could not be made.
func Grade(ctx context.Context, g *grader.Grader, drivers []string, opt Options, done func(*GradeRow)) ([]*GradeRow, error) {
	if err := qemu.Available(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoQEMU, err)
	}
	opt = opt.withDefaults()
	var rows []*GradeRow
	for _, d := range drivers {
		r := &GradeRow{Driver: d, Grader: g}
		c := harness.Config{Driver: d, Scenario: g.Name, Personality: "qemu", CPUs: opt.CPUs, Seed: 1}
		c.Defaults()
		if err := c.Validate(); err != nil {
			return rows, fmt.Errorf("%s: %w", d, err)
		}
		if err := gradeSim(r, &c, opt); err != nil {
			return rows, fmt.Errorf("%s in simulation: %w", d, err)
		}
		if err := gradeQEMU(ctx, r, &c, opt); err != nil {
			return rows, fmt.Errorf("%s under QEMU: %w", d, err)
		}
		rows = append(rows, r)
		if done != nil {
			done(r)
		}
	}
	return rows, nil
}

// gradeSim runs opt.Seeds schedules of the grader scenario (qemu
// personality, no injected faults, as QEMU runs) and keeps, per subtest,
// whether any schedule failed it.
func gradeSim(r *GradeRow, c *harness.Config, opt Options) error {
	start := time.Now()
	r.Sim, r.SimFailedRuns = r.Grader.Results(), make([]int, len(r.Grader.Subtests))
	var bad error
	err := schedules(c, opt.Seeds, nil, func(i int, res *harness.Result, _ time.Duration) bool {
		if len(res.Grade) != len(r.Sim) {
			bad = fmt.Errorf("scenario %s scored %d subtests, want %d", c.Scenario, len(res.Grade), len(r.Sim))
			return true
		}
		for k, g := range res.Grade {
			if !g.Passed {
				r.SimFailedRuns[k]++
				r.Sim[k].Fail(fmt.Sprintf("seed %d: %s", res.Seed, g.Why), 0)
			}
		}
		r.SimSchedules = i + 1
		return false
	})
	r.SimWall = time.Since(start)
	if err != nil {
		return err
	}
	return bad
}

// gradeQEMU runs the grader's program on nicsim's guest under QEMU.
func gradeQEMU(ctx context.Context, r *GradeRow, c *harness.Config, opt Options) error {
	dir := ""
	if opt.ArtifactDir != "" {
		dir = filepath.Join(opt.ArtifactDir, strings.NewReplacer(":", "-", "/", "-").Replace(r.Driver))
	}
	kc := qemu.KernelConfig{Timeout: opt.Timeout, ArtifactDir: dir, Logf: opt.Logf}
	var lr *qemu.LabResult
	var err error
	if opt.Kernel != "" {
		lr, err = KernelLab(ctx, r.Grader, opt.Kernel, opt.FS, opt.Port, kc)
	} else {
		lr, err = GuestLab(ctx, r.Grader, c, kc)
	}
	if err != nil {
		return err
	}
	r.QEMU, r.QEMUVerdict, r.QEMUWall, r.Console = lr.Results, lr.Run.Verdict, lr.Run.Wall, lr.Console
	return nil
}

// KernelLab runs a grader's program on a user's whole kernel (its ELF and
// file system image) under QEMU, the peer as the lab's host for a program
// built with port; kc gives Timeout (at least 30 s), ArtifactDir and Logf.
func KernelLab(ctx context.Context, g *grader.Grader, kernel, fs string, port uint16, kc qemu.KernelConfig) (*qemu.LabResult, error) {
	kc.Kernel, kc.FS, kc.Timeout = kernel, fs, max(kc.Timeout, 30*time.Second)
	lc, err := LabConfig(g, port, kc)
	if err != nil {
		return nil, err
	}
	return qemu.RunLab(ctx, lc)
}

// GuestLab builds nicsim's own guest with c's driver (posing as an xv6
// shell) and runs the grader's program on it under QEMU with the peer as
// the lab's host. kc gives the run's Timeout (at least 30 s, make grade's),
// ArtifactDir and Logf; the kernel and its disk are the guest's.
func GuestLab(ctx context.Context, g *grader.Grader, c *harness.Config, kc qemu.KernelConfig) (*qemu.LabResult, error) {
	pc := *c
	pc.Scenario = "ping" // the guest's build does not depend on the scenario
	rc, err := QEMURunConfig(&pc)
	if err != nil {
		return nil, err
	}
	rc.Build.CFlags = append(rc.Build.CFlags, "-DNICSIM_PROMPT")
	if kc.Kernel, err = qemu.Build(rc.Build); err != nil {
		return nil, err
	}
	if kc.FS, err = emptyFS(); err != nil {
		return nil, err
	}
	defer os.Remove(kc.FS)
	kc.Timeout = max(kc.Timeout, 30*time.Second)
	if kc.Stall == 0 {
		kc.Stall = guestStall
	}
	lc, err := LabConfig(g, GuestPort, kc)
	if err != nil {
		return nil, err
	}
	lc.Command += fmt.Sprintf(" %d", GuestPort) // a real kernel has the port compiled in
	return qemu.RunLab(ctx, lc)
}

// emptyFS is a file system image for nicsim's guest, which has no disk
// driver: a megabyte of zeros on the virtio-blk device a kernel run wants.
func emptyFS() (string, error) {
	f, err := os.CreateTemp("", "nicsim-fs-*.img")
	if err != nil {
		return "", err
	}
	defer f.Close()
	return f.Name(), f.Truncate(1 << 20)
}

// FormatGrade prints a row as make grade would print each side, subtest
// by subtest: the simulation's result (with the schedules that failed it)
// next to QEMU's, then both scores.
func FormatGrade(w io.Writer, r *GradeRow) {
	fmt.Fprintf(w, "%s, %s: simulation (%d schedules, qemu personality, no faults) | QEMU (one run: %s)\n",
		r.Driver, r.Grader.Name, r.SimSchedules, r.QEMUVerdict.Class)
	for i, s := range r.Sim {
		q := r.QEMU[i]
		mark := ""
		if s.Passed != q.Passed {
			mark = "   <- DISAGREE"
		}
		simCol := fmt.Sprintf("%s (%d/%d)", s.Status(), s.Points, s.Max)
		if !s.Passed {
			simCol += fmt.Sprintf(" in %d/%d", r.SimFailedRuns[i], r.SimSchedules)
		}
		fmt.Fprintf(w, "  %-22s %-26s %s (%d/%d)%s\n", s.Name+":", simCol, q.Status(), q.Points, q.Max, mark)
	}
	sim, q, m := r.Points()
	word := map[bool]string{true: "AGREE", false: "DISAGREE"}[r.Agrees()]
	fmt.Fprintf(w, "  Score: simulation %d/%d, QEMU %d/%d: %s\n", sim, m, q, m, word)
}

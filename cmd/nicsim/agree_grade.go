package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nicsim/nicsim/agree"
	"github.com/nicsim/nicsim/grader"
)

// agreeGradeJSON is the last line of agree --scenario GRADER --json.
type agreeGradeJSON struct {
	Verdict  string          `json:"verdict"` // pass: every driver loses the same subtests on both sides
	Grader   string          `json:"grader"`
	Rows     []agreeGradeDoc `json:"rows"`
	Agree    int             `json:"agree"`
	Total    int             `json:"total"`
	ElapsedS float64         `json:"elapsed_s"`
}

type agreeGradeDoc struct {
	Driver       string          `json:"driver"`
	SimPoints    int             `json:"sim_points"`
	QEMUPoints   int             `json:"qemu_points"`
	Max          int             `json:"max"`
	Agrees       bool            `json:"agrees"`
	SimSchedules int             `json:"sim_schedules"`
	SimFailedIn  []int           `json:"sim_failed_runs"` // per subtest, schedules that failed it
	Sim          []grader.Result `json:"sim"`
	QEMU         []grader.Result `json:"qemu"`
	QEMUClass    string          `json:"qemu_class"`
	SimS         float64         `json:"sim_s"`
	QEMUS        float64         `json:"qemu_s"`
}

// agreeGrade is nicsim agree --scenario GRADER: each driver graded by the
// lab's grader in simulation and under QEMU.
func agreeGrade(g *grader.Grader, drivers []string, opt agree.Options, asJSON bool, stdout, stderr io.Writer) (int, error) {
	if len(drivers) == 0 {
		var err error
		if drivers, err = agree.GradeDrivers(g); err != nil {
			return exitUsage, err
		}
	}
	where := "nicsim's guest"
	if opt.Kernel != "" {
		where = fmt.Sprintf("the kernel %s (NET_TESTS_PORT %d)", opt.Kernel, opt.Port)
	}
	fmt.Fprintf(stdout, "[nicsim] agree: %d drivers graded by %s; simulation: the %s scenario, qemu personality, no faults, %d cpu(s), %d schedules; QEMU: %s runs the lab's program once, the peer as the lab's host\n",
		len(drivers), g.Title, g.Name, opt.CPUs, opt.Seeds, where)
	start := time.Now()
	rows, err := agree.Grade(context.Background(), g, drivers, opt, func(r *agree.GradeRow) {
		s, q, m := r.Points()
		fmt.Fprintf(stderr, "[nicsim] %s: simulation %d/%d, QEMU %d/%d\n", r.Driver, s, m, q, m)
	})
	if errors.Is(err, agree.ErrNoQEMU) {
		return exitUsage, usagef("cannot compare with QEMU on this machine: %v", err)
	}
	if err != nil {
		return exitUsage, err
	}
	doc := agreeGradeJSON{Verdict: "pass", Grader: g.Name, Total: len(rows)}
	code := exitOK
	for _, r := range rows {
		agree.FormatGrade(stdout, r)
		s, q, m := r.Points()
		doc.Rows = append(doc.Rows, agreeGradeDoc{Driver: r.Driver, SimPoints: s, QEMUPoints: q, Max: m, Agrees: r.Agrees(),
			SimSchedules: r.SimSchedules, SimFailedIn: r.SimFailedRuns, Sim: r.Sim, QEMU: r.QEMU,
			QEMUClass: string(r.QEMUVerdict.Class), SimS: r.SimWall.Seconds(), QEMUS: r.QEMUWall.Seconds()})
		if r.Agrees() {
			doc.Agree++
		} else {
			code, doc.Verdict = exitFail, "fail"
		}
	}
	doc.ElapsedS = time.Since(start).Seconds()
	fmt.Fprintf(stdout, "[nicsim] agreement: %d/%d drivers lose the same subtests in simulation and under QEMU; %.1fs\n",
		doc.Agree, doc.Total, doc.ElapsedS)
	if asJSON {
		printJSON(stdout, doc)
	}
	return code, nil
}

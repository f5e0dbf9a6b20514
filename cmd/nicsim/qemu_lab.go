package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nicsim/nicsim/agree"
	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/harness"
)

// labSummary is the --json line of a graded QEMU run: the run's summary
// and the grader's subtests.
type labSummary struct {
	qemuSummary
	Grader   string          `json:"grader"`
	Command  string          `json:"command"`
	Port     uint16          `json:"port"`
	Points   int             `json:"points"`
	Max      int             `json:"max"`
	Subtests []grader.Result `json:"subtests"`
	NotOurs  []string        `json:"not_scored,omitempty"`
}

// lookupGrader finds a grader by name for --grade or --scenario.
func lookupGrader(name string) (*grader.Grader, error) {
	g, ok := grader.Lookup(name)
	if !ok {
		var known []string
		for _, k := range guest.Kernels() {
			for _, o := range grader.ForKernel(k.Name) {
				known = append(known, fmt.Sprintf("%s (%s)", o.Name, o.Title))
			}
		}
		return nil, fmt.Errorf("no lab grader %q (known: %s)", name, strings.Join(known, ", "))
	}
	return g, nil
}

// runKernelLab is nicsim qemu --kernel without --cmd: the kernel's lab
// program, graded.
func runKernelLab(kernel, fsImg, gname string, port uint, timeout time.Duration, dir string, asJSON bool,
	logf func(string, ...any), stdout io.Writer) (int, error) {
	from := "--grade"
	if gname == "" {
		var err error
		if gname, err = qemu.DetectLab(kernel); err != nil {
			return exitUsage, usageError{err}
		}
		from = "the kernel's symbols"
	}
	g, err := lookupGrader(gname)
	if err != nil {
		return exitUsage, usageError{err}
	}
	if port == 0 || port > 65535 {
		return exitUsage, usagef("--port %d out of range 1..65535", port)
	}
	cmd, ok := qemu.LabCommand(g.Name)
	if !ok {
		return exitUsage, usagef("grader %s has no guest program nicsim can type", g.Name)
	}
	fmt.Fprintf(stdout, "[nicsim] qemu kernel=%s fs=%s: %s (grader from %s), NET_TESTS_PORT %d; typing %q at the shell\n",
		kernel, fsImg, g.Title, from, port, cmd)
	lr, err := agree.KernelLab(context.Background(), g, kernel, fsImg, uint16(port),
		qemu.KernelConfig{Timeout: timeout, ArtifactDir: dir, Logf: logf})
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return exitUsage, usageError{err}
		}
		return exitUsage, err
	}
	return reportLab(stdout, kernel, g, cmd, uint16(port), lr, asJSON), nil
}

// runGuestLab is nicsim qemu --driver D --scenario GRADER: the lab's
// program on nicsim's own guest built with the driver.
func runGuestLab(c *harness.Config, g *grader.Grader, timeout time.Duration, dir string, asJSON bool,
	logf func(string, ...any), stdout io.Writer) (int, error) {
	fmt.Fprintf(stdout, "[nicsim] qemu driver=%s: %s on nicsim's guest (one hart), the peer as the lab's host\n", c.Driver, g.Title)
	lr, err := agree.GuestLab(context.Background(), g, c, qemu.KernelConfig{Timeout: timeout, ArtifactDir: dir, Logf: logf})
	if err != nil {
		return exitUsage, usageError{err}
	}
	cmd, _ := qemu.LabCommand(g.Name)
	return reportLab(stdout, c.Driver, g, cmd+fmt.Sprintf(" %d", agree.GuestPort), agree.GuestPort, lr, asJSON), nil
}

// reportLab prints a graded run as make grade does, and its JSON line; the
// exit status is 0 when every subtest passed.
func reportLab(w io.Writer, who string, g *grader.Grader, cmd string, port uint16, lr *qemu.LabResult, asJSON bool) int {
	printRun(w, lr.Run, false) // the grader judges the lab's traffic, not the ping oracles
	for _, l := range lr.HostLines {
		fmt.Fprintf(w, "[nicsim] host: %s\n", l)
	}
	fmt.Fprintf(w, "[nicsim] make grade (%s):\n", g.Name)
	grader.Format(w, lr.Results, "  ")
	for _, n := range g.NotOurs {
		fmt.Fprintf(w, "  (not scored: %s)\n", n)
	}
	points, maxPoints := grader.Score(lr.Results)
	code := exitOK
	if points < maxPoints {
		code = exitFail
	}
	if asJSON {
		run := summarize(who, lr.Run)
		run.Common, run.Wire = agree.CommonQEMU(lr.Run.Verdict), ""
		s := labSummary{qemuSummary: run, Grader: g.Name, Command: cmd, Port: port,
			Points: points, Max: maxPoints, Subtests: lr.Results, NotOurs: g.NotOurs}
		s.Verdict = map[bool]string{true: "pass", false: "fail"}[code == exitOK]
		printJSON(w, s)
	}
	return code
}

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/nicsim/nicsim/harness"
)

// cmdZoo hunts every mutant of the zoo and prints a table: the bug class,
// whether it was found with the verdict it is tagged with, how fast, how
// small it shrank, and whether QEMU would show it.
func cmdZoo(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("zoo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var asJSON bool
	var seeds int
	var only string
	var grade bool
	fs.BoolVar(&asJSON, "json", false, "end with one JSON object per mutant and a summary object")
	fs.IntVar(&seeds, "seeds", 10000, "schedules to try per mutant")
	fs.StringVar(&only, "only", "", "comma-separated mutant names (zoo:KERNEL/NAME) to run; zoo:KERNEL/ runs all of a kernel's")
	fs.BoolVar(&grade, "grader", false, "hunt each mutant in its kernel's grader scenario (nettests, nettest) instead of the one it is tagged with")
	if err := fs.Parse(args); err != nil {
		return exitUsage, usagef("%v", err)
	}
	var names []string
	if only != "" {
		names = strings.Split(only, ",")
	}
	fmt.Fprintf(stdout, "%-34s %3s %-18s %-18s %5s %7s %7s %4s %s\n",
		"mutant", "row", "want", "got", "found", "scheds", "time", "pre", "qemu")
	zoo := harness.Zoo
	if grade {
		zoo = harness.ZooGrader
	}
	rows, sum, err := zoo(names, seeds, func(r harness.ZooRow) {
		found := "no"
		if r.Found {
			found = "yes"
		}
		pre := "-"
		if r.Preemptions >= 0 {
			pre = fmt.Sprint(r.Preemptions)
		}
		got := r.Class
		if r.Err != "" {
			got = "error"
		}
		if r.Needs != "" {
			found = "n/a"
		}
		fmt.Fprintf(stdout, "%-34s %3d %-18s %-18s %5s %7d %6.2fs %4s %s\n",
			r.Name, r.Row, r.Want, got, found, r.Schedules, r.FindS, pre, r.QEMU)
		if r.Needs != "" {
			fmt.Fprintf(stdout, "    not expressible by the scenario: needs %s\n", r.Needs)
		}
		if r.Err != "" {
			fmt.Fprintf(stdout, "    error: %s\n", r.Err)
		}
	})
	if err != nil {
		return exitUsage, usageError{err}
	}
	fmt.Fprintf(stdout, "[nicsim] zoo: %d/%d expressible mutants found with their tagged verdict (%d in all); time to find median %.2fs, max %.2fs; %d (%.0f%%) shrank to <= 3 preemptions\n",
		sum.Found, sum.Expressible, sum.Mutants, sum.MedianFindS, sum.MaxFindS, sum.ShrunkLE3, sum.ShrunkLE3Pct)
	if asJSON {
		for _, r := range rows {
			b, _ := json.Marshal(r)
			fmt.Fprintln(stdout, string(b))
		}
		b, _ := json.Marshal(sum)
		fmt.Fprintln(stdout, string(b))
	}
	if sum.Found < sum.Expressible {
		return exitFail, nil
	}
	return exitOK, nil
}

package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/nicsim/nicsim/harness"
)

// cmdBench measures scheduling decisions and whole schedules per second on
// one core, at the standard size: of --scenario, or of each scenario a
// hunt runs by default (the lab's grader and ping).
func cmdBench(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf scenarioFlags
	sf.register(fs)
	var dur time.Duration
	var pers string
	fs.DurationVar(&dur, "time", 3*time.Second, "how long to measure")
	fs.StringVar(&pers, "personality", "qemu", "qemu or strict")
	if err := fs.Parse(args); err != nil {
		return exitUsage, usagef("%v", err)
	}
	c := sf.cfg
	c.Includes = sf.includes
	c.Personality = pers
	named := c.Scenario != ""
	c.Defaults()
	if err := c.Validate(); err != nil {
		return exitUsage, usagef("%v", err)
	}
	t, err := harness.Open(&c)
	if err != nil {
		return exitUsage, usageError{err}
	}
	defer t.Close()
	for _, sc := range huntScenarios(&c, named) {
		if err := benchOne(t, forScenario(c, sf.cfg, sc), dur, stdout); err != nil {
			return exitUsage, err
		}
	}
	return exitOK, nil
}

// benchOne runs schedules of c for dur and prints their speed.
func benchOne(t harness.Target, c harness.Config, dur time.Duration, stdout io.Writer) error {
	var runs, steps uint64
	start := time.Now()
	for time.Since(start) < dur {
		c.Seed = runs + 1
		r, err := harness.Run(t, &c, harness.Options{})
		if err != nil {
			return err
		}
		runs++
		steps += r.Steps
	}
	el := time.Since(start).Seconds()
	ps := params(&c)
	if _, ok := harness.IsGrader(c.Scenario); ok {
		ps = "(the lab's program)"
	}
	fmt.Fprintf(stdout, "[nicsim] bench driver=%s scenario=%s personality=%s %s: %d schedules in %.2fs\n", t.Name(), c.Scenario, c.Personality, ps, runs, el)
	fmt.Fprintf(stdout, "[nicsim] %.0f schedules/s, %.2f M steps/s (%.1f ns/step), %.0f steps/schedule\n",
		float64(runs)/el, float64(steps)/el/1e6, el*1e9/float64(steps), float64(steps)/float64(runs))
	return nil
}

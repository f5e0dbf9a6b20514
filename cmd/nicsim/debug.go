package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/nicsim/nicsim/debugger"
)

// cmdDebug is `nicsim debug FILE [--do SCRIPT]`: the time-travel debugger,
// full screen, or running a script of commands without a terminal.
func cmdDebug(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("debug", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var script string
	fs.StringVar(&script, "do", "", "run these commands (separated by ';') and print each one's output, without a terminal")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: nicsim debug FILE.replay [--do \"finding; back 1; rings; who REGISTER\"]\n\n%s\n\nflags:\n", debugger.Help)
		fs.PrintDefaults()
	}
	path, f, _, _, err := loadReplayArg(fs, args)
	if err != nil {
		return exitUsage, err
	}
	e, err := debugger.OpenFile(path, f)
	if err != nil {
		return exitUsage, usageError{err}
	}
	defer e.Close()
	if trace, driver := e.Reproduces(); !driver || !trace {
		fmt.Fprintf(stderr, "[nicsim] note: the driver changed since %s was written or the run no longer reproduces it exactly (trace hash %016x, recorded %s): the debugger shows the run as it goes now\n",
			path, e.TraceHash(), f.TraceHash)
	}
	if script == "" {
		if err := debugger.RunTUI(e); err != nil {
			return exitUsage, usagef("the full-screen debugger needs a terminal (%v); --do \"CMD; CMD\" runs commands without one", err)
		}
		return exitOK, nil
	}
	fmt.Fprintf(stdout, "[nicsim] debug %s: driver=%s personality=%s seed=%d, %d steps, %d rows, verdict %s\n",
		path, e.Config.Driver, e.Config.Personality, e.Config.Seed, e.Steps(), len(e.Rows()), e.Verdict().Class)
	if err := e.Script(script, stdout); err != nil {
		return exitUsage, usageError{err}
	}
	return exitOK, nil
}

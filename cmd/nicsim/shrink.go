package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// cmdShrink cuts a replay file down to the fewest packets and preemptions
// that still fail the same way and writes it beside the original.
func cmdShrink(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("shrink", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var out string
	var runs int
	fs.StringVar(&out, "out", "", "where to write the shrunk file (default: FILE with -min before .replay)")
	fs.IntVar(&runs, "runs", 2000, "at most this many replays")
	path, f, cfg, ds, err := loadReplayArg(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if f.Verdict == "" || f.Verdict == "pass" {
		return exitUsage, usagef("%s records no failure to shrink", path)
	}
	t, err := harness.Open(cfg)
	if err != nil {
		return exitUsage, usagef("%s: %v", path, err)
	}
	defer t.Close()
	// The file's comments hold the verdict's message: shrink keeps its
	// signature (class and driver sites), not just the class.
	sig := diag.SignatureOf(&sim.Verdict{Class: f.Verdict, Message: strings.Join(f.Comments, "\n")})
	sh, err := harness.Shrink(t, *cfg, ds, sig, harness.ShrinkBudget{Runs: runs})
	if err != nil {
		return exitUsage, err
	}
	if sh == nil {
		fmt.Fprintf(stdout, "[nicsim] %s no longer fails with %s when replayed; nothing to shrink\n", path, f.Verdict)
		return exitOK, nil
	}
	if out == "" {
		out = strings.TrimSuffix(path, filepath.Ext(path)) + "-min.replay"
	}
	nf := harness.ToFile(t, &sh.Config, sh.Result)
	if err := nf.Save(out); err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(stdout, "[nicsim] shrunk in %d runs: %d -> %d preemptions, %d -> %d packets, %d -> %d decisions\n",
		sh.Runs, sh.Before, sh.Preemptions, sh.Packets[0], sh.Packets[1], len(ds), len(sh.Decisions))
	fmt.Fprintf(stdout, "[nicsim] FAIL %s: %s\n", sh.Result.Verdict.Class, indent(sh.Result.Verdict.Message))
	fmt.Fprintf(stdout, "[nicsim] replay: nicsim replay %s\n", out)
	return exitFail, nil
}

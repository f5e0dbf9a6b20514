package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

func fmtT(t sim.Time) string { return sim.FormatTime(t) }

func cmdReplay(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var trace, asJSON, useQEMU bool
	fs.BoolVar(&trace, "trace", false, "print every event of the run")
	fs.BoolVar(&useQEMU, "qemu", false, "replay the file's driver and scenario on the real guest build under QEMU")
	fs.BoolVar(&asJSON, "json", false, "end with one JSON summary line")
	var sb sandboxFlags
	sb.register(fs)
	inWorker := fs.Bool(inWorkerFlag, false, "internal: this is the worker process of a replay")
	// Accept flags after the file name too: nicsim replay FILE --trace.
	path, f, cfg, ds, err := loadReplayArg(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if useQEMU {
		return replayQEMU(path, f, cfg, ds, asJSON, stdout)
	}
	var h harness.Hunt
	if err := sb.apply(&h); err != nil {
		return exitUsage, err
	}
	if !*inWorker && hostedDriver(cfg) {
		return runInWorker("replay", args, h.Base.NoSandbox, h.RunTimeout, stdout, stderr, func(class, msg string) {
			if asJSON {
				b, _ := json.Marshal(jsonSummary{Verdict: "fail", Class: class, Seed: cfg.Seed, Schedules: 1, Replay: path,
					Driver: cfg.Driver, Strategy: cfg.Strategy, Pers: cfg.Personality, Message: msg})
				fmt.Fprintln(stdout, string(b))
			}
		})
	}
	cfg.KeepTrace, cfg.NoSandbox = trace, h.Base.NoSandbox
	t, err := harness.Open(cfg)
	if err != nil {
		return exitUsage, usagef("%s: %v", path, err)
	}
	defer t.Close()
	if *inWorker {
		if err := lockdownWorker(t, cfg.NoSandbox); err != nil {
			return exitUsage, err
		}
	}
	if f.DriverHash != "" && f.DriverHash != "-" && f.DriverHash != t.Hash() {
		fmt.Fprintf(stdout, "[nicsim] note: the driver changed since %s was written; replaying the recorded decisions while they fit, then continuing from the seed\n", path)
	}
	start := time.Now()
	tape := sim.NewReplayTape(ds, sim.NewSeedSource(cfg.Seed))
	r, err := harness.Run(t, cfg, harness.Options{Tape: tape, Record: true, LastN: 40})
	if err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(stdout, "[nicsim] replay %s: driver=%s personality=%s scenario=%s strategy=%s seed=%d\n",
		path, cfg.Driver, cfg.Personality, cfg.Scenario, cfg.Strategy, cfg.Seed)
	if trace {
		if err := r.Machine.Trace.WriteAll(stdout); err != nil {
			return exitUsage, err
		}
	}
	hash := fmt.Sprintf("%016x", r.TraceHash)
	code := exitOK
	if r.Failed() {
		code = exitFail
		report(stdout, cfg, r, 1, "")
	} else {
		fmt.Fprintf(stdout, "[nicsim] PASS: the run completed without a failure (%d steps)\n", r.Steps)
	}
	switch {
	case r.Diverged >= 0:
		fmt.Fprintf(stdout, "[nicsim] the run left the recorded schedule at decision %d of %d\n", r.Diverged+1, len(ds))
	case f.TraceHash == "":
	case strings.EqualFold(f.TraceHash, hash):
		fmt.Fprintf(stdout, "[nicsim] reproduced exactly: trace hash %s\n", hash)
	default:
		fmt.Fprintf(stdout, "[nicsim] trace hash %s differs from the recorded %s\n", hash, f.TraceHash)
	}
	if asJSON {
		v := "pass"
		if r.Failed() {
			v = "fail"
		}
		b, _ := json.Marshal(jsonSummary{Verdict: v, Class: r.Verdict.Class, Seed: cfg.Seed, Schedules: 1,
			Replay: path, TraceHash: hash, ElapsedS: time.Since(start).Seconds(), Driver: cfg.Driver,
			Strategy: cfg.Strategy, Pers: cfg.Personality, Message: r.Verdict.Message})
		fmt.Fprintln(stdout, string(b))
	}
	return code, nil
}

var _ = os.Stdout

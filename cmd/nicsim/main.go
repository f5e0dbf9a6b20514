// Command nicsim is the deterministic simulation and fuzzing testbed for
// teaching-kernel NIC drivers.
//
// Usage:
//
//	nicsim hunt   --driver model:xv6|ref:xv6|path/to/e1000.c [flags]   explore schedules
//	nicsim replay FILE [--trace] [--qemu]                             reproduce a failure
//	nicsim debug  FILE [--do "finding; back 1; rings"]                  time-travel debugger
//	nicsim qemu   --driver ref:xv6|zoo:ABI/NAME|path/to/e1000.c [flags] run a driver under QEMU
//	nicsim qemu   --kernel kernel/kernel --fs fs.img [--cmd CMD]       run a user's whole xv6 kernel
//	nicsim agree  [--json]                                           simulation vs QEMU on the zoo
//	nicsim grade  DIR [--json] [--junit F] [--html F] [--shard I/N]    hunt a class of submissions
//	nicsim grade merge SHARD.jsonl...                                join the shards of a class
//
// A C driver is compiled in a jail and run in sandboxed worker processes
// (--sandbox=off to run it as plain code); see package sandbox.
//
// Exit status: hunt exits 1 when it finds a bug at or above --fail-on
// (lab, hardware or faults; default hardware; a driver that killed its
// worker is a lab finding), replay when the failure reproduces; 0
// otherwise; 2 for bad usage or bad input. --json ends the output with one
// JSON object, also on exit status 2.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sandbox"
	"github.com/nicsim/nicsim/sim"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// usageError is bad usage or bad input: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

const topUsage = `nicsim: deterministic simulation and fuzzing of NIC drivers

Commands:
  hunt     explore schedules of a driver and report every distinct bug, by tier (lab, hardware, faults)
  replay   reproduce a failure from its replay file (--qemu: on the real guest under QEMU)
  qemu     run a driver (or a whole kernel) under QEMU and judge the run
  agree    compare simulation and QEMU verdicts on the reference drivers and the zoo
  shrink   cut a replay file down to the fewest packets and preemptions
  debug    step through a replay forward and back: rings, registers, locks, source (--do: scripted)
  zoo      hunt every mutant of the zoo and tabulate what was found
  grade    hunt every submission of a class folder: JSON lines, JUnit XML, one HTML page
  bench    measure scheduling speed
  help     show this help

Run 'nicsim COMMAND -h' for the flags of a command.
`

func main() {
	sandbox.ServeJail() // when started as the compiler's jail, become it
	// nicsim is a batch tool that allocates a little per run and keeps
	// little: trade memory for fewer collections unless GOGC says otherwise.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage)
		return exitUsage
	}
	var (
		code int
		err  error
	)
	switch args[0] {
	case "hunt":
		code, err = cmdHunt(args[1:], stdout, stderr)
	case "replay":
		code, err = cmdReplay(args[1:], stdout, stderr)
	case "shrink":
		code, err = cmdShrink(args[1:], stdout, stderr)
	case "debug":
		code, err = cmdDebug(args[1:], stdout, stderr)
	case "zoo":
		code, err = cmdZoo(args[1:], stdout, stderr)
	case "grade":
		code, err = cmdGrade(args[1:], stdout, stderr)
	case "bench":
		code, err = cmdBench(args[1:], stdout, stderr)
	case "qemu":
		code, err = cmdQEMU(args[1:], stdout, stderr)
	case "agree":
		code, err = cmdAgree(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, topUsage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "nicsim: unknown command %q\n\n%s", args[0], topUsage)
		if wantsJSON(args[1:]) {
			jsonError(stdout, fmt.Errorf("unknown command %q", args[0]))
		}
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "nicsim %s: %v\n", args[0], err)
		if args[0] != "hunt" && wantsJSON(args[1:]) {
			jsonError(stdout, err) // hunt ends with its own object
		}
		code = exitUsage
	}
	reportStatus(code) // to the parent, when this is a worker (replay_worker.go)
	return code
}

// parseFiles parses flags that may come before or after the positional file
// arguments (nicsim replay FILE --trace) and returns the files.
func parseFiles(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return files, nil
}

// loadReplayArg parses the flags and the one replay file argument of a
// command, and loads the file.
func loadReplayArg(fs *flag.FlagSet, args []string) (string, *corpus.File, *harness.Config, []sim.Decision, error) {
	files, err := parseFiles(fs, args)
	if err != nil {
		return "", nil, nil, nil, err
	}
	if len(files) != 1 {
		return "", nil, nil, nil, usagef("want exactly one replay file, got %d", len(files))
	}
	path := files[0]
	f, err := corpus.Load(path)
	if err != nil {
		return "", nil, nil, nil, usageError{err}
	}
	cfg, ds, err := harness.FromFile(f)
	if err != nil {
		return "", nil, nil, nil, usagef("%s: %v", path, err)
	}
	return path, f, cfg, ds, nil
}

// jsonError ends the output of a command that failed with exit status 2
// with the one JSON object --json promises.
func jsonError(w io.Writer, err error) {
	b, _ := json.Marshal(struct {
		Verdict string `json:"verdict"`
		Error   string `json:"error"`
	}{"error", err.Error()})
	fmt.Fprintln(w, string(b))
}

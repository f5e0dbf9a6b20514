package main

import (
	"fmt"
	"io"

	"github.com/nicsim/nicsim/harness"
)

// A run whose worker process the driver killed has a verdict but no trace:
// its events died with the worker. Its replay file names the seed (no
// decisions, no trace hash), and nicsim replay runs it in a worker process
// too, so that the death is reported again rather than taking nicsim down.

// writeDeath writes the replay file of a worker's death.
func writeDeath(base string, t harness.Target, c *harness.Config, r *harness.Result) (string, error) {
	f := harness.ToFile(t, c, r)
	f.TraceHash = ""
	path := base + ".replay"
	return path, f.Save(path)
}

// reportDeath prints a worker's death: the verdict and the replay command.
func reportDeath(w io.Writer, c *harness.Config, r *harness.Result, schedules int, path string) {
	fmt.Fprintf(w, "[nicsim] seed=%d strategy=%s personality=%s found after %d schedules\n",
		c.Seed, c.Strategy, c.Personality, schedules)
	fmt.Fprintf(w, "[nicsim] FAIL %s: %s\n", r.Verdict.Class, indent(r.Verdict.Message))
	if path != "" {
		fmt.Fprintf(w, "[nicsim] no trace: the run's events died with the worker; the replay file names the seed\n")
		fmt.Fprintf(w, "[nicsim] replay: nicsim replay %s\n", path)
	}
}

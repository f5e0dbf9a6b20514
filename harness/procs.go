package harness

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// Drivers whose image sits at fixed addresses (hosted C) run one at a time
// per process. To use every core, a hunt can explore its seeds in worker
// processes: worker w of n runs seeds w, w+n, w+2n, ... and reports each
// one on a line. A driver that takes a worker process down takes only that
// process: the hunt reports which seed it was running.

// RunWorker is the worker side: it explores this worker's share of the
// seeds and writes "done I" or "fail I HASH CLASS" per seed, stopping after
// the first failure.
func (h *Hunt) RunWorker(t Target, w, n int, out io.Writer) error {
	if err := h.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	defer bw.Flush()
	for i := w; i < h.Seeds; i += n {
		fmt.Fprintf(bw, "start %d\n", i)
		bw.Flush()
		c := h.SeedConfig(i)
		r, err := Run(t, &c, Options{})
		if err != nil {
			return err
		}
		if r.Failed() {
			fmt.Fprintf(bw, "fail %d %d %s\n", i, r.TraceHash, r.Verdict.Class)
			return nil
		}
		fmt.Fprintf(bw, "done %d\n", i)
	}
	return nil
}

// procOutcome is what the parent learned from its workers.
type procOutcome struct {
	done  int    // seeds completed
	best  int    // lowest failing seed index, or Seeds
	hash  uint64 // its trace hash
	class string // its verdict class
}

// exploreProcs runs the seeds in n worker processes made by spawn.
func (h *Hunt) exploreProcs(n int) (procOutcome, error) {
	out := procOutcome{best: h.Seeds}
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
		cmds     []*exec.Cmd
	)
	stopAll := func() {
		for _, c := range cmds {
			if c.Process != nil {
				c.Process.Kill()
			}
		}
	}
	for w := 0; w < n; w++ {
		cmd, err := h.Spawn(w, n)
		if err != nil {
			stopAll()
			return out, err
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			stopAll()
			return out, err
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			stopAll()
			return out, fmt.Errorf("starting hunt worker %d: %w", w, err)
		}
		cmds = append(cmds, cmd)
		wg.Add(1)
		go func(w int, cmd *exec.Cmd) {
			defer wg.Done()
			running := -1
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) < 2 {
					continue
				}
				i, _ := strconv.Atoi(f[1])
				mu.Lock()
				switch f[0] {
				case "start":
					running = i
					if i > out.best {
						cmd.Process.Kill() // nothing below the best failure is left to it
					}
				case "done":
					running = -1
					out.done++
				case "fail":
					running = -1
					out.done++
					if i < out.best && len(f) == 4 {
						out.best, out.class = i, f[3]
						out.hash, _ = strconv.ParseUint(f[2], 10, 64)
					}
				}
				mu.Unlock()
			}
			err := cmd.Wait()
			mu.Lock()
			defer mu.Unlock()
			if err != nil && running >= 0 && running < out.best && firstErr == nil {
				firstErr = fmt.Errorf("hunt worker %d died running seed index %d (seed %d): %v\n%s",
					w, running, h.Base.Seed+uint64(running), err, strings.TrimSpace(stderr.String()))
			}
		}(w, cmd)
	}
	wg.Wait()
	return out, firstErr
}

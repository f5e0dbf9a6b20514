package harness

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/diag"
)

// Drivers whose image sits at fixed addresses (hosted C) run one at a time
// per process. To use every core, a hunt can explore its seeds in worker
// processes: worker w of n runs seeds w, w+n, w+2n, ... and reports each
// one on a line. A driver that takes a worker process down takes only that
// process: the hunt reports which seed it was running.

// RunWorker is the worker side: it explores this worker's share of the
// seeds and writes, per seed, a line "fail I HASH FAULTY SHORT SIGNATURE"
// for each failure of its run and then "done I", stopping after the first
// failing seed when the hunt is First.
func (h *Hunt) RunWorker(t Target, w, n int, out io.Writer) error {
	if err := h.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	defer bw.Flush()
	var gov stepGovernor
	for i := w; i < h.Seeds; i += n {
		fmt.Fprintf(bw, "start %d\n", i)
		bw.Flush()
		r, short, err := h.runSeed(t, i, h.First, &gov)
		if err != nil {
			return err
		}
		for _, s := range sightingsOf(i, r, short) {
			fmt.Fprintf(bw, "fail %d %d %t %t %s\n", i, s.hash, s.faulty, s.short, s.sig)
		}
		fmt.Fprintf(bw, "done %d\n", i)
		if h.First && r.Failed() {
			return nil
		}
	}
	return nil
}

// procOutcome is what the parent learned from its workers.
type procOutcome struct {
	done int        // seeds completed
	best int        // lowest failing seed index, or Seeds
	seen []sighting // the failing seeds
}

// exploreProcs runs the seeds in n worker processes made by spawn; with
// first, workers past the lowest failing seed are stopped.
func (h *Hunt) exploreProcs(n int, first bool) (procOutcome, error) {
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
					if first && i > out.best {
						cmd.Process.Kill() // nothing below the best failure is left to it
					}
				case "done":
					running = -1
					out.done++
				case "fail":
					if s, ok := parseSighting(i, f); ok {
						out.seen = append(out.seen, s)
						out.best = min(out.best, i)
					}
				}
				mu.Unlock()
			}
			err := cmd.Wait()
			mu.Lock()
			defer mu.Unlock()
			if err != nil && running >= 0 && (running < out.best || !first) && firstErr == nil {
				firstErr = fmt.Errorf("hunt worker %d died running seed index %d (seed %d): %v\n%s",
					w, running, h.Base.Seed+uint64(running), err, strings.TrimSpace(stderr.String()))
			}
		}(w, cmd)
	}
	wg.Wait()
	return out, firstErr
}

// parseSighting reads the fields of a worker's "fail I HASH FAULTY SHORT
// SIG" line.
func parseSighting(i int, f []string) (sighting, bool) {
	if len(f) < 6 {
		return sighting{}, false
	}
	hash, err := strconv.ParseUint(f[2], 10, 64)
	if err != nil {
		return sighting{}, false
	}
	return sighting{index: i, hash: hash, faulty: f[3] == "true", short: f[4] == "true",
		sig: diag.Signature(strings.Join(f[5:], " "))}, true
}

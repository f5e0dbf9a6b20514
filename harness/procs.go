package harness

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Drivers whose image sits at fixed addresses (hosted C) run one at a time
// per process. To use every core, a hunt can explore its seeds in worker
// processes: worker w of n runs seeds w, w+n, w+2n, ... and reports each
// one on a line. A driver that takes a worker process down takes only that
// process: its death is a finding on the seed it was running (see
// deaths.go).

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
		if i < h.From {
			continue
		}
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
	died  *death // the worker running seed best died (nil: it reported a failure)
}

// exploreProcs runs the seeds in n worker processes made by spawn.
func (h *Hunt) exploreProcs(n int) (procOutcome, error) {
	out := procOutcome{best: h.Seeds}
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		cmds     []*exec.Cmd
		firstErr error
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
		p, err := h.startWorker(w, cmd)
		if err != nil {
			stopAll()
			return out, err
		}
		cmds = append(cmds, cmd)
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.follow(func(f []string, i int) {
				mu.Lock()
				defer mu.Unlock()
				out.note(f, i, cmd)
			})
			d, err := p.wait()
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			if d != nil && d.seed < out.best {
				out.best, out.died, out.class = d.seed, d, d.class
			}
		}()
	}
	wg.Wait()
	return out, firstErr
}

// note takes one line of a worker: "start I", "done I", "fail I HASH CLASS".
func (o *procOutcome) note(f []string, i int, cmd *exec.Cmd) {
	switch f[0] {
	case "start":
		if i > o.best {
			cmd.Process.Kill() // nothing below the best failure is left to it
		}
	case "done":
		o.done++
	case "fail":
		o.done++
		if i < o.best && len(f) == 4 {
			o.best, o.class, o.died = i, f[3], nil
			o.hash, _ = strconv.ParseUint(f[2], 10, 64)
		}
	}
}

// workerProc follows one worker process: the seed it runs, its stderr,
// and a wall-clock budget per seed.
type workerProc struct {
	w       int
	cmd     *exec.Cmd
	stdout  io.Reader
	stderr  strings.Builder
	budget  time.Duration
	mu      sync.Mutex
	running int // seed index being run, -1 between seeds
	timer   *time.Timer
	overran bool
}

// startWorker starts worker w; its seeds get h's per-run wall-clock budget.
func (h *Hunt) startWorker(w int, cmd *exec.Cmd) (*workerProc, error) {
	p := &workerProc{w: w, cmd: cmd, running: -1, budget: h.runTimeout()}
	var err error
	if p.stdout, err = cmd.StdoutPipe(); err != nil {
		return nil, err
	}
	cmd.Stderr = &limitedWriter{b: &p.stderr, n: 4096}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting hunt worker %d: %w", w, err)
	}
	return p, nil
}

// follow reads the worker's lines, calling note for each, until it exits.
func (p *workerProc) follow(note func(f []string, i int)) {
	sc := bufio.NewScanner(p.stdout)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		i, _ := strconv.Atoi(f[1])
		p.mu.Lock()
		if p.timer != nil {
			p.timer.Stop()
		}
		p.running = -1
		if f[0] == "start" {
			p.running = i
			p.timer = time.AfterFunc(p.budget, p.overrun)
		}
		p.mu.Unlock()
		note(f, i)
	}
}

// overrun ends a worker whose seed ran past the wall-clock budget.
func (p *workerProc) overrun() {
	p.mu.Lock()
	p.overran = true
	p.mu.Unlock()
	p.cmd.Process.Kill()
}

// wait reaps the worker and returns its death while running a seed (an
// exit of any status before the seed's end line; nil between seeds). A worker that fails between seeds (it could not
// open the driver or set up its sandbox) is an error of nicsim.
func (p *workerProc) wait() (*death, error) {
	err := p.cmd.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.running < 0 {
		if err != nil {
			return nil, fmt.Errorf("hunt worker %d: %v: %s", p.w, err, firstLine(p.stderr.String()))
		}
		return nil, nil
	}
	return newDeath(p.running, err, p.overran, p.budget, p.stderr.String()), nil
}

// limitedWriter keeps the first n bytes written to it (a worker's stderr:
// enough for the first line of a crash, never a whole goroutine dump).
type limitedWriter struct {
	b *strings.Builder
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

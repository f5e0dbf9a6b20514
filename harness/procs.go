package harness

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nicsim/nicsim/diag"
)

// Drivers whose image sits at fixed addresses (hosted C) run one at a time
// per process. To use every core, a hunt can explore its seeds in worker
// processes: worker w of n runs seeds w, w+n, w+2n, ... (from Hunt.From on)
// and reports each one on a line. A driver that takes a worker process down
// takes only that process: its death is a finding on the seed it was
// running (see deaths.go), and a fresh worker goes on with the rest of that
// worker's seeds.

// RunWorker is the worker side: it explores this worker's share of the
// seeds and writes, per seed, "start I", then a line "fail I HASH FAULTY
// SHORT SIGNATURE" for each failure of its run and then "done I", stopping
// after the first failing seed when the hunt is First.
func (h *Hunt) RunWorker(t Target, w, n int, out io.Writer) error {
	if err := h.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	defer bw.Flush()
	var gov stepGovernor
	for i := w; i < h.Seeds; i += n {
		if i < h.From {
			continue
		}
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
	done   int        // seeds completed (a death completes its seed)
	best   int        // lowest failing seed index, or Seeds
	seen   []sighting // the failures, deaths included once confirmed
	deaths []*death   // deaths not yet confirmed
}

// exploreProcs runs the seeds in n worker processes made by Spawn; with
// first, workers past the lowest failing seed are stopped. A worker that
// dies running a seed is replaced by a fresh one for the rest of its
// seeds; each death is then confirmed alone (confirmDeath).
func (h *Hunt) exploreProcs(n int, first bool) (procOutcome, error) {
	out := procOutcome{best: h.Seeds}
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
		procs    []*workerProc
		stopped  bool
	)
	var start func(w, from int)
	start = func(w, from int) {
		if stopped || firstErr != nil {
			return
		}
		cmd, err := h.Spawn(w, n, from)
		if err == nil {
			var p *workerProc
			if p, err = h.startWorker(w, cmd); err == nil {
				procs = append(procs, p)
				wg.Add(1)
				go h.followWorker(p, n, first, &out, &mu, &wg, &firstErr, start)
				return
			}
		}
		firstErr = err
	}
	mu.Lock()
	for w := 0; w < n && w < h.Seeds; w++ {
		start(w, h.From)
	}
	if firstErr != nil {
		stopped = true
		for _, p := range procs {
			p.cmd.Process.Kill()
		}
	}
	mu.Unlock()
	wg.Wait()
	if firstErr != nil {
		return out, firstErr
	}
	return out, h.confirmDeaths(&out, first)
}

// followWorker reads worker p's lines into out until it exits; if it died
// running a seed, it records the death and starts a fresh worker (through
// start, with mu held) for the seeds after it.
func (h *Hunt) followWorker(p *workerProc, n int, first bool, out *procOutcome, mu *sync.Mutex, wg *sync.WaitGroup,
	firstErr *error, start func(w, from int)) {
	defer wg.Done()
	p.follow(func(f []string, i int) {
		mu.Lock()
		defer mu.Unlock()
		out.note(f, i, first, p.cmd)
	})
	d, err := p.wait()
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		if *firstErr == nil {
			*firstErr = err
		}
		return
	}
	if d == nil || (first && d.seed > out.best) {
		return // a clean end, or killed past the best failure
	}
	if !d.late {
		out.done++
	}
	out.deaths = append(out.deaths, d)
	out.best = min(out.best, d.seed)
	if next := d.seed + n; next < h.Seeds && !(first && next > out.best) {
		start(p.w, d.seed+1)
	}
}

// note takes one line of a worker: "start I", "fail I ...", "done I".
func (o *procOutcome) note(f []string, i int, first bool, cmd *exec.Cmd) {
	switch f[0] {
	case "start":
		if first && i > o.best {
			cmd.Process.Kill() // nothing below the best failure is left to it
		}
	case "done":
		o.done++
	case "fail":
		if s, ok := parseSighting(i, f); ok {
			o.seen = append(o.seen, s)
			o.best = min(o.best, i)
		}
	}
}

// confirmDeaths runs each death's seed again alone (with first, only the
// lowest; of a kind that came back alone once, no more) and records what
// it gives as sightings.
func (h *Hunt) confirmDeaths(out *procOutcome, first bool) error {
	slices.SortFunc(out.deaths, func(a, b *death) int { return a.seed - b.seed })
	confirmed := map[diag.Signature]bool{}
	for _, d := range out.deaths {
		if first && d.seed > out.best {
			break
		}
		if confirmed[d.sig()] {
			// One death of this kind came back alone: the others are
			// the same bug, not worth a process each.
			out.seen = append(out.seen, sighting{index: d.seed, sig: d.sig(), died: d})
			continue
		}
		seen, err := h.confirmDeath(d)
		if err != nil {
			return err
		}
		if len(seen) == 1 && seen[0].died != nil && !seen[0].died.passedAlone {
			confirmed[seen[0].sig] = true
		}
		out.seen = append(out.seen, seen...)
	}
	out.deaths = nil
	return nil
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
	last    int // the last seed that ended, -1 before the first
	timer   *time.Timer
	overran bool
}

// startWorker starts worker w; its seeds get h's per-run wall-clock budget.
func (h *Hunt) startWorker(w int, cmd *exec.Cmd) (*workerProc, error) {
	p := &workerProc{w: w, cmd: cmd, running: -1, last: -1, budget: h.runTimeout()}
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
// A seed runs from its "start" line to its "done" line; its "fail" lines
// come in between.
func (p *workerProc) follow(note func(f []string, i int)) {
	sc := bufio.NewScanner(p.stdout)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		i, _ := strconv.Atoi(f[1])
		p.mu.Lock()
		switch f[0] {
		case "start":
			p.stopTimer()
			p.running = i
			p.timer = time.AfterFunc(p.budget, p.overrun)
		case "done":
			p.stopTimer()
			p.running, p.last = -1, i
		}
		p.mu.Unlock()
		note(f, i)
	}
}

func (p *workerProc) stopTimer() {
	if p.timer != nil {
		p.timer.Stop()
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
// exit of any status before the seed's end line; nil between seeds). A
// worker that dies after a seed's end line died of that seed: a signal
// the driver sent its own process (kill(getpid(), SIGABRT) with the
// sandbox off) may be taken by another thread after the seed returned.
// A worker that fails before its first seed (it could not open the
// driver or set up its sandbox) is an error of nicsim.
func (p *workerProc) wait() (*death, error) {
	err := p.cmd.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopTimer()
	if p.running < 0 && err != nil && p.last >= 0 {
		d := newDeath(p.last, err, p.overran, p.budget, p.stderr.String())
		d.late = true
		return d, nil
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

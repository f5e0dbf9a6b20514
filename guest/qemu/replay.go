package qemu

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// replay is the host side of one [Run]: it reads the console, drives the peer,
// and reaches a verdict.
type replay struct {
	cfg   RunConfig
	m     *machine
	syms  *symtab
	start time.Time

	res     Result
	console []byte
	scanned int // console bytes already split into lines
	marks   guestMarks
	last    time.Time // last console output or frame
	probeAt time.Time // when the liveness probe was typed; zero if none
	hold    holding
	verdict *Verdict
	err     error
	wireErr error // the first frame the wire refused (then no more are sent)
	refused int   // frames not delivered to the guest since
}

// guestMarks is what the console has told so far.
type guestMarks struct {
	ready     bool
	readyAt   time.Time
	lastMark  string
	panicLine string
	bt        []uint64
	done      bool
	sent      int
	txFail    int
	aborted   bool
	rx        map[uint32]int
}

// probeCommand is typed on the console to tell a live guest from a dead one.
const probeCommand = "stat\n"

func (r *replay) run(ctx context.Context) (*Result, error) {
	r.last = time.Now()
	r.marks.rx = map[uint32]int{}
	deadline := r.start.Add(r.cfg.Timeout * 9 / 10) // leave time to ask the monitor
	console, frames := r.m.console, r.m.wire.frames
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for r.verdict == nil && r.err == nil {
		timer.Reset(time.Until(r.nextCheck(deadline)))
		select {
		case chunk, ok := <-console:
			if !ok {
				console = nil
				r.onExit()
				continue
			}
			r.onConsole(chunk)
		case f, ok := <-frames:
			if !ok {
				frames = nil
				continue
			}
			r.onFrame(f)
		case <-timer.C:
			r.onQuiet(deadline)
		case <-ctx.Done():
			return nil, fmt.Errorf("qemu: run aborted: %w", ctx.Err())
		}
	}
	r.res.Console = string(r.console)
	if r.err != nil {
		return nil, r.err
	}
	r.res.Verdict = *r.verdict
	r.res.Verdict.Message += wireNote(r.wireErr, r.refused)
	return &r.res, nil
}

// nextCheck is when onQuiet must look at the run again.
func (r *replay) nextCheck(deadline time.Time) time.Time {
	quiet := r.cfg.Quiet
	if !r.marks.ready {
		// Booting: a loaded host can take seconds to start QEMU and the guest.
		quiet = max(quiet, 3*time.Second)
	}
	next := r.last.Add(quiet)
	if !r.probeAt.IsZero() {
		next = r.probeAt.Add(probeWait(r.cfg.Quiet))
	}
	if len(r.hold.outs) > 0 && r.hold.since.Add(holdMax).Before(next) {
		next = r.hold.since.Add(holdMax)
	}
	if deadline.Before(next) {
		return deadline
	}
	return next
}

func (r *replay) onConsole(chunk []byte) {
	r.console = append(r.console, chunk...)
	r.last = time.Now()
	for {
		i := strings.IndexByte(string(r.console[r.scanned:]), '\n')
		if i < 0 {
			return
		}
		line := strings.TrimRight(string(r.console[r.scanned:r.scanned+i]), "\r")
		r.scanned += i + 1
		r.onLine(line)
		if r.verdict != nil || r.err != nil {
			return
		}
	}
}

func (r *replay) onFrame(f []byte) {
	r.last = time.Now()
	r.res.Frames = append(r.res.Frames, f)
	outs := r.cfg.Peer.OnFrame(r.now(), f)
	if !r.cfg.Scenario.Lockstep {
		r.inject(outs)
		return
	}
	r.hold.add(outs, len(r.res.Frames))
	r.release(false)
}

// now is the peer's clock: wall ns since the guest said ready.
func (r *replay) now() int64 {
	if !r.marks.ready {
		return 0
	}
	return int64(time.Since(r.marks.readyAt))
}

func (r *replay) onExit() {
	if r.marks.panicLine != "" {
		r.judgePanic()
		return
	}
	if r.wireErr != nil {
		r.verdict = &Verdict{Hang, "QEMU exited during the run: " + strings.TrimSpace(r.m.stderr.String())}
		return
	}
	r.err = fmt.Errorf("qemu: exited during the run: %s", strings.TrimSpace(r.m.stderr.String()))
}

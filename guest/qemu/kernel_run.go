package qemu

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nicsim/nicsim/stack"
)

// kernelProbe is typed to tell a live xv6 from a dead one: xv6's console echoes
// input even while a program runs, and the DEL erases the space again.
const kernelProbe = " \x7f"

// kernelRun is the host side of one [RunKernel].
type kernelRun struct {
	promptFrom int  // console offset from which a "$ " prompt counts
	done       bool // every command ran; pass once the console settles
	cfg        KernelConfig
	m          *machine
	syms       *symtab
	start      time.Time
	res        Result
	console    []byte
	scanned    int
	typed      int // commands typed so far
	last       time.Time
	progress   time.Time // last console output (not a probe's echo) or frame
	probeAt    time.Time
	probeAt0   int // console length when the probe was typed
	verdict    *Verdict
	err        error
	wireErr    error // the first frame the wire refused (then no more are sent)
	refused    int   // frames not delivered to the guest since
}

func (k *kernelRun) run(ctx context.Context) (*Result, error) {
	k.last = time.Now()
	k.progress = k.last
	deadline := k.start.Add(k.cfg.Timeout * 9 / 10)
	console, frames := k.m.console, k.m.wire.frames
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for k.verdict == nil && k.err == nil {
		next := k.last.Add(k.quiet())
		if k.done {
			next = k.last.Add(settle)
		}
		if !k.probeAt.IsZero() {
			next = k.probeAt.Add(k.probeWait())
		}
		if t := k.progress.Add(k.cfg.Stall); k.cfg.Stall > 0 && t.Before(next) {
			next = t
		}
		if deadline.Before(next) {
			next = deadline
		}
		timer.Reset(time.Until(next))
		select {
		case chunk, ok := <-console:
			if !ok {
				console = nil
				if k.wireErr != nil { // the guest's doing: a verdict, not a failed run
					k.verdict = &Verdict{Hang, "QEMU exited during the run: " + strings.TrimSpace(k.m.stderr.String())}
					continue
				}
				k.err = fmt.Errorf("qemu: exited during the run: %s", strings.TrimSpace(k.m.stderr.String()))
				continue
			}
			k.onConsole(chunk)
		case f, ok := <-frames:
			if !ok {
				frames = nil
				continue
			}
			k.last = time.Now()
			k.progress = k.last
			k.res.Frames = append(k.res.Frames, f)
			k.inject(k.cfg.Peer.OnFrame(int64(time.Since(k.start)), f))
		case <-timer.C:
			k.onQuiet(deadline)
		case <-ctx.Done():
			return nil, fmt.Errorf("qemu: run aborted: %w", ctx.Err())
		}
	}
	k.res.Console = string(k.console)
	if k.err != nil {
		return nil, k.err
	}
	k.res.Verdict = *k.verdict
	k.res.Verdict.Message += wireNote(k.wireErr, k.refused)
	return &k.res, nil
}

func (k *kernelRun) onConsole(chunk []byte) {
	k.console = append(k.console, chunk...)
	k.last = time.Now()
	if bytes.ContainsFunc(chunk, func(r rune) bool { return r > ' ' || r == '\n' }) {
		k.progress = k.last // not only a probe's echo (spaces, backspaces)
	}
	if !k.probeAt.IsZero() && len(k.console) > k.probeAt0 {
		k.probeAt = time.Time{} // the console echoed: alive
	}
	for {
		i := bytes.IndexByte(k.console[k.scanned:], '\n')
		if i < 0 {
			break
		}
		line := strings.TrimRight(string(k.console[k.scanned:k.scanned+i]), "\r")
		k.scanned += i + 1
		if i := strings.Index(line, "panic: "); i >= 0 { // typed input may echo before it
			k.verdict = &Verdict{Panic, line[i:]}
			return
		}
		if !k.cfg.KeepGoing && k.cfg.Fail.MatchString(line) {
			k.verdict = &Verdict{LostPacket, line}
			return
		}
	}
	// A prompt printed since the last command counts even if the guest
	// printed more after it (received datagrams arrive asynchronously).
	if i := bytes.LastIndex(k.console, []byte("$ ")); i >= k.promptFrom {
		k.promptFrom = len(k.console)
		k.atPrompt()
	}
}

// settle is how long the console must stay quiet after the last command's
// prompt before the run passes: received frames (and a panic they cause)
// print asynchronously.
const settle = 150 * time.Millisecond

// atPrompt types the next command, or passes the run after the last one.
func (k *kernelRun) atPrompt() {
	if k.typed == 0 {
		k.res.BootWall = time.Since(k.start)
		k.cfg.Logf("[qemu] shell prompt after %v", k.res.BootWall)
		k.inject(k.cfg.Peer.Start(int64(time.Since(k.start))))
	}
	if k.typed == len(k.cfg.Commands) {
		k.done = true // pass once the console settles: a panic may still come
		return
	}
	cmd := k.cfg.Commands[k.typed]
	k.typed++
	k.cfg.Logf("[qemu] $ %s", cmd)
	if err := k.m.send(cmd + "\n"); err != nil {
		k.err = fmt.Errorf("qemu: console: %w", err)
	}
}

func (k *kernelRun) inject(outs []stack.Out) {
	for _, o := range outs {
		f := append([]byte(nil), o.Frame...)
		if k.wireErr != nil {
			k.refused++
			continue
		}
		if err := k.m.wire.send(f); err != nil {
			// The guest stopped taking frames: judge the guest, not the run.
			k.wireErr, k.refused = err, 1
			k.cfg.Logf("[qemu] wire: %v; no more frames to the guest", err)
			continue
		}
		k.res.Injected = append(k.res.Injected, f)
	}
}

// quiet is how long the console may stay silent before it is probed: Quiet
// once the guest has printed, and a boot allowance before (a loaded host
// can take seconds to start QEMU and boot the kernel).
func (k *kernelRun) quiet() time.Duration {
	if len(k.console) == 0 {
		return max(k.cfg.Quiet, k.cfg.Timeout/4)
	}
	return k.cfg.Quiet
}

// probeWait is how long a probed console has to answer (it echoes the
// probe) before it is judged dead.
func (k *kernelRun) probeWait() time.Duration { return ProbeWait(k.cfg.Quiet / 4) }

// onQuiet probes a silent console once; a live one that is stuck is LostPacket,
// a dead one is Hang.
func (k *kernelRun) onQuiet(deadline time.Time) {
	now := time.Now()
	switch {
	case k.done && now.Sub(k.last) >= settle:
		k.verdict = &Verdict{Pass, fmt.Sprintf("%d commands completed", k.typed)}
	case !now.Before(deadline):
		k.judge("run timed out")
	case k.cfg.Stall > 0 && now.Sub(k.progress) >= k.cfg.Stall && k.probeAt.IsZero():
		k.judge(fmt.Sprintf("no output and no frame for %v", k.cfg.Stall))
	case k.probeAt.IsZero() && now.Sub(k.last) >= k.quiet():
		k.probeAt, k.probeAt0 = now, len(k.console)
		if err := k.m.send(kernelProbe); err != nil {
			k.judge("console not writable")
		}
	case !k.probeAt.IsZero() && now.Sub(k.probeAt) >= k.probeWait():
		k.judge("console dead")
	}
}

// judge ends a run that did not finish: alive (the console still echoes) or not.
func (k *kernelRun) judge(why string) {
	where := fmt.Sprintf("after %d of %d commands", k.typed, len(k.cfg.Commands))
	if why != "console dead" && k.probeAt.IsZero() {
		k.verdict = &Verdict{LostPacket, why + " with the console alive, " + where}
		return
	}
	msg := why + " " + where
	if len(k.console) == 0 {
		msg += " (no console output at all: old xv6 lab trees need the PMP grant in start.c on QEMU 6+; see guest/qemu/README.md)"
	}
	text, err := k.m.hmp("info registers -a", 500*time.Millisecond)
	if err != nil {
		k.verdict = &Verdict{Hang, msg + "; " + err.Error()}
		return
	}
	k.res.Harts = parseHarts(text)
	for i := range k.res.Harts {
		h := &k.res.Harts[i]
		h.Sym = k.syms.name(h.PC)
		msg += fmt.Sprintf("; hart %d at %s (pc 0x%x)", h.CPU, h.Sym, h.PC)
	}
	k.verdict = &Verdict{Hang, msg}
}

package pc

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/stack"
)

// session is the host side of one [Run]: it reads the console, carries frames
// between the guest and the peer, and reaches a verdict.
type session struct {
	cfg   RunConfig
	m     *qemu.Machine
	syms  *qemu.Symbols
	start time.Time

	res     Result
	console []byte
	scanned int
	ready   bool
	readyAt time.Time
	pings   int
	// tooLarge and noMem are the driver's ETH_TOO_LARGE and ETH_NO_MEM as
	// _eth_tx returns them (the workload's ready line says).
	tooLarge, noMem int
	panicLine       string
	bt              []uint32
	lastMark        string
	lastStat        string      // the last answer to the liveness probe
	held            []stack.Out // lockstep: the peer's frames waiting for an idle guest
	idle            bool        // the guest's last line said it halts waiting
	idleSent        int         // frames the guest had handed to the driver then
	last            time.Time   // last console output or frame
	probeAt         time.Time   // when the liveness probe was typed; zero if none
	verdict         *Verdict
	err             error
}

// probeCommand is typed on the console; a live workload answers "nicsim: stat"
// and sends what it waits an answer for again.
const probeCommand = "r\n"

// Ended implements qemu.Host.
func (s *session) Ended() bool { return s.verdict != nil || s.err != nil }

func (s *session) run(ctx context.Context) (*Result, error) {
	s.last = time.Now()
	frames, err := qemu.Serve(ctx, s.m, s.start.Add(s.cfg.Timeout*9/10), s) // leave time to ask the monitor
	if err != nil {
		return nil, fmt.Errorf("pc: run aborted: %w", err)
	}
	if s.err == nil { // the guest prints "done" once the device sent every frame: they are in the socket
		s.res.Frames = append(s.res.Frames, qemu.Drain(frames)...)
	}
	s.res.Console = string(s.console)
	if s.err != nil {
		return nil, s.err
	}
	s.res.Verdict = *s.verdict
	return &s.res, nil
}

// NextCheck implements qemu.Host: when OnQuiet must look at the run again.
func (s *session) NextCheck(deadline time.Time) time.Time {
	next := s.last.Add(s.quiet())
	if !s.probeAt.IsZero() {
		next = s.probeAt.Add(qemu.ProbeWait(s.cfg.Quiet))
	}
	if deadline.Before(next) {
		return deadline
	}
	return next
}

// quiet is how long the run may be silent before the console is probed:
// longer while QEMU and the firmware start (seconds on a loaded host) and
// while the guest boots (the PCI scan, the PORT reset's delay).
func (s *session) quiet() time.Duration {
	switch {
	case len(s.console) == 0:
		return max(s.cfg.Quiet, s.cfg.Timeout/3)
	case !s.ready:
		return max(s.cfg.Quiet, time.Second)
	}
	return s.cfg.Quiet
}

// OnConsole implements qemu.Host.
func (s *session) OnConsole(chunk []byte) {
	s.console = append(s.console, chunk...)
	s.last = time.Now()
	for s.verdict == nil && s.err == nil {
		i := strings.IndexByte(string(s.console[s.scanned:]), '\n')
		if i < 0 {
			return
		}
		line := strings.TrimRight(string(s.console[s.scanned:s.scanned+i]), "\r")
		s.scanned += i + 1
		s.onLine(line)
	}
}

// OnFrame implements qemu.Host.
func (s *session) OnFrame(f []byte) {
	s.last = time.Now()
	s.res.Frames = append(s.res.Frames, f)
	now := int64(0)
	if s.ready {
		now = int64(time.Since(s.readyAt))
	}
	s.send(s.cfg.Peer.OnFrame(now, f))
}

// onReady starts the peer once the guest has loaded its address.
func (s *session) onReady(line string) {
	s.ready, s.readyAt = true, time.Now()
	s.res.BootWall = time.Since(s.start)
	s.pings = atoi(fields(line), "pings")
	s.tooLarge, s.noMem = readyCodes(line)
	s.cfg.Logf("[pc] ready after %v", s.res.BootWall)
	outs := s.cfg.Peer.Start(0)
	if s.cfg.Lockstep {
		// The guest's first frames may have been read (and answered) before
		// this line: the peer's opening frames still go first.
		s.held = append(append([]stack.Out(nil), outs...), s.held...)
		s.release()
		return
	}
	s.inject(outs)
}

// inject puts the peer's frames on the wire, at once and in order.
func (s *session) inject(outs []stack.Out) {
	for _, o := range outs {
		f := append([]byte(nil), o.Frame...)
		if err := s.m.SendFrame(f); err != nil {
			s.err = fmt.Errorf("pc: wire: %w", err)
			return
		}
		s.res.Injected = append(s.res.Injected, f)
	}
}

// OnExit implements qemu.Host.
func (s *session) OnExit() {
	if s.panicLine != "" {
		s.judgePanic()
		return
	}
	s.verdict = &Verdict{Panic, "QEMU exited (a triple fault resets the machine, and -no-reboot ends it)" +
		tail(s.m.Stderr())}
}

func tail(stderr string) string {
	if stderr = strings.TrimSpace(stderr); stderr == "" {
		return ""
	}
	return ": " + stderr
}

// OnQuiet implements qemu.Host: it runs when nothing happened for a while:
// finish a panic, probe the console, or judge a dead console a hang.
func (s *session) OnQuiet(deadline time.Time) {
	switch {
	case s.panicLine != "":
		s.judgePanic()
	case len(s.held) > 0:
		s.cfg.Logf("[pc] lockstep: the guest is not idle with all its frames sent; injecting %d frames", len(s.held))
		s.flush()
	case s.probeAt.IsZero() && time.Now().Before(deadline):
		s.probe()
	case time.Now().Before(s.probeAt.Add(qemu.ProbeWait(s.cfg.Quiet))) && time.Now().Before(deadline):
		// the probe is still in flight
	case time.Since(s.last) < s.cfg.Quiet:
		s.verdict = &Verdict{Missing, fmt.Sprintf("the workload did not finish within %v (last line %q); %s",
			s.cfg.Timeout, s.lastMark, s.summary())}
	default:
		s.judgeHang("console dead")
	}
}

// probe types the probe command: a live workload answers with a stat line
// and, if it waits for an answer, sends its request again.
func (s *session) probe() {
	s.probeAt = time.Now()
	if err := s.m.Type(probeCommand); err != nil {
		s.judgeHang("console not writable")
	}
}

var (
	eipRE  = regexp.MustCompile(`EIP=([0-9a-fA-F]{8})`)
	ebpRE  = regexp.MustCompile(`EBP=([0-9a-fA-F]{8})`)
	espRE  = regexp.MustCompile(`ESP=([0-9a-fA-F]{8})`)
	wordRE = regexp.MustCompile(`0x([0-9a-fA-F]+)`)
)

// judgeHang asks the monitor where the CPU is.
func (s *session) judgeHang(why string) {
	msg := why
	if s.lastMark != "" {
		msg += fmt.Sprintf(" after %q", s.lastMark)
	}
	text, err := s.m.HMP("info registers", 500*time.Millisecond)
	if err != nil {
		s.verdict = &Verdict{Hang, msg + "; " + err.Error()}
		return
	}
	if m := eipRE.FindStringSubmatch(text); m != nil {
		eip, _ := strconv.ParseUint(m[1], 16, 32)
		s.res.EIP, s.res.Where = uint32(eip), s.syms.Name(eip)
		msg += fmt.Sprintf("; CPU at %s (eip 0x%x)", s.res.Where, eip)
		if callers := s.callers(text); len(callers) > 0 {
			msg += " called from " + strings.Join(callers, " <- ")
		}
	}
	s.verdict = &Verdict{Hang, msg}
}

// callers names the functions on the guest's stack from the registers in
// "info registers" text: the frame-pointer chain from EBP (saved EBP at [EBP],
// return address at [EBP+4]), read through the monitor. TCG reports EIP at the
// start of a translation block, so the state may be before the function's
// frame is set up: when ESP != EBP, [ESP] holds the caller's EBP (after push
// %ebp) or a return address (at the entry), and that caller comes first.
func (s *session) callers(regs string) []string {
	var fns []string
	ebp, esp := regValue(regs, ebpRE), regValue(regs, espRE)
	if w := s.words(esp, 2); esp != ebp && len(w) == 2 {
		ret := w[0]
		if w[0] == ebp {
			ret = w[1]
		}
		if fn := s.syms.Function(uint64(ret) - 1); !strings.HasPrefix(fn, "0x") {
			fns = append(fns, fn)
		}
	}
	for i := 0; i < 12 && ebp != 0 && ebp&3 == 0; i++ {
		w := s.words(ebp, 2)
		if len(w) < 2 {
			break
		}
		next, ret := w[0], uint64(w[1])
		fn := s.syms.Function(ret - 1)
		if ret == 0 || strings.HasPrefix(fn, "0x") {
			break
		}
		fns = append(fns, fn)
		if fn == "guest_main" || fn == "pc_main" {
			break
		}
		ebp = next
	}
	return fns
}

// words reads n 32-bit words of guest memory at addr through the monitor.
func (s *session) words(addr uint32, n int) []uint32 {
	text, err := s.m.HMP(fmt.Sprintf("xp /%dxw 0x%x", n, addr), 200*time.Millisecond)
	if err != nil {
		return nil
	}
	_, words, _ := strings.Cut(text, ":")
	var out []uint32
	for _, m := range wordRE.FindAllStringSubmatch(words, n) {
		v, _ := strconv.ParseUint(m[1], 16, 32)
		out = append(out, uint32(v))
	}
	return out
}

func regValue(regs string, re *regexp.Regexp) uint32 {
	m := re.FindStringSubmatch(regs)
	if m == nil {
		return 0
	}
	v, _ := strconv.ParseUint(m[1], 16, 32)
	return uint32(v)
}

// judgePanic names the functions of the guest's backtrace.
func (s *session) judgePanic() {
	msg := s.panicLine
	var fns []string
	for i, pc := range s.bt {
		at := uint64(pc)
		if i > 0 {
			at-- // a return address: the call is just before it
		}
		fn := s.syms.Function(at)
		if fn == "guest_main" || fn == "pc_main" {
			break
		}
		if fn != "pc_panic" && fn != "_kpanic" && fn != "__panic" && fn != "pc_trap" {
			fns = append(fns, fn)
		}
	}
	if len(fns) > 0 {
		msg += " (" + strings.Join(fns, " <- ") + ")"
	}
	s.verdict = &Verdict{Panic, msg}
}

// readyCodes are the driver's ETH_TOO_LARGE and ETH_NO_MEM from the eth
// workload's ready line (the final API's when it gives none, as JOS's).
func readyCodes(line string) (tooLarge, noMem int) {
	m := fields(line)
	if _, ok := m["too_large"]; !ok {
		return ethTooLarge, ethNoMem
	}
	return atoi(m, "too_large"), atoi(m, "no_mem")
}

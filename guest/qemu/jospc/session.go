package jospc

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
	img   *Image
	m     *qemu.Machine
	syms  *qemu.Symbols
	start time.Time

	res       Result
	console   []byte
	scanned   int
	ready     bool
	readyAt   time.Time
	panicLine string
	matched   int // injected frames up to the last one received
	bt        []uint32
	lastMark  string
	last      time.Time // last console output or frame
	probeAt   time.Time // when the liveness probe was typed; zero if none
	verdict   *Verdict
	err       error
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
		return nil, fmt.Errorf("jospc: run aborted: %w", err)
	}
	if s.err == nil { // the frames the device sent before "done" may still be in the socket
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
// until the driver is attached and the receive blackout waited out, as the
// workload reads no console input before it is ready (a probe then is
// answered only by silence, and a slow host must not look like a driver
// stuck in its attach function).
func (s *session) quiet() time.Duration {
	switch {
	case len(s.console) == 0:
		return max(s.cfg.Quiet, s.cfg.Timeout/3)
	case !s.ready:
		return max(s.cfg.Quiet, 2*time.Second)
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

// panicRE finds JOS's panic ("kernel panic on CPU 0 at kern/e1000.c:12: msg",
// also the older "kernel panic at ...") and guest/qemu/pc's trap panic
// ("panic: trap 14 (page fault) ...") in a line, which may be cut by it.
var panicRE = regexp.MustCompile(`kernel panic (on CPU \d+ )?at .*|panic: .*`)

// onLine acts on one console line of the guest.
func (s *session) onLine(line string) {
	if s.panicLine == "" {
		if m := panicRE.FindString(line); m != "" {
			s.panicLine = m
			return
		}
	}
	m := fields(line)
	switch {
	case strings.HasPrefix(line, "nicsim: bt 0x"):
		pc, _ := strconv.ParseUint(strings.TrimPrefix(line, "nicsim: bt 0x"), 16, 32)
		s.bt = append(s.bt, uint32(pc))
		return
	case line == "nicsim: halted" && s.panicLine != "":
		s.judgePanic()
	case strings.HasPrefix(line, "nicsim: no e1000"):
		s.err = errNoDevice
	case strings.HasPrefix(line, "nicsim: attach "):
		s.res.AttachRC = atoi(m, "rc")
	case strings.HasPrefix(line, "nicsim: ready"):
		s.onReady()
	case strings.HasPrefix(line, "nicsim: tx "):
		s.res.Tx = append(s.res.Tx, Tx{Kind: m["kind"], Seq: atoi(m, "seq"), Len: atoi(m, "len"),
			RC: atoi(m, "rc"), Retries: atoi(m, "retries")})
	case strings.HasPrefix(line, "nicsim: rx "):
		crc, _ := strconv.ParseUint(m["crc"], 16, 32)
		s.onRx(Rx{N: atoi(m, "n"), Len: atoi(m, "len"), Cap: atoi(m, "cap"), CRC: uint32(crc), Kind: m["kind"], Seq: atoi(m, "seq")})
	case strings.HasPrefix(line, "nicsim: rx-bad "):
		s.verdict = &Verdict{Wrong, fmt.Sprintf("%s returned %s, more than the %d-byte buffer it was given",
			s.img.RX, m["rc"], atoi(m, "cap"))}
	case strings.HasPrefix(line, "nicsim: rx-overrun "):
		s.verdict = &Verdict{Wrong, fmt.Sprintf("%s wrote %s bytes into the %d-byte buffer it was given (returning %s)",
			s.img.RX, m["wrote"], atoi(m, "cap"), m["rc"])}
	case strings.HasPrefix(line, "nicsim: done"):
		s.verdict = s.judgeDone()
	}
	s.probeAt = time.Time{} // any line shows the guest alive
	if strings.HasPrefix(line, "nicsim: ") {
		s.lastMark = line
	}
}

// fields parses "key=value" words after a console marker.
func fields(line string) map[string]string {
	m := map[string]string{}
	for _, w := range strings.Fields(line) {
		if k, v, ok := strings.Cut(w, "="); ok {
			m[k] = v
		}
	}
	return m
}

func atoi(m map[string]string, key string) int {
	n, _ := strconv.Atoi(m[key])
	return n
}

// OnFrame implements qemu.Host.
func (s *session) OnFrame(f []byte) {
	s.last = time.Now()
	s.res.Frames = append(s.res.Frames, f)
	now := int64(0)
	if s.ready {
		now = int64(time.Since(s.readyAt))
	}
	s.inject(s.cfg.Peer.OnFrame(now, f))
}

// onReady starts the peer once the driver is attached.
func (s *session) onReady() {
	s.ready, s.readyAt = true, time.Now()
	s.res.BootWall = time.Since(s.start)
	s.cfg.Logf("[jospc] ready after %v", s.res.BootWall)
	s.inject(s.cfg.Peer.Start(0))
}

// inject puts the peer's frames on the wire, at once and in order.
func (s *session) inject(outs []stack.Out) {
	for _, o := range outs {
		f := append([]byte(nil), o.Frame...)
		if err := s.m.SendFrame(f); err != nil {
			s.err = fmt.Errorf("jospc: wire: %w", err)
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
	msg := "QEMU exited (a triple fault resets the machine, and -no-reboot ends it)"
	if e := strings.TrimSpace(s.m.Stderr()); e != "" {
		msg += ": " + e
	}
	s.verdict = &Verdict{Panic, msg}
}

// OnQuiet implements qemu.Host: it runs when nothing happened for a while:
// finish a panic, probe the console, or judge a dead console a hang.
func (s *session) OnQuiet(deadline time.Time) {
	switch {
	case s.panicLine != "":
		s.judgePanic()
	case s.probeAt.IsZero() && time.Now().Before(deadline):
		s.probeAt = time.Now()
		if err := s.m.Type(probeCommand); err != nil {
			s.judgeHang("console not writable")
		}
	case time.Now().Before(s.probeAt.Add(qemu.ProbeWait(s.cfg.Quiet))) && time.Now().Before(deadline):
		// the probe is still in flight
	case time.Since(s.last) < s.cfg.Quiet:
		s.verdict = &Verdict{Missing, fmt.Sprintf("the workload did not finish within %v (last line %q); %s",
			s.cfg.Timeout, s.lastMark, s.summary())}
	default:
		s.judgeHang("console dead")
	}
}

var eipRE = regexp.MustCompile(`EIP=([0-9a-fA-F]{8})`)

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
	}
	s.verdict = &Verdict{Hang, msg}
}

// judgePanic names the functions of the guest's backtrace.
func (s *session) judgePanic() {
	msg := strings.TrimPrefix(s.panicLine, "panic: ")
	var fns []string
	for _, pc := range s.bt {
		fn := s.syms.Function(uint64(pc) - 1) // a return address: the call is just before it
		if fn == "guest_main" || fn == "pc_main" || fn == "jos_pci_attach" {
			if fn == "jos_pci_attach" {
				fns = append(fns, "attach")
			}
			break
		}
		if fn != "_panic" && fn != "nicsim_attach" && fn != "nicsim_tx" && fn != "nicsim_rx" {
			fns = append(fns, fn)
		}
	}
	if len(fns) > 0 {
		msg += " (" + strings.Join(fns, " <- ") + ")"
	}
	s.verdict = &Verdict{Panic, msg}
}

package jospc

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nicsim/nicsim/guest/qemu"
)

// session is the host side of one [Run]: it reads the console, carries frames
// between the guest and the peer, and reaches a verdict.
type session struct {
	qemu.ConsoleSession
	cfg  RunConfig
	img  *Image
	syms *qemu.Symbols

	res       Result
	panicLine string
	matched   int // injected frames up to the last one received
	bt        []uint32
	verdict   *Verdict
}

// probeCommand is typed on the console; a live workload answers "nicsim: stat"
// and sends what it waits an answer for again.
const probeCommand = "r\n"

// bootQuiet is the least quiet period until the driver is attached and the
// receive blackout waited out, as the workload reads no console input
// before it is ready (a probe then is answered only by silence, and a slow
// host must not look like a driver stuck in its attach function).
const bootQuiet = 2 * time.Second

// backtrace names a panic's functions (return addresses all), up to the
// attach call or the workload, without the adapters.
var backtrace = qemu.Backtrace{
	Roots:  map[string]string{"guest_main": "", "pc_main": "", "jos_pci_attach": "attach"},
	Hidden: []string{"_panic", "nicsim_attach", "nicsim_tx", "nicsim_rx"}}

func newSession(cfg RunConfig, img *Image, m *qemu.Machine, syms *qemu.Symbols, start time.Time) *session {
	cc := qemu.ConsoleConfig{Name: "jospc", Timeout: cfg.Timeout, Quiet: cfg.Quiet, BootQuiet: bootQuiet,
		Probe: probeCommand, Logf: cfg.Logf}
	return &session{ConsoleSession: qemu.NewConsoleSession(cc, m, start), cfg: cfg, img: img, syms: syms}
}

// Ended implements qemu.Host.
func (s *session) Ended() bool { return s.verdict != nil || s.Err != nil }

func (s *session) run(ctx context.Context) (*Result, error) {
	if err := s.Serve(ctx, s); err != nil {
		return nil, err
	}
	s.res.Console, s.res.Frames, s.res.Injected, s.res.BootWall = string(s.Console), s.Frames, s.Injected, s.BootWall
	s.res.Verdict = *s.verdict
	return &s.res, nil
}

// OnConsole implements qemu.Host.
func (s *session) OnConsole(chunk []byte) { s.ReadConsole(chunk, s.Ended, s.onLine) }

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
	m := qemu.ConsoleFields(line)
	switch {
	case strings.HasPrefix(line, "nicsim: bt 0x"):
		pc, _ := strconv.ParseUint(strings.TrimPrefix(line, "nicsim: bt 0x"), 16, 32)
		s.bt = append(s.bt, uint32(pc))
		return
	case line == "nicsim: halted" && s.panicLine != "":
		s.judgePanic()
	case strings.HasPrefix(line, "nicsim: no e1000"):
		s.Err = errNoDevice
	case strings.HasPrefix(line, "nicsim: attach "):
		s.res.AttachRC = atoi(m, "rc")
	case strings.HasPrefix(line, "nicsim: ready"):
		s.SetReady()
		s.Inject(s.cfg.Peer.Start(0)) // the driver is attached
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
	s.ProbeAt = time.Time{} // any line shows the guest alive
	if strings.HasPrefix(line, "nicsim: ") {
		s.LastMark = line
	}
}

// atoi is a console line's decimal field.
var atoi = qemu.FieldInt

// OnFrame implements qemu.Host.
func (s *session) OnFrame(f []byte) {
	now := s.TakeFrame(f)
	s.Inject(s.cfg.Peer.OnFrame(now, f))
}

// OnExit implements qemu.Host.
func (s *session) OnExit() {
	if s.panicLine != "" {
		s.judgePanic()
		return
	}
	s.verdict = &Verdict{Panic, s.ExitMessage()}
}

// OnQuiet implements qemu.Host: it runs when nothing happened for a while:
// finish a panic, probe the console, or judge a dead console a hang.
func (s *session) OnQuiet(deadline time.Time) {
	if s.panicLine != "" {
		s.judgePanic()
		return
	}
	switch s.OnSilence(deadline) {
	case qemu.Unwritable:
		s.judgeHang("console not writable")
	case qemu.Unfinished:
		s.verdict = &Verdict{Missing, fmt.Sprintf("the workload did not finish within %v (last line %q); %s",
			s.cfg.Timeout, s.LastMark, s.summary())}
	case qemu.Dead:
		s.judgeHang("console dead")
	}
}

// judgeHang asks the monitor where the CPU is.
func (s *session) judgeHang(why string) {
	h := s.Where(why, s.syms)
	s.res.EIP, s.res.Where = h.EIP, h.Where
	s.verdict = &Verdict{Hang, h.Message}
}

// judgePanic names the functions of the guest's backtrace.
func (s *session) judgePanic() {
	s.verdict = &Verdict{Panic, backtrace.PanicMessage(strings.TrimPrefix(s.panicLine, "panic: "), s.syms, s.bt)}
}

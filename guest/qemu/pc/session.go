package pc

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/stack"
)

// session is the host side of one [Run]: it reads the console, carries frames
// between the guest and the peer, and reaches a verdict.
type session struct {
	qemu.ConsoleSession
	cfg  RunConfig
	syms *qemu.Symbols

	res   Result
	pings int
	// tooLarge and noMem are the driver's ETH_TOO_LARGE and ETH_NO_MEM as
	// _eth_tx returns them (the workload's ready line says).
	tooLarge, noMem int
	panicLine       string
	bt              []uint32
	lastStat        string      // the last answer to the liveness probe
	held            []stack.Out // lockstep: the peer's frames waiting for an idle guest
	idle            bool        // the guest's last line said it halts waiting
	idleSent        int         // frames the guest had handed to the driver then
	verdict         *Verdict
}

// probeCommand is typed on the console; a live workload answers "nicsim: stat"
// and sends what it waits an answer for again.
const probeCommand = "r\n"

// bootQuiet is the least quiet period while the guest boots (the PCI scan,
// the PORT reset's delay).
const bootQuiet = time.Second

// backtrace names a panic's functions: the first address is where the panic
// or trap happened.
var backtrace = qemu.Backtrace{TrapFirst: true,
	Roots:  map[string]string{"guest_main": "", "pc_main": ""},
	Hidden: []string{"pc_panic", "_kpanic", "__panic", "pc_trap"}}

func newSession(cfg RunConfig, m *qemu.Machine, syms *qemu.Symbols, start time.Time) *session {
	cc := qemu.ConsoleConfig{Name: "pc", Timeout: cfg.Timeout, Quiet: cfg.Quiet, BootQuiet: bootQuiet,
		Probe: probeCommand, Logf: cfg.Logf}
	return &session{ConsoleSession: qemu.NewConsoleSession(cc, m, start), cfg: cfg, syms: syms}
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

// OnFrame implements qemu.Host.
func (s *session) OnFrame(f []byte) {
	now := s.TakeFrame(f)
	s.send(s.cfg.Peer.OnFrame(now, f))
}

// onReady starts the peer once the guest has loaded its address.
func (s *session) onReady(line string) {
	s.SetReady()
	s.pings = qemu.FieldInt(qemu.ConsoleFields(line), "pings")
	s.tooLarge, s.noMem = readyCodes(line)
	outs := s.cfg.Peer.Start(0)
	if s.cfg.Lockstep {
		// The guest's first frames may have been read (and answered) before
		// this line: the peer's opening frames still go first.
		s.held = append(append([]stack.Out(nil), outs...), s.held...)
		s.release()
		return
	}
	s.Inject(outs)
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
	switch {
	case s.panicLine != "":
		s.judgePanic()
		return
	case len(s.held) > 0:
		s.cfg.Logf("[pc] lockstep: the guest is not idle with all its frames sent; injecting %d frames", len(s.held))
		s.flush()
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

// probe types the probe command: a live workload answers with a stat line
// and, if it waits for an answer, sends its request again.
func (s *session) probe() {
	if err := s.ProbeConsole(); err != nil {
		s.judgeHang("console not writable")
	}
}

// judgeHang asks the monitor where the CPU is and who called it.
func (s *session) judgeHang(why string) {
	h := s.Where(why, s.syms)
	s.res.EIP, s.res.Where = h.EIP, h.Where
	if h.Regs != "" {
		if callers := s.Callers(h.Regs, s.syms, "guest_main", "pc_main"); len(callers) > 0 {
			h.Message += " called from " + strings.Join(callers, " <- ")
		}
	}
	s.verdict = &Verdict{Hang, h.Message}
}

// judgePanic names the functions of the guest's backtrace.
func (s *session) judgePanic() {
	s.verdict = &Verdict{Panic, backtrace.PanicMessage(s.panicLine, s.syms, s.bt)}
}

// readyCodes are the driver's ETH_TOO_LARGE and ETH_NO_MEM from the eth
// workload's ready line (the final API's when it gives none, as JOS's).
func readyCodes(line string) (tooLarge, noMem int) {
	m := qemu.ConsoleFields(line)
	if _, ok := m["too_large"]; !ok {
		return ethTooLarge, ethNoMem
	}
	return qemu.FieldInt(m, "too_large"), qemu.FieldInt(m, "no_mem")
}

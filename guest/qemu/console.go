package qemu

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nicsim/nicsim/stack"
)

// ConsoleSession is the host side that the sessions of the i386 guests
// (guest/qemu/pc, guest/qemu/jospc) share: the console cut into lines, the
// frames carried both ways, the quiet periods and the liveness probe. A
// guest's session embeds it, parses the lines, judges, and implements [Host]
// with it ([ConsoleSession.NextCheck] is Host's).
type ConsoleSession struct {
	ConsoleConfig
	M     *Machine
	Start time.Time // the run's start

	Console  []byte        // everything the guest printed
	Ready    bool          // the guest said ready
	ReadyAt  time.Time     // when it did
	BootWall time.Duration // from Start until ready
	LastMark string        // the last marker line worth naming in a verdict
	// Frames are the frames the guest put on the wire; Injected those the
	// peer sent toward the guest.
	Frames, Injected [][]byte
	Last             time.Time // last console output or frame
	ProbeAt          time.Time // when the liveness probe was typed; zero if none
	Err              error     // the run cannot go on (a wire error, no device)

	scanned int // console bytes cut into lines
}

// ConsoleConfig is what a guest chooses of its [ConsoleSession].
type ConsoleConfig struct {
	// Name prefixes errors and log lines ("pc", "jospc").
	Name string
	// Timeout bounds the run; a verdict must come by nine tenths of it.
	Timeout time.Duration
	// Quiet is how long nothing may happen (no console output, no frame)
	// before the console is probed.
	Quiet time.Duration
	// BootQuiet is the least quiet period once the console printed and until
	// the guest said ready (before the first output it is a third of the
	// Timeout: QEMU and the firmware start).
	BootQuiet time.Duration
	// Probe is typed on the console to probe it.
	Probe string
	// Logf receives a line per step.
	Logf func(format string, args ...any)

	_ struct{}
}

// NewConsoleSession returns the session of a run on m that started at start.
func NewConsoleSession(cfg ConsoleConfig, m *Machine, start time.Time) ConsoleSession {
	return ConsoleSession{ConsoleConfig: cfg, M: m, Start: start}
}

// Serve runs h (the guest's session, which embeds c) until it has ended, and
// then collects the frames still on their way. The error is the run's abort
// (its context ended) or c.Err.
func (c *ConsoleSession) Serve(ctx context.Context, h Host) error {
	c.Last = time.Now()
	frames, err := Serve(ctx, c.M, c.Start.Add(c.Timeout*9/10), h) // leave time to ask the monitor
	if err != nil {
		return fmt.Errorf("%s: run aborted: %w", c.Name, err)
	}
	if c.Err != nil {
		return c.Err
	}
	// the frames the device sent before the verdict's line may still be in the socket
	c.Frames = append(c.Frames, Drain(frames)...)
	return nil
}

// NextCheck implements [Host]: when OnQuiet must look at the run again.
func (c *ConsoleSession) NextCheck(deadline time.Time) time.Time {
	next := c.Last.Add(c.quiet())
	if !c.ProbeAt.IsZero() {
		next = c.ProbeAt.Add(ProbeWait(c.Quiet))
	}
	if deadline.Before(next) {
		return deadline
	}
	return next
}

// quiet is how long the run may be silent before the console is probed:
// longer while QEMU and the firmware start (seconds on a loaded host) and
// while the guest boots (BootQuiet).
func (c *ConsoleSession) quiet() time.Duration {
	switch {
	case len(c.Console) == 0:
		return max(c.Quiet, c.Timeout/3)
	case !c.Ready:
		return max(c.Quiet, c.BootQuiet)
	}
	return c.Quiet
}

// ReadConsole takes a chunk of console output and passes each complete line
// (without its line end) to onLine until ended reports true.
func (c *ConsoleSession) ReadConsole(chunk []byte, ended func() bool, onLine func(line string)) {
	c.Console = append(c.Console, chunk...)
	c.Last = time.Now()
	for !ended() {
		i := strings.IndexByte(string(c.Console[c.scanned:]), '\n')
		if i < 0 {
			return
		}
		line := strings.TrimRight(string(c.Console[c.scanned:c.scanned+i]), "\r")
		c.scanned += i + 1
		onLine(line)
	}
}

// TakeFrame records a frame the guest put on the wire and returns the peer's
// clock: wall nanoseconds since the guest said ready (0 before).
func (c *ConsoleSession) TakeFrame(f []byte) int64 {
	c.Last = time.Now()
	c.Frames = append(c.Frames, f)
	if !c.Ready {
		return 0
	}
	return int64(time.Since(c.ReadyAt))
}

// SetReady notes that the guest said ready.
func (c *ConsoleSession) SetReady() {
	c.Ready, c.ReadyAt = true, time.Now()
	c.BootWall = time.Since(c.Start)
	c.Logf("[%s] ready after %v", c.Name, c.BootWall)
}

// Inject puts the peer's frames on the wire, at once and in order; a wire
// error ends the run (c.Err).
func (c *ConsoleSession) Inject(outs []stack.Out) {
	for _, o := range outs {
		f := append([]byte(nil), o.Frame...)
		if err := c.M.SendFrame(f); err != nil {
			c.Err = fmt.Errorf("%s: wire: %w", c.Name, err)
			return
		}
		c.Injected = append(c.Injected, f)
	}
}

// ProbeConsole types the probe command: a live workload answers with a stat
// line and, if it waits for an answer, sends its request again.
func (c *ConsoleSession) ProbeConsole() error {
	c.ProbeAt = time.Now()
	return c.M.Type(c.Probe)
}

// Silence is what a quiet run is, as [ConsoleSession.OnSilence] finds it.
type Silence int

// The kinds of silence.
const (
	// Probed: the console was probed now (ProbeConsole succeeded).
	Probed Silence = iota
	// Unwritable: the probe could not be typed.
	Unwritable
	// InFlight: the probe is still waiting for its answer.
	InFlight
	// Unfinished: the deadline came while the run was not quiet: the
	// workload did not finish in time.
	Unfinished
	// Dead: the console did not answer the probe.
	Dead
)

// OnSilence acts on a quiet run (the common part of Host.OnQuiet): probe the
// console if it was not, else say whether the probe is in flight, the
// workload is merely unfinished by the deadline, or the console is dead.
func (c *ConsoleSession) OnSilence(deadline time.Time) Silence {
	switch {
	case c.ProbeAt.IsZero() && time.Now().Before(deadline):
		if err := c.ProbeConsole(); err != nil {
			return Unwritable
		}
		return Probed
	case time.Now().Before(c.ProbeAt.Add(ProbeWait(c.Quiet))) && time.Now().Before(deadline):
		return InFlight
	case time.Since(c.Last) < c.Quiet:
		return Unfinished
	}
	return Dead
}

// ExitMessage says that QEMU exited, with what it printed on stderr.
func (c *ConsoleSession) ExitMessage() string {
	msg := "QEMU exited (a triple fault resets the machine, and -no-reboot ends it)"
	if e := strings.TrimSpace(c.M.Stderr()); e != "" {
		msg += ": " + e
	}
	return msg
}

// ConsoleFields parses the "key=value" words of a console line.
func ConsoleFields(line string) map[string]string {
	m := map[string]string{}
	for _, w := range strings.Fields(line) {
		if k, v, ok := strings.Cut(w, "="); ok {
			m[k] = v
		}
	}
	return m
}

// FieldInt is the decimal value of m[key]; 0 when absent or not a number.
func FieldInt(m map[string]string, key string) int {
	n, _ := strconv.Atoi(m[key])
	return n
}

// PCBoot is a run of an i386 guest on QEMU's PC machine with one CPU.
type PCBoot struct {
	Name  string // prefixes errors ("pc", "jospc")
	QEMU  string // the emulator binary
	ELF   string // the guest
	NIC   string // the -device model on the wire
	MemMB int    // the guest's RAM
	// IcountShift is QEMU's -icount shift; negative means no -icount.
	IcountShift int
	// ArtifactDir, if set, receives wire.pcap and console.txt.
	ArtifactDir string
	Timeout     time.Duration

	_ struct{}
}

// RunPC boots b's guest with [RunBoot] and calls drive with the machine, the
// guest's symbols and the run's start. It returns the run's wall time and
// the pcap's path.
func RunPC(ctx context.Context, b PCBoot,
	drive func(ctx context.Context, m *Machine, syms *Symbols, start time.Time) (console string, err error)) (time.Duration, string, error) {
	syms, err := LoadSymbols(b.ELF)
	if err != nil {
		return 0, "", fmt.Errorf("%s: reading %s: %w", b.Name, b.ELF, err)
	}
	args := []string{"-machine", "pc", "-smp", "1", "-m", fmt.Sprintf("%dM", b.MemMB), "-kernel", b.ELF}
	mc := MachineConfig{QEMU: b.QEMU, Args: args, NIC: b.NIC, IcountShift: max(b.IcountShift, -1)}
	return RunBoot(ctx, Boot{Machine: mc, ArtifactDir: b.ArtifactDir, Timeout: b.Timeout},
		func(ctx context.Context, m *Machine, start time.Time) (string, error) {
			return drive(ctx, m, syms, start)
		})
}

package qemu

import (
	"context"
	"fmt"
	"time"

	"github.com/nicsim/nicsim/stack"
)

// Peer is the other end of the guest's wire. [*stack.Peer] satisfies it. now is
// wall nanoseconds since the guest said ready; the Delay of each [stack.Out] is
// not honoured (frames go out at once, in order): QEMU's virtual clock cannot be
// steered from outside, so replies are gated on the guest's own frames instead.
type Peer interface {
	Start(now int64) []stack.Out
	OnFrame(now int64, frame []byte) []stack.Out
}

var _ Peer = (*stack.Peer)(nil)

// Scenario is what the host asks of the guest once it is ready.
type Scenario struct {
	// Pings is the number of UDP pings the guest sends to 10.0.2.2:7 ("ping N
	// SIZE PROC" on its console); each must come back. 0 only boots the guest.
	Pings int
	// Size is the payload size in bytes (at least 10, at most 1472); 0 means 64.
	Size int
	// Proc is the process number in the ping payloads.
	Proc uint16
	// Lockstep makes the guest wait for each echo before it sends the next ping,
	// and the host hold each reply until the guest says it is idle. Every frame
	// then reaches an idle guest, where the virtual clock stands still: the same
	// frames in the same order and the same console in every replay (virtual
	// timestamps may still shift by the e1000's 128 us mitigation window). Without
	// it the guest sends a burst and replies land mid-burst at host-dependent
	// points: more ring pressure, less determinism.
	Lockstep bool

	_ struct{}
}

// RunConfig configures [Run].
type RunConfig struct {
	// ELF is the guest from [Build]. If "", Build(cfg.Build) is called.
	ELF   string
	Build BuildConfig
	// Scenario is the work to do.
	Scenario Scenario
	// Peer answers the guest's frames; nil means stack.NewPeer(stack.PeerConfig{}).
	Peer Peer
	// Timeout bounds the whole run; 0 means 10 s.
	Timeout time.Duration
	// Quiet is how long nothing may happen (no console output, no frame) before
	// the run is judged; 0 means 200 ms. A live console then has as long again to
	// answer the liveness probe.
	Quiet time.Duration
	// IcountShift is QEMU's -icount shift; 0 means 3, negative means no -icount.
	IcountShift int
	// ArtifactDir, if set, receives wire.pcap and console.txt.
	ArtifactDir string
	// QEMU is the emulator binary; "" means qemu-system-riscv64.
	QEMU string
	// Logf, if set, receives a line per step.
	Logf func(format string, args ...any)

	_ struct{}
}

func (cfg RunConfig) withDefaults() RunConfig {
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Quiet == 0 {
		cfg.Quiet = 200 * time.Millisecond
	}
	if cfg.IcountShift == 0 {
		cfg.IcountShift = 3
	}
	if cfg.QEMU == "" {
		cfg.QEMU = DefaultQEMU
	}
	if cfg.Peer == nil {
		cfg.Peer = stack.NewPeer(stack.PeerConfig{})
	}
	if cfg.Scenario.Size == 0 {
		cfg.Scenario.Size = 64
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	return cfg
}

// Run boots the guest under QEMU, plays the scenario with the peer, and judges
// the run. QEMU is always killed before Run returns. An error means the run could
// not be made (no QEMU, a build failure, QEMU refusing its arguments); a guest
// that misbehaves is a [Verdict], not an error.
func Run(ctx context.Context, cfg RunConfig) (*Result, error) {
	cfg = cfg.withDefaults()
	elf := cfg.ELF
	if elf == "" {
		var err error
		if elf, err = Build(cfg.Build); err != nil {
			return nil, err
		}
	}
	syms, err := loadSymbols(elf)
	if err != nil {
		return nil, fmt.Errorf("qemu: reading %s: %w", elf, err)
	}
	mc := machineConfig{qemu: cfg.QEMU, kernel: elf, icountShift: cfg.IcountShift, net: true}
	if cfg.IcountShift < 0 {
		mc.icountShift = -1
	}
	return boot(ctx, mc, cfg.ArtifactDir, cfg.Timeout, func(ctx context.Context, m *machine, start time.Time) (*Result, error) {
		r := &replay{cfg: cfg, m: m, syms: syms, start: start}
		return r.run(ctx)
	})
}

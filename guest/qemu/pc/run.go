package pc

import (
	"context"
	"time"

	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/stack"
)

// RunConfig configures [Run].
type RunConfig struct {
	// ELF is the guest from [Build]. If "", Build(cfg.Build) is called.
	ELF   string
	Build BuildConfig
	// Peer answers the guest's frames; nil means a [stack.Peer] that also asks
	// "who has 10.0.2.15" once when the guest is ready (so the workload answers
	// an ARP request).
	Peer qemu.Peer
	// Timeout bounds the whole run; 0 means 10 s.
	Timeout time.Duration
	// Quiet is how long nothing may happen (no console output, no frame)
	// before the console is probed; 0 means 300 ms. A live console then has as
	// long again to answer.
	Quiet time.Duration
	// Lockstep injects the peer's frames one at a time, each when the guest
	// halts waiting with every frame it sent answered, and asks an idle guest
	// that waits in vain to send again at once. The guest's virtual time
	// stands still while it waits, so a lockstep run prints the same console
	// every time. Without it frames go to the guest as soon as the peer makes
	// them: bursts (an ARP storm) reach the driver as bursts.
	Lockstep bool
	// IcountShift is QEMU's -icount shift; 0 means 3, negative means no -icount.
	IcountShift int
	// ArtifactDir, if set, receives wire.pcap and console.txt.
	ArtifactDir string
	// QEMU is the emulator binary; "" means qemu-system-i386.
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
		cfg.Quiet = 300 * time.Millisecond
	}
	if cfg.IcountShift == 0 {
		cfg.IcountShift = 3
	}
	if cfg.QEMU == "" {
		cfg.QEMU = DefaultQEMU
	}
	if cfg.Peer == nil {
		cfg.Peer = stack.NewPeer(stack.PeerConfig{StartARPs: 1})
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	return cfg
}

// Run boots the guest under qemu-system-i386 with an i82557b, plays the
// workload against the peer and judges the run. QEMU is always killed before
// Run returns. An error means the run could not be made (no QEMU, a build
// failure); a guest that misbehaves is a [Verdict].
func Run(ctx context.Context, cfg RunConfig) (*Result, error) {
	cfg = cfg.withDefaults()
	elf := cfg.ELF
	if elf == "" {
		var err error
		if elf, err = Build(cfg.Build); err != nil {
			return nil, err
		}
	}
	var res *Result
	b := qemu.PCBoot{Name: "pc", QEMU: cfg.QEMU, ELF: elf, NIC: "i82557b", MemMB: 32, IcountShift: cfg.IcountShift,
		ArtifactDir: cfg.ArtifactDir, Timeout: cfg.Timeout}
	wall, pcap, err := qemu.RunPC(ctx, b, func(ctx context.Context, m *qemu.Machine, syms *qemu.Symbols, start time.Time) (string, error) {
		var err error
		if res, err = newSession(cfg, m, syms, start).run(ctx); err != nil {
			return "", err
		}
		return res.Console, nil
	})
	if res == nil {
		return nil, err
	}
	res.Wall, res.PcapPath = wall, pcap
	return res, err
}

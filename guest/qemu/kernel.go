package qemu

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"time"

	"github.com/nicsim/nicsim/stack"
)

// KernelConfig configures [RunKernel]: a user's whole xv6 kernel and file system.
type KernelConfig struct {
	// Kernel is the kernel ELF (xv6's kernel/kernel), FS its file system image
	// (fs.img). The image is opened with snapshot=on: the run never changes it.
	Kernel, FS string
	// Commands are typed at the shell, one per "$ " prompt, e.g. "nettests".
	// The run passes when the prompt returns after the last one.
	Commands []string
	// Fail, if a console line matches it, ends the run as LostPacket; nil means
	// lines containing "FAIL" or "failed".
	Fail *regexp.Regexp
	// KeepGoing: a Fail line does not end the run (a grader reads every line,
	// and a lab program goes on after a failed test).
	KeepGoing bool
	// Peer answers the kernel's frames; nil means stack.NewPeer(stack.PeerConfig{}).
	Peer Peer
	// Stall, if set, ends the run as LostPacket when neither the console (its
	// echo of a probe aside) nor the wire has shown anything for that long: a
	// program waiting for a datagram that never comes, which the lab's grader
	// would time out.
	Stall time.Duration
	// Timeout bounds the whole run (0: 60 s); Quiet is how long the console may
	// stay silent before the liveness probe (0: 2 s).
	Timeout, Quiet time.Duration
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

func (cfg KernelConfig) withDefaults() KernelConfig {
	if cfg.Fail == nil {
		cfg.Fail = regexp.MustCompile(`FAIL|failed`)
	}
	if cfg.Peer == nil {
		cfg.Peer = stack.NewPeer(stack.PeerConfig{})
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.Quiet == 0 {
		cfg.Quiet = 2 * time.Second
	}
	if cfg.IcountShift == 0 {
		cfg.IcountShift = 3
	}
	if cfg.QEMU == "" {
		cfg.QEMU = DefaultQEMU
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	return cfg
}

// RunKernel boots a user's whole xv6 net-lab kernel with the lab's QEMU flags
// (one hart, -icount, the file system on virtio-blk, an e1000), types each command
// at a shell prompt, and runs the peer on the e1000's wire. Verdicts are as in
// [Run]: panic on "panic: ", LostPacket on a Fail line or a live but stuck
// console, Hang on a dead console. Console input is only ever typed at a prompt.
func RunKernel(ctx context.Context, cfg KernelConfig) (*Result, error) {
	cfg = cfg.withDefaults()
	for _, p := range []string{cfg.Kernel, cfg.FS} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("qemu: %w", err)
		}
	}
	syms, err := loadSymbols(cfg.Kernel)
	if err != nil {
		return nil, fmt.Errorf("qemu: reading %s: %w", cfg.Kernel, err)
	}
	mc := machineConfig{qemu: cfg.QEMU, kernel: cfg.Kernel, icountShift: max(cfg.IcountShift, -1), net: true,
		extra: []string{
			"-drive", "file=" + cfg.FS + ",if=none,format=raw,id=x0,snapshot=on",
			"-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0",
		}}
	return boot(ctx, mc, cfg.ArtifactDir, cfg.Timeout, func(ctx context.Context, m *machine, start time.Time) (*Result, error) {
		k := &kernelRun{cfg: cfg, m: m, syms: syms, start: start}
		return k.run(ctx)
	})
}

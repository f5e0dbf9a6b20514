package qemu

import (
	"context"
	"debug/elf"
	"fmt"
	"os"
	"strings"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/stack"
)

// LabConfig configures [RunLab]: a whole kernel running its lab's own guest
// program under QEMU, with the peer in the host's role.
type LabConfig struct {
	// Kernel is the run: Kernel, FS, Timeout, Quiet, ArtifactDir, Logf.
	// RunLab sets Commands, Peer and KeepGoing, and Stall when it is 0.
	Kernel KernelConfig
	// Grader scores the console (the guest's lines and the host's).
	Grader *grader.Grader
	// Command is typed at the shell ("nettests", "nettest grade").
	Command string
	// Server is the host's side: the lab's UDP server and slirp's DNS.
	Server *stack.HostServer
	// HostLines, if set, are the lines the host's script prints, given the
	// payloads of the datagrams the guest sent to the server's port, in
	// order (2024's nettest.py prints "txone: OK" for "txone").
	HostLines func(payloads [][]byte) []string

	_ struct{}
}

// LabResult is a graded run.
type LabResult struct {
	Run *Result
	// Console is what the grader read: the guest's console, then the host's
	// lines.
	Console   string
	HostLines []string
	Results   []grader.Result
}

// labStall ends a lab run in which nothing happened for that long: the
// program waits for a reply that never comes (make grade's timeout; a
// real kernel idling through its sleep(2)s under -icount stays quiet for
// a while).
const labStall = 10e9

// RunLab boots the kernel, types the lab's command at its shell, answers
// its frames as the lab's host does (ARP, the UDP server, DNS through
// slirp) and scores the console with the grader, as make grade does. A
// failed subtest does not end the run; a panic, a hang or a program that
// waits for good does, and the subtests it never reached fail.
func RunLab(ctx context.Context, cfg LabConfig) (*LabResult, error) {
	if cfg.Grader == nil || cfg.Command == "" {
		return nil, fmt.Errorf("qemu: RunLab needs a grader and a command")
	}
	peer := stack.NewPeer(stack.PeerConfig{})
	peer.SetServer(cfg.Server)
	kc := cfg.Kernel
	kc.Commands, kc.Peer, kc.KeepGoing = []string{cfg.Command}, peer, true
	if kc.Stall == 0 {
		kc.Stall = labStall
	}
	res, err := RunKernel(ctx, kc)
	if err != nil {
		return nil, err
	}
	lr := &LabResult{Run: res, Console: erase(res.Console)}
	if cfg.HostLines != nil {
		lr.HostLines = cfg.HostLines(serverPayloads(res.Frames, cfg.Server))
	}
	if len(lr.HostLines) > 0 {
		lr.Console = strings.TrimRight(lr.Console, "\n") + "\n" + strings.Join(lr.HostLines, "\n") + "\n"
	}
	lr.Results = cfg.Grader.Parse(lr.Console)
	if res.Verdict.Class != Pass {
		for i := range lr.Results {
			if !lr.Results[i].Passed {
				lr.Results[i].Why = fmt.Sprintf("%s (the run ended: %s)", lr.Results[i].Why, res.Verdict)
			}
		}
	}
	return lr, nil
}

// serverPayloads are the payloads of the guest's datagrams to the host's
// server, in the order they reached the wire.
func serverPayloads(frames [][]byte, h *stack.HostServer) [][]byte {
	p := stack.NewParser()
	var out [][]byte
	for _, f := range frames {
		fr := p.Parse(f)
		if h == nil || fr.Kind != stack.KindUDP || fr.UDP.DstIP != stack.GatewayIP || fr.UDP.DstPort != h.Port {
			continue
		}
		out = append(out, append([]byte(nil), fr.Payload...))
	}
	return out
}

// Lab programs by the grader that scores them.
var labCommands = map[string]string{"nettests": "nettests", "nettest": "nettest grade"}

// LabCommand is the shell command of a grader's guest program: "nettests"
// for nettests, "nettest grade" for nettest.
func LabCommand(graderName string) (string, bool) {
	c, ok := labCommands[graderName]
	return c, ok
}

// DetectLab names the grader of a kernel's lab from the kernel's symbols:
// "nettests" for the mbuf kernels of 2020-2023 (mbufalloc), "nettest" for
// 2024+ (ip_rx, sys_recv, sys_bind: the student's half of net.c).
func DetectLab(kernel string) (string, error) {
	if _, err := os.Stat(kernel); err != nil {
		return "", fmt.Errorf("qemu: %w", err)
	}
	f, err := elf.Open(kernel)
	if err != nil {
		return "", fmt.Errorf("qemu: %s is not an ELF file (want the kernel's ELF, xv6's kernel/kernel): %v", kernel, err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		return "", fmt.Errorf("qemu: %s: %w", kernel, err)
	}
	has := map[string]bool{}
	for _, s := range syms {
		has[s.Name] = true
	}
	switch {
	case has["mbufalloc"]:
		return "nettests", nil
	case has["ip_rx"] || has["sys_recv"] || has["sys_bind"]:
		return "nettest", nil
	}
	return "", fmt.Errorf("qemu: %s is not an xv6 net-lab kernel nicsim knows: no mbufalloc (2020-2023) and no ip_rx, sys_recv or sys_bind (2024+); name the lab with --grade nettests|nettest", kernel)
}

// erase applies the console's backspaces (the echo of the host's liveness
// probe, " \x7f", is " \b \b" on xv6) and drops carriage returns, so a
// line reads as a terminal shows it.
func erase(console string) string {
	b := make([]byte, 0, len(console))
	for i := 0; i < len(console); i++ {
		switch c := console[i]; {
		case c == '\r':
		case c == '\b':
			if n := len(b); n > 0 && b[n-1] != '\n' {
				b = b[:n-1]
			}
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

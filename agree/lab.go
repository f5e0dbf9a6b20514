package agree

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/guest/xv6/grade"
	"github.com/nicsim/nicsim/stack"
)

// LabReply is the 2020-2023 lab's host server's fixed reply, the text a
// real nettests checks (server.py). The simulation's host says its own
// words (grade.HostReply); a real kernel's program must get the lab's.
const LabReply = "this is the host!"

// txone is the 2024+ host's quiet datagram; nettest.py prints txoneLine
// when it comes.
const (
	txone     = "txone"
	txoneLine = "txone: OK"
)

// DefaultServerPort is the lab's NET_TESTS_PORT for the user running
// nicsim, as the lab's Makefile derives it (`id -u` % 5000 + 25099): what
// a kernel built by this user was compiled with.
func DefaultServerPort() uint16 { return uint16(os.Getuid()%5000 + 25099) }

// LabHost is the host's side of a grader under QEMU, for a kernel whose
// program talks to port: 2020-2023's server (the lab's fixed reply),
// 2024+'s nettest.py (an echo that takes "txone" quietly and prints
// "txone: OK"), and slirp forwarding the lab's DNS query to a resolver
// that knows the lab's name.
func LabHost(g *grader.Grader, port uint16) (*stack.HostServer, func([][]byte) []string, error) {
	h := &stack.HostServer{Port: port, DNS: map[string]netip.Addr{grade.DNSName: grade.DNSAddr}}
	switch g.Name {
	case grade.Nettests.Name:
		h.Reply = []byte(LabReply)
		return h, nil, nil
	case grade.Nettest.Name:
		h.Quiet = [][]byte{[]byte(txone)}
		return h, txoneHost, nil
	}
	return nil, nil, fmt.Errorf("grader %q has no host under QEMU (known: %s, %s)", g.Name, grade.Nettests.Name, grade.Nettest.Name)
}

// txoneHost prints nettest.py's line once "txone" reached the server.
func txoneHost(payloads [][]byte) []string {
	for _, p := range payloads {
		if bytes.Equal(p, []byte(txone)) {
			return []string{txoneLine}
		}
	}
	return nil
}

// LabConfig is a run of a grader's program on a kernel under QEMU, the
// host playing the lab's roles for a program built with port.
func LabConfig(g *grader.Grader, port uint16, kc qemu.KernelConfig) (qemu.LabConfig, error) {
	cmd, ok := qemu.LabCommand(g.Name)
	if !ok {
		return qemu.LabConfig{}, fmt.Errorf("grader %q has no guest program nicsim can type", g.Name)
	}
	h, lines, err := LabHost(g, port)
	if err != nil {
		return qemu.LabConfig{}, err
	}
	return qemu.LabConfig{Kernel: kc, Grader: g, Command: cmd, Server: h, HostLines: lines}, nil
}

package qemu

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// MachineConfig describes a QEMU process for a guest other than this package's
// riscv64 one (guest/qemu/pc boots an i386 guest with it). [StartMachine] adds the
// console (COM1 or the UART on stdio), the monitor, -icount and the wire.
type MachineConfig struct {
	// QEMU is the emulator binary, e.g. "qemu-system-i386".
	QEMU string
	// Args choose the machine and the guest ("-kernel", "-m", ...).
	Args []string
	// NIC is the -device model attached to the wire ("i82557b", "e1000");
	// "" attaches no network.
	NIC string
	// IcountShift is -icount shift=N,sleep=off; negative means no -icount.
	IcountShift int
	// Pcap, if set, records the wire with QEMU's filter-dump.
	Pcap string

	_ struct{}
}

// Machine is a running QEMU started by [StartMachine]: its console on stdio,
// its NIC on unix datagram sockets (one Ethernet frame per datagram), and its
// monitor. Call Close in every case.
type Machine struct {
	m *machine
}

// StartMachine starts QEMU with the host's end of the wire bound first. QEMU is
// killed when ctx ends.
func StartMachine(ctx context.Context, cfg MachineConfig) (*Machine, error) {
	dir, err := os.MkdirTemp("", "nicsim-qemu-")
	if err != nil {
		return nil, err
	}
	m := &machine{dir: dir, qmpPath: filepath.Join(dir, "qmp.sock"), waited: make(chan struct{})}
	hostSock, qemuSock := filepath.Join(dir, "host.sock"), filepath.Join(dir, "qemu.sock")
	if cfg.NIC != "" {
		if m.wire, err = listenWire(hostSock, qemuSock); err != nil {
			m.close()
			return nil, err
		}
	}
	if err := m.start(ctx, cfg.QEMU, cfg.args(hostSock, qemuSock, m.qmpPath)); err != nil {
		m.close()
		return nil, err
	}
	return &Machine{m: m}, nil
}

func (cfg MachineConfig) args(hostSock, qemuSock, qmpSock string) []string {
	args := append([]string{}, cfg.Args...)
	args = append(args, "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
		"-qmp", "unix:"+qmpSock+",server=on,wait=off")
	if cfg.IcountShift >= 0 {
		args = append(args, "-icount", "shift="+strconv.Itoa(cfg.IcountShift)+",sleep=off")
	}
	if cfg.NIC != "" {
		args = append(args,
			"-netdev", "dgram,id=n0,local.type=unix,local.path="+qemuSock+
				",remote.type=unix,remote.path="+hostSock,
			"-device", cfg.NIC+",netdev=n0,romfile=")
		if cfg.Pcap != "" {
			args = append(args, "-object", "filter-dump,id=d0,netdev=n0,file="+cfg.Pcap)
		}
	}
	return args
}

// Console delivers the guest's console output in chunks; it is closed when
// QEMU's stdout ends.
func (m *Machine) Console() <-chan []byte { return m.m.console }

// Frames delivers the frames the guest transmitted; nil without a NIC.
func (m *Machine) Frames() <-chan []byte {
	if m.m.wire == nil {
		return nil
	}
	return m.m.wire.frames
}

// SendFrame puts one frame on the wire toward the guest.
func (m *Machine) SendFrame(frame []byte) error { return m.m.wire.send(frame) }

// Type writes s to the guest's console input.
func (m *Machine) Type(s string) error { return m.m.send(s) }

// HMP runs a human-monitor command, such as "info registers", and returns its text.
func (m *Machine) HMP(command string, timeout time.Duration) (string, error) {
	return m.m.hmp(command, timeout)
}

// Stderr is what QEMU printed on its standard error so far.
func (m *Machine) Stderr() string { return m.m.stderr.String() }

// Close kills QEMU, waits for it and removes its sockets.
func (m *Machine) Close() { m.m.close() }

// Symbols maps guest addresses to function names from an ELF's symbol table.
type Symbols struct {
	t *symtab
}

// LoadSymbols reads the function symbols of the ELF at path.
func LoadSymbols(path string) (*Symbols, error) {
	t, err := loadSymbols(path)
	if err != nil {
		return nil, err
	}
	return &Symbols{t}, nil
}

// Name returns pc as "function+0xoff", or "" when pc is in no function.
func (s *Symbols) Name(pc uint64) string { return s.t.name(pc) }

// Function returns the name of the function containing pc, or pc in hex.
func (s *Symbols) Function(pc uint64) string { return s.t.function(pc) }

// CacheDir returns (and creates) the directory for cached guest builds: dir if
// set, else $NICSIM_CACHE/qemu, nicsim/qemu under the user's cache directory,
// or under the temporary directory.
func CacheDir(dir string) (string, error) { return cacheDir(dir) }

// CompilerID identifies the compiler cc (its path and first --version line),
// for build cache keys; an error says it is missing.
func CompilerID(cc string) (string, error) { return compilerID(cc) }

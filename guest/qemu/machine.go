package qemu

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// machineConfig is one QEMU process.
type machineConfig struct {
	qemu        string
	kernel      string
	icountShift int      // < 0: no -icount
	extra       []string // more QEMU arguments (drives)
	pcap        string   // "" records nothing
	net         bool     // attach an e1000 to the wire
}

// machine is a running QEMU: the console on its stdio, the e1000's wire on unix
// datagram sockets, and QMP on a unix socket.
type machine struct {
	cmd     *exec.Cmd
	dir     string
	stdin   io.WriteCloser
	console chan []byte // stdout chunks; closed when QEMU's stdout ends
	wire    *wire
	qmpPath string
	stderr  lockedBuffer
	waited  chan struct{}
}

// args returns QEMU's command line.
func (mc machineConfig) args(hostSock, qemuSock, qmpSock string) []string {
	args := []string{
		"-machine", "virt", "-bios", "none", "-kernel", mc.kernel, "-m", "128M", "-smp", "1",
		"-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
		"-qmp", "unix:" + qmpSock + ",server=on,wait=off",
	}
	if mc.icountShift >= 0 {
		args = append(args, "-icount", "shift="+strconv.Itoa(mc.icountShift)+",sleep=off")
	}
	if mc.net {
		args = append(args,
			"-netdev", "dgram,id=n0,local.type=unix,local.path="+qemuSock+
				",remote.type=unix,remote.path="+hostSock,
			"-device", "e1000,netdev=n0,romfile=")
		if mc.pcap != "" {
			args = append(args, "-object", "filter-dump,id=d0,netdev=n0,file="+mc.pcap)
		}
	}
	return append(args, mc.extra...)
}

// startMachine starts QEMU with the host's end of the wire already bound. QEMU is
// killed when ctx ends; call close in every case.
func startMachine(ctx context.Context, mc machineConfig) (*machine, error) {
	dir, err := os.MkdirTemp("", "nicsim-qemu-")
	if err != nil {
		return nil, err
	}
	m := &machine{dir: dir, qmpPath: filepath.Join(dir, "qmp.sock"), waited: make(chan struct{})}
	hostSock, qemuSock := filepath.Join(dir, "host.sock"), filepath.Join(dir, "qemu.sock")
	if mc.net {
		if m.wire, err = listenWire(hostSock, qemuSock); err != nil {
			m.close()
			return nil, err
		}
	}
	if err := m.start(ctx, mc.qemu, mc.args(hostSock, qemuSock, m.qmpPath)); err != nil {
		m.close()
		return nil, err
	}
	return m, nil
}

func (m *machine) start(ctx context.Context, qemu string, args []string) error {
	m.cmd = exec.CommandContext(ctx, qemu, args...)
	m.cmd.Stderr = &m.stderr
	var err error
	if m.stdin, err = m.cmd.StdinPipe(); err != nil {
		return err
	}
	stdout, err := m.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := m.cmd.Start(); err != nil {
		return fmt.Errorf("qemu: starting %s: %w", qemu, err)
	}
	m.console = make(chan []byte, 64)
	go readChunks(stdout, m.console)
	go func() {
		m.cmd.Wait()
		close(m.waited)
	}()
	return nil
}

// readChunks copies r to ch chunk by chunk and closes ch at the end.
func readChunks(r io.Reader, ch chan<- []byte) {
	defer close(ch)
	for {
		buf := make([]byte, 4096)
		n, err := r.Read(buf)
		if n > 0 {
			ch <- buf[:n]
		}
		if err != nil {
			return
		}
	}
}

// send types s on the guest's console.
func (m *machine) send(s string) error {
	_, err := io.WriteString(m.stdin, s)
	return err
}

// close kills QEMU, waits for it and removes the socket directory.
func (m *machine) close() {
	if m.cmd != nil && m.cmd.Process != nil {
		m.cmd.Process.Kill()
		select {
		case <-m.waited:
		case <-time.After(5 * time.Second):
		}
	}
	if m.wire != nil {
		m.wire.close()
	}
	os.RemoveAll(m.dir)
}

// lockedBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var errNoQMP = errors.New("qemu: monitor not answering")

// boot runs one QEMU session: it starts the machine under timeout (with the
// wire's pcap in dir, if set), lets drive play the run, and finishes the
// result with the wall time, the pcap and console.txt in dir.
func boot(ctx context.Context, mc machineConfig, dir string, timeout time.Duration,
	drive func(ctx context.Context, m *machine, start time.Time) (*Result, error)) (*Result, error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		mc.pcap = filepath.Join(dir, "wire.pcap")
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	m, err := startMachine(ctx, mc)
	if err != nil {
		return nil, err
	}
	res, err := drive(ctx, m, start)
	m.close()
	if err != nil {
		return nil, err
	}
	res.Wall, res.PcapPath = time.Since(start), mc.pcap
	if dir != "" {
		err = os.WriteFile(filepath.Join(dir, "console.txt"), []byte(res.Console), 0o644)
	}
	return res, err
}

package hosted

import (
	"encoding/binary"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/xv6"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// Register offsets the fake device implements.
const (
	regICR   = 0x00C0
	regIMS   = 0x00D0
	regRDBAL = 0x2800
	regRDLEN = 0x2808
	regRDH   = 0x2810
	regRDT   = 0x2818
	regTDBAL = 0x3800
	regTDLEN = 0x3808
	regTDH   = 0x3810
	regTDT   = 0x3818
)

// fakeDev is a minimal e1000: registers in a map, synchronous transmit on
// a TDT write (like QEMU), receive by inject.
type fakeDev struct {
	m        *sim.Machine
	regs     map[uint32]uint32
	sent     [][]byte // frames read from the TX ring
	sentAt   []uint64 // their buffer addresses
	tdtSeen  int
	accesses int
	dma      func(addr, n uint64) // the host's DMAVisible
}

var _ guest.Device = (*fakeDev)(nil)

func newFakeDev(m *sim.Machine) *fakeDev { return &fakeDev{m: m, regs: map[uint32]uint32{}} }

func (d *fakeDev) RegRead(_ nic.Space, off uint32, _ int) uint32 { return d.Read(off) }

// RegWrite writes a register and, like the e1000, declares each ring to
// the host once its base and length are written.
func (d *fakeDev) RegWrite(_ nic.Space, off uint32, _ int, v uint32) {
	d.Write(off, v)
	if d.dma == nil {
		return
	}
	for _, r := range [][2]uint32{{regTDBAL, regTDLEN}, {regRDBAL, regRDLEN}} {
		if base, n := uint64(d.regs[r[0]]&^0xF), uint64(d.regs[r[1]]); base != 0 && n != 0 && (off == r[0] || off == r[1]) {
			d.dma(base, n)
		}
	}
}

func (d *fakeDev) Receive([]byte)       {}
func (d *fakeDev) State() nic.State     { return nic.State{Device: "fake"} }
func (d *fakeDev) Capacity() (int, int) { return 0, 0 }
func (d *fakeDev) Overran() bool        { return false }
func (d *fakeDev) Summary() string      { return "fake device" }

func (d *fakeDev) Read(off uint32) uint32 {
	v := d.regs[off]
	if off == regICR {
		d.regs[regICR] = 0
		d.m.SetIRQ(false)
	}
	return v
}

func (d *fakeDev) Write(off uint32, v uint32) {
	switch off {
	case regICR:
		d.regs[regICR] &^= v
		if d.regs[regICR] == 0 {
			d.m.SetIRQ(false)
		}
		return
	case regTDT:
		d.tdtSeen++
		d.regs[off] = v
		d.transmit()
		return
	}
	d.regs[off] = v
}

func (d *fakeDev) DriverAccess(addr, n uint64, write bool) { d.accesses++ }

func (d *fakeDev) ring(base, lenReg uint32) (uint64, uint32) {
	return uint64(d.regs[base]), d.regs[lenReg] / 16
}

// transmit sends every descriptor from TDH up to TDT and sets DD.
func (d *fakeDev) transmit() {
	base, n := d.ring(regTDBAL, regTDLEN)
	if n == 0 {
		return
	}
	for d.regs[regTDH] != d.regs[regTDT]%n {
		desc, err := d.m.Mem.Slice(base+uint64(d.regs[regTDH])*16, 16)
		if err != nil {
			d.m.Fail(sim.ClassDMAFault, "fake: TX descriptor: %v", err)
		}
		addr := binary.LittleEndian.Uint64(desc)
		length := binary.LittleEndian.Uint16(desc[8:])
		frame, err := d.m.Mem.Slice(addr, uint64(length))
		if err != nil {
			d.m.Fail(sim.ClassDMAFault, "fake: TX buffer: %v", err)
		}
		d.sent = append(d.sent, append([]byte(nil), frame...))
		d.sentAt = append(d.sentAt, addr)
		desc[12] |= 1 // DD
		d.regs[regTDH] = (d.regs[regTDH] + 1) % n
	}
}

// inject receives frame into the RX ring at RDH and raises RXT0.
func (d *fakeDev) inject(frame []byte) bool {
	base, n := d.ring(regRDBAL, regRDLEN)
	if n == 0 || d.regs[regRDH] == d.regs[regRDT] {
		return false
	}
	desc, _ := d.m.Mem.Slice(base+uint64(d.regs[regRDH])*16, 16)
	addr := binary.LittleEndian.Uint64(desc)
	if err := d.m.Mem.Write(addr, frame); err != nil {
		d.m.Fail(sim.ClassDMAFault, "fake: RX buffer: %v", err)
	}
	binary.LittleEndian.PutUint16(desc[8:], uint16(len(frame)))
	desc[12] = 0x3 // DD | EOP
	d.regs[regRDH] = (d.regs[regRDH] + 1) % n
	d.regs[regICR] |= 0x80
	if d.regs[regIMS]&0x80 != 0 {
		d.m.SetIRQ(true)
	}
	return true
}

// fakeNet records received frames and answers each with reply (if set).
type fakeNet struct {
	got     [][]byte
	reply   []byte
	refused int
}

func (n *fakeNet) ReplyRefused(*sim.CPU) { n.refused++ }

func (n *fakeNet) NetRx(c *sim.CPU, frame []byte) []byte {
	n.got = append(n.got, append([]byte(nil), frame...))
	return n.reply
}

// proc is a process context: e1000_init, then one e1000_transmit per frame.
type proc struct {
	k      *guest.Kernel
	drv    guest.Driver
	frames [][]byte
	i      int
	rets   []int64
	bufs   []uint64
}

func (p *proc) Step(m *sim.Machine, c *sim.CPU) {
	if p.i > 0 {
		p.rets = append(p.rets, c.Ret)
	}
	switch {
	case p.i == 0:
		c.Call(p.drv.Init(p.k))
	case p.i <= len(p.frames):
		buf, n := p.k.NewBuffer(p.frames[p.i-1])
		p.bufs = append(p.bufs, buf)
		c.Call(p.drv.Transmit(p.k, buf, n))
	default:
		c.Return(0)
	}
	p.i++
}

func (p *proc) Describe() string { return "test process" }

// rig is one run: machine, fake device and net, the driver's kernel.
type rig struct {
	m    *sim.Machine
	dev  *fakeDev
	net  *fakeNet
	k    *guest.Kernel
	drv  guest.Driver
	proc *proc
}

// newRig prepares a run of h with seed; frames are transmitted after init.
func newRig(h *Host, seed uint64, frames ...[]byte) *rig {
	m := sim.New(h.Config(sim.Config{NCPU: 2}), sim.NewTape(sim.NewSeedSource(seed)))
	r := rigOn(h, m)
	r.proc.frames = frames
	return r
}

// injectAt receives frame at virtual time t (or, while the RX ring is not
// set up or full, every 500 ns after).
func (r *rig) injectAt(t sim.Time, frame []byte) {
	r.m.Clock.At(t, sim.TimerFunc(func(m *sim.Machine) {
		if !r.dev.inject(frame) {
			r.injectAt(m.Now()+500, frame)
		}
	}))
}

var (
	hostMu  sync.Mutex
	hostCur *Host
	hostKey string
)

// testCache is the image cache of the test binary.
var testCache = os.Getenv("NICSIM_TEST_CACHE")

func testOptions(abi string) Options {
	return Options{CacheDir: testCache, Kit: testKit(abi)}
}

// kernelOf is the registered kernel whose hosted kit is kit.
func kernelOf(kit *guest.HostedKit) *guest.KernelModel {
	for _, k := range guest.Kernels() {
		if k.Hosted == kit {
			return k
		}
	}
	panic("no kernel has this kit")
}

// testKit is the hosted kit of the xv6 generation abi ("xv6", "xv6-2024").
func testKit(abi string) *guest.HostedKit {
	k, err := guest.LookupKernel(abi)
	if err != nil {
		panic(err)
	}
	return k.Hosted
}

// host builds (cached) and loads the bundled xv6 driver called name, closing the
// previously loaded one.
func host(t testing.TB, name string) *Host {
	t.Helper()
	src, err := xv6.Driver(name)
	if err != nil {
		t.Fatal(err)
	}
	abi, _ := xv6.DriverGen(name)
	return hostSrc(t, name, src, abi)
}

// variant returns the bundled xv6 driver name with each old string replaced by new.
func variant(t testing.TB, name string, oldNew ...string) []byte {
	t.Helper()
	src, err := xv6.Driver(name)
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for i := 0; i < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			t.Fatalf("variant of %s: %q not found", name, oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	return []byte(s)
}

// hostSrc builds (cached) and loads src under key, closing the previously
// loaded host unless it is the same.
func hostSrc(t testing.TB, key string, src []byte, abi string) *Host {
	t.Helper()
	hostMu.Lock()
	defer hostMu.Unlock()
	if hostCur != nil && hostKey == key {
		return hostCur
	}
	closeHost()
	img, err := Build(src, "e1000.c", testOptions(abi))
	if err != nil {
		t.Fatal(err)
	}
	h, err := img.Load()
	if err != nil {
		t.Fatal(err)
	}
	hostCur, hostKey = h, key
	return h
}

func closeHost() {
	if hostCur != nil {
		hostCur.Close()
		hostCur, hostKey = nil, ""
	}
}

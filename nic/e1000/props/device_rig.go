package props

import (
	"bytes"
	"encoding/binary"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/nic/e1000"
	"github.com/nicsim/nicsim/sim"
	"pgregory.net/rapid"
)

// Register bits the ideal driver uses (82540EM datasheet names).
const (
	rctlEN    = 1 << 1
	rctlBAM   = 1 << 15
	rctlSECRC = 1 << 26
	tctlEN    = 1 << 1
	tctlPSP   = 1 << 3

	txCmdEOP = 0x01
	txCmdRS  = 0x08
	staDD    = 0x01
	staEOP   = 0x02

	descBytes = 16
	bufBytes  = 2048 // RCTL.BSIZE 00
	minFrame  = 60   // the device pads shorter frames
	qemuQueue = 256  // QEMU holds this many frames back before dropping
)

// Guest memory of the rig, all below the kernel heap (RAM's upper half).
const (
	maxDeviceRing = 64
	txRingAddr    = sim.RAMBase + 0x1000
	rxRingAddr    = sim.RAMBase + 0x2000
	txBufAddr     = sim.RAMBase + 0x10000
	rxBufAddr     = txBufAddr + maxDeviceRing*bufBytes
)

// peerMAC is the source of frames from the wire.
var peerMAC = []byte{0x52, 0x55, 0x0a, 0x00, 0x02, 0x02}

// stepped is how the rig's OnStep hook stops Machine.Run after one step.
var stepped = &sim.Verdict{Class: "props.stepped"}

const noActor = sim.ActorID(255)

// devRig is a machine with one e1000, rings placed by hand, and the ideal
// driver and NIC models.
type devRig struct {
	m      *sim.Machine
	d      *e1000.Device
	strict bool
	n      uint32
	steer  steer
	single bool // OnStep stops Run after one step
	txID   sim.ActorID
	rxID   sim.ActorID
	wire   [][]byte
	seq    uint32
	tx     txModel
	rx     rxModel
}

// steer is the rig's [sim.Source]: the scheduler picks the actor the rig
// wants, and a strict head read shows the value the rig drew.
type steer struct {
	m    *sim.Machine
	want sim.ActorID
	late uint32 // the next StreamNIC choice
}

// Uint32n implements [sim.Source]. Candidates are the current actor (if
// enabled) and then the enabled actors in id order.
func (s *steer) Uint32n(st sim.Stream, n uint32) uint32 {
	if st != sim.StreamSched {
		return s.late % n
	}
	m := s.m
	if s.want == noActor || !m.Enabled(s.want) {
		return 0
	}
	cur, i := m.Current(), uint32(0)
	if m.Enabled(cur) {
		if cur == s.want {
			return 0
		}
		i = 1
	}
	for id := sim.ActorID(0); id < s.want; id++ {
		if id != cur && m.Enabled(id) {
			i++
		}
	}
	return i
}

func newDevRig(t *rapid.T, p e1000.Personality, n uint32) *devRig {
	g := &devRig{strict: p == e1000.Strict, n: n}
	g.steer.want = noActor
	g.m = sim.New(sim.Config{NCPU: 1, Strategy: &sim.RandomWalk{}}, sim.NewTape(&g.steer))
	g.steer.m = g.m
	g.m.CPUs[0].SIE = false // no CPU takes the interrupt
	g.m.OnStep = func(*sim.Machine) {
		if g.single {
			panic(stepped)
		}
	}
	g.d = e1000.New(g.m, e1000.DefaultConfig(p), g)
	g.txID, g.rxID = dmaActor(g.m, 0), dmaActor(g.m, 1)
	g.setup(t)
	return g
}

// Transmit implements [e1000.Wire].
func (g *devRig) Transmit(f []byte) { g.wire = append(g.wire, bytes.Clone(f)) }

// setup programs both rings (RDT = RDH: the driver gives RX descriptors
// later) and lets QEMU's 1 s RCTL blackout pass.
func (g *devRig) setup(t *rapid.T) {
	clear(g.mem(t, txRingAddr, uint64(g.n)*descBytes))
	clear(g.mem(t, rxRingAddr, uint64(g.n)*descBytes))
	for _, w := range [][2]uint32{
		{e1000.TDBAL, uint32(txRingAddr)}, {e1000.TDBAH, 0}, {e1000.TDLEN, g.n * descBytes},
		{e1000.TDH, 0}, {e1000.TDT, 0}, {e1000.TCTL, tctlEN | tctlPSP},
		{e1000.RDBAL, uint32(rxRingAddr)}, {e1000.RDBAH, 0}, {e1000.RDLEN, g.n * descBytes},
		{e1000.RDH, 0}, {e1000.RDT, 0}, {e1000.RCTL, rctlEN | rctlBAM | rctlSECRC},
	} {
		g.write(t, w[0], w[1])
	}
	g.drain(t)
}

// step runs one step of actor id if it can step.
func (g *devRig) step(t *rapid.T, id sim.ActorID) {
	if !g.m.Enabled(id) {
		return
	}
	g.steer.want, g.single = id, true
	v := g.m.Run()
	g.steer.want, g.single = noActor, false
	if v != stepped {
		t.Fatalf("%s step: %v", g.m.ActorName(id), v)
	}
	if cur := g.m.Current(); cur != id {
		t.Fatalf("the scheduler stepped %s, want %s", g.m.ActorName(cur), g.m.ActorName(id))
	}
}

// drain runs the machine until nothing can step and no timer is pending.
func (g *devRig) drain(t *rapid.T) {
	if v := g.m.Run(); !v.Pass() {
		t.Fatalf("drain: %v", v)
	}
	if g.m.Enabled(g.txID) || g.m.Enabled(g.rxID) {
		t.Fatalf("drained, but nic.tx enabled=%v nic.rx enabled=%v", g.m.Enabled(g.txID), g.m.Enabled(g.rxID))
	}
}

// catch is sim.Catch.
func catch(f func()) *sim.Verdict { return sim.Catch(f) }

// write is a register write by the ideal driver; no verdict is allowed.
func (g *devRig) write(t *rapid.T, reg, v uint32) {
	if vd := catch(func() { g.d.Write(reg, v) }); vd != nil {
		t.Fatalf("register write %#x = %#x: %v", reg, v, vd)
	}
}

func (g *devRig) mem(t *rapid.T, addr, n uint64) []byte {
	b, err := g.m.Mem.Slice(addr, n)
	if err != nil {
		t.Fatalf("rig memory: %v", err)
	}
	return b
}

// store is a driver write to DMA-visible memory: the ownership oracle sees
// it first and must not object.
func (g *devRig) store(t *rapid.T, addr uint64, p []byte) {
	if v := catch(func() { g.d.DriverAccess(addr, uint64(len(p)), true) }); v != nil {
		t.Fatalf("driver write at %#x: %v", addr, v)
	}
	copy(g.mem(t, addr, uint64(len(p))), p)
}

// frame makes a frame with a unique sequence number to dst.
func (g *devRig) frame(t *rapid.T, dst []byte) []byte {
	f := make([]byte, rapid.IntRange(14, 1514).Draw(t, "len"))
	copy(f, dst)
	copy(f[6:], peerMAC)
	f[12], f[13] = 0x88, 0xb5
	if len(f) >= 18 {
		binary.BigEndian.PutUint32(f[14:], g.seq)
	}
	for i := 18; i < len(f); i++ {
		f[i] = byte(g.seq) + byte(i)
	}
	g.seq++
	return f
}

// padded is f as the device stores or sends it padded to 60 bytes.
func padded(f []byte) []byte {
	if len(f) >= minFrame {
		return f
	}
	return append(bytes.Clone(f), make([]byte, minFrame-len(f))...)
}

// dist is the distance from slot a forward to slot b on a ring of n.
func dist(a, b, n uint32) uint32 { return (b + n - a) % n }

func descAddr(ring uint64, slot uint32) uint64 { return ring + uint64(slot)*descBytes }

// dmaActor is the actor of the model's i-th DMA engine (its registration
// names them: transmit, then receive).
func dmaActor(m *sim.Machine, i int) sim.ActorID {
	model, err := nic.Lookup("e1000")
	if err != nil {
		panic(err)
	}
	id, ok := m.ActorID(model.Actors[i])
	if !ok {
		panic("props: the device registered no actor " + model.Actors[i])
	}
	return id
}

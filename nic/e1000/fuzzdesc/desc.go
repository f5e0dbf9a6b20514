package fuzzdesc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/nicsim/nicsim/nic/e1000"
	"github.com/nicsim/nicsim/sim"
)

// Guest memory of the descriptor target: 512 KiB of RAM without a kernel
// heap, rings and buffers placed as a driver would.
const (
	descRAM    = 512 << 10
	descTXRing = sim.RAMBase + 0x1000
	descRXRing = sim.RAMBase + 0x2000
	descTXBuf  = sim.RAMBase + 0x10000 // 2 KiB per slot, 64 slots
	descRXBuf  = sim.RAMBase + 0x30000
	descBuf    = 2048
	descBytes  = 16
)

// Register bits of the target's setup (82540EM datasheet names).
const (
	rctlEN    = 1 << 1
	rctlBAM   = 1 << 15
	rctlSECRC = 1 << 26
	tctlEN    = 1 << 1
	tctlPSP   = 1 << 3
	ctrlRST   = 1 << 26
)

// ClassInvariant is the verdict class of a broken invariant of the
// descriptor target (a bug in the device model).
const ClassInvariant = "fuzz-invariant"

var descRAMPool = sync.Pool{New: func() any { b := make([]byte, descRAM); return &b }}

// Descriptors feeds data to an e1000 device model as a driver would and
// returns an error if the model misbehaves. data[0] picks the setup: bit 0
// the personality (strict when set), bits 1-2 the ring size (8 << n), bit 3
// turns QEMU's interrupt mitigation off. data[1] is the length of the
// schedule, which is the end of the input: one byte per scheduling choice
// (the driver or a DMA engine), 0 and everything past its end meaning "keep
// running". In between is a program of driver operations (register writes
// and reads with any value, raw and well-formed descriptors, buffer writes,
// frames from the wire, sleeps; see the op constants), one per step of a "driver"
// actor.
//
// Verdicts the device raises through sim's Fail mechanism (config faults,
// DMA faults, ring ownership) are fine: they are what a driver can cause.
// Descriptors reports a panic of the model ([sim.ClassInternal]), a run
// that does not quiesce ([sim.ClassLivelock]), and a broken invariant:
// TDH and RDH only ever move into the ring; every frame on the wire is the
// concatenation of the TX buffers the device read since the previous frame
// (padded to 60 bytes by strict with TCTL.PSP); the statistics agree with
// the wire and with the frames the wire delivered.
func Descriptors(data []byte) error {
	ram := descRAMPool.Get().(*[]byte)
	defer descRAMPool.Put(ram)
	clear(*ram)
	r := newDescRig(data, *ram)
	if err := r.setup(); err != nil {
		return err
	}
	v := r.m.Run()
	switch v.Class {
	case sim.ClassInternal, sim.ClassLivelock, ClassInvariant:
		return fmt.Errorf("%s: %s\n%s", v.Class, v.Message, r.last())
	}
	return r.finalCheck()
}

// descRig is one run of the descriptor target.
type descRig struct {
	m      *sim.Machine
	d      *e1000.Device
	in     opReader // the program
	sched  opReader // the schedule
	strict bool
	n      uint32
	drv    sim.ActorID
	txSrc  sim.SourceID
	frames uint64 // frames on the wire
	recvd  uint64 // frames the wire delivered
	seen   uint64 // trace events processed
	reads  []readRange
	lost   bool // events were not kept: the frame cannot be checked
	heads  [2]uint32
	headWr [2]bool  // the driver wrote TDH / RDH in this step
	slept  sim.Time // virtual time the driver has slept
}

// readRange is a TX buffer read of the frame being gathered.
type readRange struct {
	addr, n uint64
	dirty   bool // written since it was read: its bytes cannot be checked
}

// choices makes the scheduler read its choices from the schedule.
type choices struct{ in *opReader }

func (c choices) Uint32n(_ sim.Stream, n uint32) uint32 { return uint32(c.in.byte()) % n }

type drvActor struct{ r *descRig }

func (a drvActor) Step(*sim.Machine) { a.r.stepDriver() }

func newDescRig(data []byte, ram []byte) *descRig {
	hdr := opReader{b: data}
	h, k := hdr.byte(), min(int(hdr.byte()), len(hdr.b))
	r := &descRig{in: opReader{b: hdr.b[:len(hdr.b)-k]}, sched: opReader{b: hdr.b[len(hdr.b)-k:]}}
	r.strict, r.n = h&1 != 0, 8<<(h>>1&3)
	// The budgets bound the device, not the program: every operation may
	// make the engines move a few hundred descriptors, and sleeps add up to
	// at most maxSleep.
	sc := sim.Config{NCPU: 1, MaxSteps: 10_000 + 400*uint64(len(data)), MaxTime: sim.Second * 3600,
		RAM: ram, HeapBase: sim.RAMBase + descRAM, Strategy: &sim.RandomWalk{}}
	r.m = sim.New(sc, sim.NewTape(choices{&r.sched}))
	r.m.Trace.KeepAll(true)
	r.m.CPUs[0].SIE = false
	dc := e1000.DefaultConfig(e1000.QEMU)
	if r.strict {
		dc = e1000.DefaultConfig(e1000.Strict)
	}
	dc.Mitigation = dc.Mitigation && h&8 == 0
	r.d = e1000.New(r.m, dc, r)
	r.txSrc = r.m.Source("nic.tx")
	r.drv = r.m.AddActor("driver", drvActor{r})
	r.m.OnStep = func(*sim.Machine) { r.afterStep() }
	return r
}

// setup programs both rings as xv6 does, lets QEMU's RCTL blackout pass and
// starts the driver's program.
func (r *descRig) setup() error {
	for i := uint32(0); i < r.n; i++ {
		binary.LittleEndian.PutUint64(r.ram(descRXRing+uint64(i)*descBytes, 8), descRXBuf+uint64(i)*descBuf)
	}
	v := catch(func() {
		for _, w := range [][2]uint32{
			{e1000.IMS, e1000.TXDW | e1000.RXT0 | e1000.RXO | e1000.RXDMT0},
			{e1000.TDBAL, uint32(descTXRing)}, {e1000.TDLEN, r.n * descBytes}, {e1000.TCTL, tctlEN | tctlPSP},
			{e1000.RDBAL, uint32(descRXRing)}, {e1000.RDLEN, r.n * descBytes}, {e1000.RDT, r.n - 1},
			{e1000.RCTL, rctlEN | rctlBAM | rctlSECRC},
		} {
			r.d.Write(w[0], w[1])
		}
	})
	if v != nil {
		return fmt.Errorf("setup: %v", v)
	}
	if v := r.m.Run(); !v.Pass() {
		return fmt.Errorf("setup: %v", v)
	}
	r.m.SetEnabled(r.drv, true)
	return nil
}

// ram returns n bytes of RAM at addr (which the rig knows to be in RAM).
func (r *descRig) ram(addr, n uint64) []byte {
	b, err := r.m.Mem.Slice(addr, n)
	if err != nil {
		panic(err)
	}
	return b
}

// catch is sim.Catch.
func catch(f func()) *sim.Verdict { return sim.Catch(f) }

// last formats the last events of the run for an error.
func (r *descRig) last() string {
	s := ""
	for _, e := range r.m.Trace.Last(20) {
		s += "  " + r.m.Trace.Format(&e) + "\n"
	}
	return s
}

// errStats is wrapped by the final statistics checks.
var errStats = errors.New("device statistics disagree with the wire")

// finalCheck compares the device's counters with what the wire saw.
func (r *descRig) finalCheck() error {
	s := r.d.Stats()
	if s.TXFrames != r.frames {
		return fmt.Errorf("%w: TXFrames = %d, %d frames on the wire", errStats, s.TXFrames, r.frames)
	}
	if got := s.RXFrames + s.RXDropped + uint64(r.d.Pending()); got > r.recvd {
		return fmt.Errorf("%w: %d frames written + %d dropped + %d pending, but the wire delivered %d",
			errStats, s.RXFrames, s.RXDropped, r.d.Pending(), r.recvd)
	}
	return nil
}

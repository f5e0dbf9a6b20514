package i8255x

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// Guest memory layout of the test rig: CBs 0x100 apart from cblAddr, RFDs
// 0x800 apart from rfaAddr.
const (
	cblAddr   = sim.RAMBase + 0x1000
	cbStride  = 0x100
	rfaAddr   = sim.RAMBase + 0x10000
	rfdStride = 0x800
	dumpArea  = sim.RAMBase + 0x20000
)

func cbAt(i int) uint64  { return cblAddr + uint64(i)*cbStride }
func rfdAt(i int) uint64 { return rfaAddr + uint64(i)*rfdStride }

// recWire records every transmitted frame.
type recWire struct{ frames [][]byte }

func (w *recWire) Transmit(f []byte) { w.frames = append(w.frames, bytes.Clone(f)) }

// rig is a machine with one device and block lists placed by hand. The CSR
// is reached through the I/O window, as the eth driver does.
type rig struct {
	t        testing.TB
	m        *sim.Machine
	d        *Device
	w        *recWire
	declared []uint64 // DeclareDMA addresses in call order
}

func newRig(t testing.TB, p Personality) *rig { return newRigSeed(t, p, sim.Config{}, 1) }

// newRigSeed is newRig with a machine configuration and seed.
func newRigSeed(t testing.TB, p Personality, mc sim.Config, seed uint64) *rig {
	m := sim.New(mc, sim.NewTape(sim.NewSeedSource(seed)))
	for _, c := range m.CPUs {
		c.SIE = false // no CPU takes the interrupt: tests look at the line
	}
	m.Trace.KeepAll(true)
	r := &rig{t: t, m: m, w: &recWire{}}
	cfg := Config{Personality: p, DeclareDMA: func(addr, _ uint64) { r.declared = append(r.declared, addr) }}
	r.d = New(m, cfg, r.w)
	return r
}

// both runs f as a subtest under each personality.
func both(t *testing.T, f func(t *testing.T, p Personality)) {
	for _, p := range []Personality{QEMU, Strict} {
		t.Run(p.String(), func(t *testing.T) { f(t, p) })
	}
}

func (r *rig) mem(addr, n uint64) []byte {
	b, err := r.m.Mem.Slice(addr, n)
	if err != nil {
		r.t.Fatal(err)
	}
	return b
}

func (r *rig) u16(addr uint64) uint16 { return le.Uint16(r.mem(addr, 2)) }

// cb writes a CB header with status 0 and params after it.
func (r *rig) cb(addr uint64, cmd uint16, link uint64, params []byte) {
	b := r.mem(addr, 8+uint64(len(params)))
	le.PutUint16(b[0:], 0)
	le.PutUint16(b[2:], cmd)
	le.PutUint32(b[4:], uint32(link))
	copy(b[8:], params)
}

// tcb writes a simplified-mode TCB carrying frame.
func (r *rig) tcb(addr uint64, cmd uint16, link uint64, frame []byte) {
	p := make([]byte, 8+len(frame))
	le.PutUint32(p[0:], noTBD)
	le.PutUint16(p[4:], uint16(len(frame))|countEOF)
	p[6] = 0xE0
	copy(p[8:], frame)
	r.cb(addr, cmd|OpTransmit, link, p)
}

// rfd writes an empty simplified RFD.
func (r *rig) rfd(addr uint64, cmd uint16, link uint64, size uint16) {
	b := r.mem(addr, hdrSize)
	clear(b)
	le.PutUint16(b[2:], cmd)
	le.PutUint32(b[4:], uint32(link))
	le.PutUint32(b[8:], noTBD)
	le.PutUint16(b[14:], size)
}

func (r *rig) write(off uint32, width int, v uint32) { r.d.Write(SpaceIO, off, width, v) }
func (r *rig) read(off uint32, width int) uint32     { return r.d.Read(SpaceIO, off, width) }

// command writes the general pointer and the command byte, then runs the
// machine (under strict, until the command is accepted and the units are
// done).
func (r *rig) command(c uint8, ptr uint64) {
	r.t.Helper()
	r.write(SCBPointer, 4, uint32(ptr))
	r.write(SCBCmd, 1, uint32(c))
	r.run()
}

// run steps the machine until it quiesces and requires a pass.
func (r *rig) run() {
	r.t.Helper()
	if v := r.m.Run(); !v.Pass() {
		r.t.Fatalf("run: %v", v)
	}
}

// runFail steps the machine and requires a failure of class.
func (r *rig) runFail(class string, frags ...string) {
	r.t.Helper()
	wantFail(r.t, r.m.Run(), class, frags...)
}

func (r *rig) statack() uint8 { return uint8(r.read(SCBStatAck, 1)) }

// wantFail checks a verdict's class and that its message contains every
// fragment.
func wantFail(t testing.TB, v *sim.Verdict, class string, frags ...string) {
	t.Helper()
	if v == nil || v.Class != class {
		t.Fatalf("verdict = %v, want class %s", v, class)
	}
	for _, f := range frags {
		if !strings.Contains(v.Message, f) {
			t.Errorf("message %q lacks %q", v.Message, f)
		}
	}
}

// frame returns an n-byte frame to dst with a recognisable payload.
func frame(dst [6]byte, n int) []byte {
	f := make([]byte, n)
	copy(f, dst[:])
	copy(f[6:], []byte{0x52, 0x55, 0x0a, 0x00, 0x02, 0x02})
	f[12], f[13] = 0x08, 0x00
	for i := 14; i < n; i++ {
		f[i] = byte(i)
	}
	return f
}

// events returns the kept trace events of the given kind.
func (r *rig) events(k sim.Kind) []sim.Event {
	var out []sim.Event
	for _, e := range r.m.Trace.All() {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

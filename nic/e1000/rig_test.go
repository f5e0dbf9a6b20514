package e1000

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// Guest memory layout of the test rig.
const (
	txRingAddr = sim.RAMBase + 0x1000
	rxRingAddr = sim.RAMBase + 0x2000
	txBufAddr  = sim.RAMBase + 0x10000 // 4 KiB per slot
	rxBufAddr  = sim.RAMBase + 0x80000 // 4 KiB per slot
	bufStride  = 0x1000
)

// recWire records every transmitted frame.
type recWire struct{ frames [][]byte }

func (w *recWire) Transmit(f []byte) { w.frames = append(w.frames, bytes.Clone(f)) }

// rig is a machine with one device and rings placed by hand.
type rig struct {
	t testing.TB
	m *sim.Machine
	d *Device
	w *recWire
	n uint32 // ring size used by setupTX/setupRX
}

func newRig(t testing.TB, cfg Config) *rig {
	m := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(1)))
	for _, c := range m.CPUs {
		c.SIE = false // no CPU takes the interrupt: tests look at the line
	}
	w := &recWire{}
	return &rig{t: t, m: m, d: New(m, cfg, w), w: w}
}

func newQEMU(t testing.TB) *rig { return newRig(t, Config{Personality: QEMU}) }

// newQEMUMasking is the QEMU personality with nicsim's own checks off: what
// QEMU itself does with values it masks silently.
func newQEMUMasking(t testing.TB) *rig { return newRig(t, Config{Personality: QEMU, NoOracles: true}) }

func newStrict(t testing.TB) *rig { return newRig(t, Config{Personality: Strict}) }

func (r *rig) mem(addr, n uint64) []byte {
	b, err := r.m.Mem.Slice(addr, n)
	if err != nil {
		r.t.Fatal(err)
	}
	return b
}

// setupTX programs an n-descriptor TX ring, TDH = TDT = 0, TCTL = EN|PSP.
func (r *rig) setupTX(n uint32) {
	r.n = n
	clear(r.mem(txRingAddr, uint64(n)*descSize))
	r.d.Write(TDBAL, uint32(txRingAddr))
	r.d.Write(TDBAH, 0)
	r.d.Write(TDLEN, n*descSize)
	r.d.Write(TDH, 0)
	r.d.Write(TDT, 0)
	r.d.Write(TCTL, tctlEN|tctlPSP)
}

// fillTX writes frame into slot's buffer and the descriptor (without
// moving TDT).
func (r *rig) fillTX(slot uint32, frame []byte, cmd byte) {
	buf := txBufAddr + uint64(slot)*bufStride
	copy(r.mem(buf, uint64(len(frame))), frame)
	desc := r.mem(txRingAddr+uint64(slot)*descSize, descSize)
	clear(desc)
	le.PutUint64(desc[0:], buf)
	le.PutUint16(desc[8:], uint16(len(frame)))
	desc[11] = cmd
}

// send fills the slot at TDT and advances TDT past it.
func (r *rig) send(frame []byte, cmd byte) uint32 {
	slot := r.d.r.td.tail
	r.fillTX(slot, frame, cmd)
	r.d.Write(TDT, (slot+1)%r.n)
	return slot
}

func (r *rig) txStatus(slot uint32) byte { return r.mem(txRingAddr+uint64(slot)*descSize+12, 1)[0] }

// setupRX programs an n-descriptor RX ring with 2 KiB buffers, RDH = 0,
// RDT = n-1 (the xv6 convention), RCTL = EN|BAM|SECRC|extra.
func (r *rig) setupRX(n uint32, extra uint32) { r.setupRXTail(n, n-1, extra) }

// setupRXTail is setupRX with RDT = rdt.
func (r *rig) setupRXTail(n, rdt uint32, extra uint32) {
	r.n = n
	for i := uint32(0); i < n; i++ {
		desc := r.mem(rxRingAddr+uint64(i)*descSize, descSize)
		clear(desc)
		le.PutUint64(desc[0:], rxBufAddr+uint64(i)*bufStride)
	}
	r.d.Write(RDBAL, uint32(rxRingAddr))
	r.d.Write(RDH, 0)
	r.d.Write(RDT, rdt)
	r.d.Write(RDLEN, n*descSize)
	r.d.Write(RCTL, rctlEN|rctlBAM|rctlSECRC|extra)
}

func (r *rig) rxDesc(slot uint32) []byte { return r.mem(rxRingAddr+uint64(slot)*descSize, descSize) }

func (r *rig) rxBuf(slot uint32, n int) []byte {
	return r.mem(rxBufAddr+uint64(slot)*bufStride, uint64(n))
}

// run steps the machine until it quiesces and requires a pass.
func (r *rig) run() {
	r.t.Helper()
	if v := r.m.Run(); !v.Pass() {
		r.t.Fatalf("run: %v", v)
	}
}

// catch is sim.Catch.
func catch(f func()) *sim.Verdict { return sim.Catch(f) }

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

// frame returns an n-byte frame to dst from the rig's peer with a
// recognisable payload.
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

var broadcast = [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

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

package props

import (
	"bytes"
	"encoding/binary"

	"github.com/nicsim/nicsim/nic/e1000"
	"pgregory.net/rapid"
)

// rxModel is the ideal receive side, in totals like txModel.
type rxModel struct {
	given    uint64   // descriptors handed over by RDT writes
	consumed uint64   // descriptors the driver has read back after DD
	admitted [][]byte // frames the device accepted, as it stores them
}

// rxDone is how many descriptors the device has written back.
func (g *devRig) rxDone() uint64 {
	_, _, head, _ := g.d.RXRing()
	return g.rx.consumed + uint64(dist(uint32(g.rx.consumed%uint64(g.n)), uint32(head), g.n))
}

// rxRefill gives 1..room descriptors back to the device (xv6 keeps one
// slot back, so RDT never catches up with RDH).
func (g *devRig) rxRefill(t *rapid.T) {
	room := int(uint64(g.n) - 1 - (g.rx.given - g.rx.consumed))
	if room == 0 {
		return
	}
	for range rapid.IntRange(1, room).Draw(t, "k") {
		slot := uint32(g.rx.given % uint64(g.n))
		var d [descBytes]byte
		binary.LittleEndian.PutUint64(d[0:], rxBufAddr+uint64(slot)*bufBytes)
		g.store(t, descAddr(rxRingAddr, slot), d[:])
		g.rx.given++
	}
	g.write(t, e1000.RDT, uint32(g.rx.given%uint64(g.n)))
}

// deliver puts a frame from the wire into the device. It may drop it only
// when its queue is full (strict: the packet buffer; QEMU: the hold-back
// queue), and must drop it then.
func (g *devRig) deliver(t *rapid.T) {
	dst := rapid.SampledFrom([][]byte{e1000.DefaultMAC[:], {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}).Draw(t, "dst")
	f := g.frame(t, dst)
	pending, before := g.d.Pending(), g.d.Stats().RXDropped
	if v := catch(func() { g.d.Receive(f) }); v != nil {
		t.Fatalf("receive: %v", v)
	}
	dropped := g.d.Stats().RXDropped != before
	full := (g.strict && pending >= e1000.DefaultRXFIFO) || (!g.strict && pending >= qemuQueue)
	if dropped != full {
		t.Fatalf("frame %d dropped=%v with %d frames pending (strict=%v)", g.seq-1, dropped, pending, g.strict)
	}
	if !dropped {
		g.rx.admitted = append(g.rx.admitted, padded(f))
	}
}

// rxConsume reads the oldest written descriptor, if any, and checks that it
// holds the next accepted frame.
func (g *devRig) rxConsume(t *rapid.T) {
	if g.rx.consumed == g.rxDone() {
		return
	}
	slot := uint32(g.rx.consumed % uint64(g.n))
	d := g.mem(t, descAddr(rxRingAddr, slot), descBytes)
	want := g.rx.admitted[g.rx.consumed]
	n := binary.LittleEndian.Uint16(d[8:])
	if d[12]&(staDD|staEOP) != staDD|staEOP || int(n) != len(want) {
		t.Fatalf("RX descriptor %d: status %#x length %d, want DD|EOP and %d", slot, d[12], n, len(want))
	}
	if got := g.mem(t, binary.LittleEndian.Uint64(d[0:]), uint64(n)); !bytes.Equal(got, want) {
		t.Fatalf("RX descriptor %d holds %x..., want frame %d %x...", slot, head(got), g.rx.consumed, head(want))
	}
	g.rx.consumed++
}

// rxOwned reports whether the model says the device owns RX slot s.
func (g *devRig) rxOwned(s uint32) bool {
	done := g.rxDone()
	return uint64(dist(uint32(done%uint64(g.n)), s, g.n)) < g.rx.given-done
}

func (g *devRig) checkRX(t *rapid.T) {
	_, size, head, tail := g.d.RXRing()
	if uint32(size) != g.n || uint32(head) >= g.n || uint32(tail) != uint32(g.rx.given%uint64(g.n)) {
		t.Fatalf("RX ring of %d RDH=%d RDT=%d; want %d descriptors, RDT=%d", size, head, tail, g.n, g.rx.given%uint64(g.n))
	}
	done, admitted := g.rxDone(), uint64(len(g.rx.admitted))
	if done > g.rx.given || done > admitted {
		t.Fatalf("RDH=%d: %d descriptors written, %d given, %d frames accepted", head, done, g.rx.given, admitted)
	}
	if s := g.d.Stats().RXFrames; s != done {
		t.Fatalf("Stats().RXFrames = %d, %d descriptors written", s, done)
	}
	if p := uint64(g.d.Pending()); p != admitted-done {
		t.Fatalf("device holds %d frames; %d accepted, %d written", p, admitted, done)
	}
	busy := g.m.Enabled(g.rxID)
	if want := admitted > done && head != tail; busy != want {
		t.Fatalf("nic.rx enabled=%v with %d frames waiting, RDH=%d RDT=%d", busy, admitted-done, head, tail)
	}
	for i := g.rx.consumed; i < g.rx.given; i++ {
		st := g.mem(t, descAddr(rxRingAddr, uint32(i%uint64(g.n)))+12, 1)[0]
		if (st&staDD != 0) != (i < done) {
			t.Fatalf("RX descriptor %d: status %#x, but the device has written %d of %d", i%uint64(g.n), st, done, g.rx.given)
		}
	}
}

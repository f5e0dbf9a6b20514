package props

import (
	"bytes"
	"encoding/binary"

	"github.com/nicsim/nicsim/nic/e1000"
	"pgregory.net/rapid"
)

// txModel is the ideal transmit side: descriptors are counted from the
// start of the run (totals), slot = total mod ring size.
type txModel struct {
	posted    uint64   // descriptors handed over by TDT writes
	reclaimed uint64   // descriptors the driver took back after DD
	frames    [][]byte // frame of each posted descriptor, as the wire should see it
	seen      int      // wire frames already compared
}

// txDone is how many descriptors the device has finished: the reclaim
// point plus the distance to TDH (less than a ring, since at most n-1 are
// outstanding).
func (g *devRig) txDone() uint64 {
	_, _, head, _ := g.d.TXRing()
	return g.tx.reclaimed + uint64(dist(uint32(g.tx.reclaimed%uint64(g.n)), uint32(head), g.n))
}

// txPost fills 1..4 free descriptors (EOP|RS) and writes TDT once.
func (g *devRig) txPost(t *rapid.T) {
	free := int(uint64(g.n) - 1 - (g.tx.posted - g.tx.reclaimed))
	if free == 0 {
		return
	}
	for range rapid.IntRange(1, min(free, 4)).Draw(t, "k") {
		f := g.frame(t, rapid.SampledFrom([][]byte{e1000.DefaultMAC[:], peerMAC}).Draw(t, "dst"))
		slot := uint32(g.tx.posted % uint64(g.n))
		buf := txBufAddr + uint64(slot)*bufBytes
		g.store(t, buf, f)
		var d [descBytes]byte
		binary.LittleEndian.PutUint64(d[0:], buf)
		binary.LittleEndian.PutUint16(d[8:], uint16(len(f)))
		d[11] = txCmdEOP | txCmdRS
		g.store(t, descAddr(txRingAddr, slot), d[:])
		if g.strict {
			f = padded(f) // TCTL.PSP; QEMU sends frames as they are
		}
		g.tx.frames = append(g.tx.frames, f)
		g.tx.posted++
	}
	g.write(t, e1000.TDT, uint32(g.tx.posted%uint64(g.n)))
}

// txReclaim takes back the oldest outstanding descriptor if it has DD.
func (g *devRig) txReclaim(t *rapid.T) {
	if g.tx.reclaimed == g.tx.posted {
		return
	}
	slot := uint32(g.tx.reclaimed % uint64(g.n))
	if g.mem(t, descAddr(txRingAddr, slot)+12, 1)[0]&staDD != 0 {
		g.tx.reclaimed++
	}
}

// txOwned reports whether the model says the device owns TX slot s.
func (g *devRig) txOwned(s uint32) bool {
	done := g.txDone()
	return uint64(dist(uint32(done%uint64(g.n)), s, g.n)) < g.tx.posted-done
}

func (g *devRig) checkTX(t *rapid.T) {
	_, size, head, tail := g.d.TXRing()
	if uint32(size) != g.n || uint32(head) >= g.n || uint32(tail) != uint32(g.tx.posted%uint64(g.n)) {
		t.Fatalf("TX ring of %d TDH=%d TDT=%d; want %d descriptors, TDT=%d", size, head, tail, g.n, g.tx.posted%uint64(g.n))
	}
	done := g.txDone()
	if done > g.tx.posted {
		t.Fatalf("TDH=%d is past TDT: %d descriptors finished of %d posted", head, done, g.tx.posted)
	}
	g.checkWire(t, done)
	busy := g.m.Enabled(g.txID)
	if want := g.strict && done < g.tx.posted; busy != want {
		t.Fatalf("nic.tx enabled=%v with %d of %d descriptors finished (strict=%v)", busy, done, g.tx.posted, g.strict)
	}
	for i := g.tx.reclaimed; i < g.tx.posted; i++ {
		dd := g.mem(t, descAddr(txRingAddr, uint32(i%uint64(g.n)))+12, 1)[0]&staDD != 0
		if dd != (i < done) {
			t.Fatalf("TX descriptor %d: DD=%v, but the device has finished %d of %d", i%uint64(g.n), dd, done, g.tx.posted)
		}
	}
}

// checkWire compares new wire frames with the posted ones: exactly once,
// in order. QEMU sends inside the TDT write; strict sends at the data step,
// one step before it writes DD back.
func (g *devRig) checkWire(t *rapid.T, done uint64) {
	w := uint64(len(g.wire))
	if w < done || w > done+1 || (!g.strict && w != done) || w > g.tx.posted {
		t.Fatalf("%d frames on the wire, %d descriptors finished, %d posted", w, done, g.tx.posted)
	}
	for ; g.tx.seen < len(g.wire); g.tx.seen++ {
		if got, want := g.wire[g.tx.seen], g.tx.frames[g.tx.seen]; !bytes.Equal(got, want) {
			t.Fatalf("wire frame %d is %d bytes %x..., want %d bytes %x...", g.tx.seen, len(got), head(got), len(want), head(want))
		}
	}
	if s := g.d.Stats().TXFrames; s != w {
		t.Fatalf("Stats().TXFrames = %d, %d frames on the wire", s, w)
	}
}

func head(b []byte) []byte { return b[:min(len(b), 20)] }

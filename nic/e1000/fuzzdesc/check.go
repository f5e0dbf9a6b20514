package fuzzdesc

import (
	"bytes"

	"github.com/nicsim/nicsim/nic/e1000"
	"github.com/nicsim/nicsim/sim"
)

// Trace events the invariants read. The DMA access code in an event's C
// argument is the device's: bits 40+ the ring (0 TX), bits 32-39 the object
// (1 the buffer); TestAccessDecoding pins it against the trace format.
const (
	kindDMARead  = "dma.read"
	kindDMAWrite = "dma.write"
	objBuf       = 1
)

func isTXBufRead(e *sim.Event) bool { return e.C>>40 == 0 && e.C>>32&0xFF == objBuf }

// sync processes the trace events emitted since the last call: TX buffer
// reads join the frame being gathered; DMA writes that overlap them make
// their bytes unverifiable.
func (r *descRig) sync() {
	t := r.m.Trace
	if t.Dropped() > 0 {
		r.lost, r.seen = true, t.Count()
		return
	}
	all := t.All()
	for i := r.seen; i < uint64(len(all)); i++ {
		e := &all[i]
		switch e.Kind.Name() {
		case kindDMARead:
			if e.Src == r.txSrc && isTXBufRead(e) {
				r.reads = append(r.reads, readRange{addr: e.A, n: e.B})
			}
		case kindDMAWrite:
			for j := range r.reads {
				if rr := &r.reads[j]; e.A < rr.addr+rr.n && rr.addr < e.A+e.B {
					rr.dirty = true
				}
			}
		}
	}
	r.seen = uint64(len(all))
}

// Transmit implements [e1000.Wire]: the frame must be the TX buffers read
// since the previous frame, in order.
func (r *descRig) Transmit(frame []byte) {
	r.sync()
	r.frames++
	defer func() { r.reads, r.lost = r.reads[:0], false }()
	if r.lost {
		return
	}
	var total uint64
	for _, rr := range r.reads {
		total += rr.n
	}
	want := total
	if r.strict && r.d.Read(e1000.TCTL)&tctlPSP != 0 && want < 60 {
		want = 60
	}
	if uint64(len(frame)) != want {
		r.m.Fail(ClassInvariant, "a %d-byte frame went on the wire; the device read %d bytes of TX buffers for it (%d reads)",
			len(frame), total, len(r.reads))
	}
	off := uint64(0)
	for _, rr := range r.reads {
		if !rr.dirty && !bytes.Equal(frame[off:off+rr.n], r.bufferBytes(rr.addr, rr.n)) {
			r.m.Fail(ClassInvariant, "frame bytes %d..%d differ from the TX buffer at %#x the device read", off, off+rr.n, rr.addr)
		}
		off += rr.n
	}
	if !zero(frame[total:]) {
		r.m.Fail(ClassInvariant, "the padding of a %d-byte frame is not zero", total)
	}
}

// afterStep checks that TDH and RDH moved only into their rings, unless
// the driver wrote them.
func (r *descRig) afterStep() {
	r.sync()
	_, txSize, txHead, _ := r.d.TXRing()
	_, rxSize, rxHead, _ := r.d.RXRing()
	r.checkHead(0, "TDH", uint32(txHead), uint32(txSize))
	r.checkHead(1, "RDH", uint32(rxHead), uint32(rxSize))
}

func (r *descRig) checkHead(i int, name string, h, size uint32) {
	if h != r.heads[i] && !r.headWr[i] && h >= max(size, 1) {
		r.m.Fail(ClassInvariant, "the device moved %s from %d to %d, outside its ring of %d descriptors", name, r.heads[i], h, size)
	}
	r.heads[i], r.headWr[i] = h, false
}

func zero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// bufferBytes is what the device should have read at [addr, addr+n): RAM,
// or zeros outside RAM (the qemu personality reads unassigned memory as
// QEMU does).
func (r *descRig) bufferBytes(addr, n uint64) []byte {
	if b, err := r.m.Mem.Slice(addr, n); err == nil {
		return b
	}
	return make([]byte, n)
}

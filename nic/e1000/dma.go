package e1000

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// dmaRead returns the n bytes at addr the device reads for a (aliasing RAM:
// copy what must outlive the step). A read outside RAM or from a freed heap
// page fails the run.
func (d *Device) dmaRead(src sim.SourceID, addr, n uint64, a access) []byte {
	d.m.Emit(src, kindDMARead, addr, n, uint64(a))
	b, err := d.dma(addr, n)
	if err != nil {
		if d.unmapped(src, addr, n, err) {
			return d.zeros(n) // QEMU: unassigned memory reads as zeros
		}
		d.failDMA("read", addr, n, a, err)
	}
	if d.cfg.Personality == Strict {
		if who, ok := d.m.Unpublished(addr, n); ok {
			d.failUnpublished(a, addr, n, who)
		}
	}
	return b
}

// dmaWrite writes p at addr for a, with the same checks as dmaRead.
func (d *Device) dmaWrite(src sim.SourceID, addr uint64, p []byte, a access) {
	n := uint64(len(p))
	d.m.Emit(src, kindDMAWrite, addr, n, uint64(a))
	b, err := d.dma(addr, n)
	if err != nil {
		if d.unmapped(src, addr, n, err) {
			return // QEMU: writes to unassigned memory vanish
		}
		d.failDMA("write", addr, n, a, err)
	}
	copy(b, p)
}

// dma is nic.DMA, without the freed-page check under NoOracles.
func (d *Device) dma(addr, n uint64) ([]byte, error) {
	if d.cfg.NoOracles {
		if n == 0 {
			return nil, nil
		}
		return d.m.Mem.Slice(addr, n)
	}
	return nic.DMA(d.m, addr, n)
}

// unmapped handles a DMA outside RAM the way QEMU does under the qemu
// personality: it is not an error, it just moves nothing (the strict
// personality fails the run instead). It reports whether it handled it.
func (d *Device) unmapped(src sim.SourceID, addr, n uint64, err error) bool {
	var f *sim.DMAFault
	if d.strict() || !errors.As(err, &f) {
		return false
	}
	d.m.Emit(src, kindDMAUnmapped, addr, n, 0)
	return true
}

// zeros returns n zero bytes (a reused buffer).
func (d *Device) zeros(n uint64) []byte {
	if uint64(cap(d.zbuf)) < n {
		d.zbuf = make([]byte, n)
	}
	b := d.zbuf[:n]
	clear(b)
	return b
}

// failDMA stops the run: class dma-fault outside RAM, use-after-free in a
// freed heap page.
func (d *Device) failDMA(op string, addr, n uint64, a access, err error) {
	what := describe(a, addr, n)
	if s := d.descName(a); s != "" {
		what += " = " + s
	}
	during := ""
	if at := d.m.At(d.m.Site()); at != "" {
		during = ", during the register write" + at
	}
	var fp *nic.FreedPage
	if errors.As(err, &fp) {
		d.m.Fail(sim.ClassUseAfterFree, "e1000 %s DMA %s %s: %v%s (the driver freed it while the device still owned it%s)",
			a.ring(), op, what, err, d.m.FreedAt(fp.Page), during)
	}
	d.m.Fail(sim.ClassDMAFault, "e1000 %s DMA %s %s: %v%s", a.ring(), op, what, err, during)
}

// failUnpublished names the store no fence published and the tail write
// that published the descriptor anyway: the fix is a fence before it.
func (d *Device) failUnpublished(a access, addr, n uint64, who string) {
	what := describe(a, addr, n)
	if s := d.descName(a); s != "" {
		what += " = " + s
	}
	o := &d.rx.own
	if a.ring() == "TX" {
		o = &d.tx.own
	}
	by := "the device could fetch it"
	if p := d.postedBy(o, a.slot()); p != "" {
		by = p + " handed it to the device"
	}
	d.m.Fail(sim.ClassUnpublished, "e1000 %s DMA read %s saw %s, which no fence (__sync_synchronize) published before %s (QEMU hides this: it reads the ring inside the tail write, on the CPU that made the stores)",
		a.ring(), what, who, by)
}

// descName names the descriptor of an access from the driver's debug
// information ("tx_ring[3]"), or "".
func (d *Device) descName(a access) string {
	rr := &d.r.rd
	if a.ring() == "TX" {
		rr = &d.r.td
	}
	if d.m.Trace.SymbolizeData == nil {
		return ""
	}
	return strings.TrimSuffix(d.m.Trace.SymbolizeData(rr.slotAddr(a.slot())), ".addr")
}

// describe names the object of an access for a failure message.
func describe(a access, addr, n uint64) string {
	switch a >> 32 & 0xFF {
	case objBuf:
		return fmt.Sprintf("of the buffer of descriptor %d (addr %#x, %d bytes)", a.slot(), addr, n)
	case objStatus:
		return fmt.Sprintf("of the status write-back of descriptor %d (%#x)", a.slot(), addr)
	}
	return fmt.Sprintf("of descriptor %d (%#x)", a.slot(), addr)
}

package i8255x

import (
	"errors"
	"fmt"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// obj says what a DMA is for; it is the C argument of dma.read and
// dma.write events, so tracing allocates nothing.
type obj uint8

const (
	objCB        obj = iota // a CB header (status, command, link, first parameters)
	objCBParam              // a CB's parameters (IA, configure, multicast)
	objTCBData              // transmit data inside the TCB
	objTBD                  // a transmit buffer descriptor
	objTXBuf                // a buffer a TBD points at
	objCBStatus             // the status write-back of a CB
	objRFD                  // an RFD header
	objRFDData              // frame data into an RFD
	objRFDCount             // an RFD's actual count
	objRFDStatus            // an RFD's status
	objDump                 // the dump-statistics area
	objSelfTest             // the PORT self-test result
)

var objNames = [...]string{
	objCB: "CB", objCBParam: "CB params", objTCBData: "TCB data", objTBD: "TBD",
	objTXBuf: "TX buffer", objCBStatus: "CB status", objRFD: "RFD", objRFDData: "RFD data",
	objRFDCount: "RFD count", objRFDStatus: "RFD status", objDump: "dump area", objSelfTest: "self-test",
}

func (o obj) String() string {
	if int(o) < len(objNames) {
		return objNames[o]
	}
	return fmt.Sprintf("obj(%d)", uint8(o))
}

// ring is "CBL" or "RFA" for an object, "" for the others.
func (o obj) ring() string {
	switch {
	case o <= objCBStatus:
		return "CBL"
	case o <= objRFDStatus:
		return "RFA"
	}
	return ""
}

// dmaRead returns the n bytes at addr the device reads for o (aliasing RAM:
// copy what must outlive the step). Outside RAM the qemu personality reads
// zeros, as QEMU does; otherwise the run fails.
func (d *Device) dmaRead(src sim.SourceID, addr, n uint64, o obj) []byte {
	d.m.Emit(src, kindDMARead, addr, n, uint64(o))
	b, err := d.dma(addr, n)
	if err != nil {
		if d.unmapped(src, addr, n, err) {
			return d.zeros(n)
		}
		d.failDMA("read", addr, n, o, err)
	}
	if d.strict() && (o == objCB || o == objRFD) {
		if who, ok := d.m.Unpublished(addr, n); ok {
			d.m.Fail(sim.ClassUnpublished, "82557 fetch of the %s at %#x saw %s, which no fence published before the device could read it",
				o, addr, who)
		}
	}
	return b
}

// dmaWrite writes p at addr for o, with the same checks as dmaRead.
func (d *Device) dmaWrite(src sim.SourceID, addr uint64, p []byte, o obj) {
	n := uint64(len(p))
	d.m.Emit(src, kindDMAWrite, addr, n, uint64(o))
	b, err := d.dma(addr, n)
	if err != nil {
		if d.unmapped(src, addr, n, err) {
			return
		}
		d.failDMA("write", addr, n, o, err)
	}
	copy(b, p)
}

// dmaWrite16 writes a little-endian word.
func (d *Device) dmaWrite16(src sim.SourceID, addr uint64, v uint16, o obj) {
	var b [2]byte
	le.PutUint16(b[:], v)
	d.dmaWrite(src, addr, b[:], o)
}

// dmaWrite32 writes a little-endian dword.
func (d *Device) dmaWrite32(src sim.SourceID, addr uint64, v uint32, o obj) {
	var b [4]byte
	le.PutUint32(b[:], v)
	d.dmaWrite(src, addr, b[:], o)
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

// unmapped lets a DMA outside RAM pass under the qemu personality (QEMU's
// pci_dma_read of unassigned memory gives zeros, writes vanish), tracing
// it. It reports whether it handled err.
func (d *Device) unmapped(src sim.SourceID, addr, n uint64, err error) bool {
	var f *sim.DMAFault
	if d.strict() || !errors.As(err, &f) {
		return false
	}
	d.m.Emit(src, kindDMAUnmapped, addr, n, 0)
	return true
}

func (d *Device) zeros(n uint64) []byte {
	if uint64(cap(d.zbuf)) < n {
		d.zbuf = make([]byte, n)
	}
	b := d.zbuf[:n]
	clear(b)
	return b
}

// failDMA stops the run: use-after-free in a freed heap page, dma-fault
// outside RAM.
func (d *Device) failDMA(op string, addr, n uint64, o obj, err error) {
	var fp *nic.FreedPage
	if errors.As(err, &fp) {
		d.m.Fail(sim.ClassUseAfterFree, "82557 DMA %s of the %s at %#x (%d bytes): %v (the driver freed it while the device still used it)",
			op, o, addr, n, err)
	}
	d.m.Fail(sim.ClassDMAFault, "82557 DMA %s of the %s at %#x (%d bytes): %v", op, o, addr, n, err)
}

// declare tells Config.DeclareDMA of a block the device will DMA, once per
// (addr, larger n).
func (d *Device) declare(addr, n uint64) {
	if d.cfg.DeclareDMA == nil || n == 0 || d.declared[addr] >= n {
		return
	}
	d.declared[addr] = n
	d.cfg.DeclareDMA(addr, n)
}

// declareBlock declares the CB or (rfa) RFD at addr before the unit
// fetches it: its header and, when the header is readable now, the whole
// block as the header sizes it.
func (d *Device) declareBlock(addr uint64, rfa bool) {
	if d.cfg.DeclareDMA == nil {
		return
	}
	d.declare(addr, hdrSize)
	if b, ok := d.peek(addr, hdrSize); ok {
		d.declare(addr, blockSize((*[hdrSize]byte)(b), rfa, d.strict()))
	}
}

// peek reads RAM without tracing or checks (for oracles and State); ok is
// false outside RAM.
func (d *Device) peek(addr, n uint64) ([]byte, bool) {
	b, err := d.m.Mem.Slice(addr, n)
	return b, err == nil
}

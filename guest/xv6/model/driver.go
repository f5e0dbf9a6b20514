package model

import (
	"encoding/binary"
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/xv6/kern"
	"github.com/nicsim/nicsim/sim"
)

// Register byte offsets (8254x SDM names).
const (
	regCTRL  = 0x0000
	regICR   = 0x00C0
	regIMS   = 0x00D0
	regRCTL  = 0x0100
	regTCTL  = 0x0400
	regTIPG  = 0x0410
	regRDBAL = 0x2800
	regRDLEN = 0x2808
	regRDH   = 0x2810
	regRDT   = 0x2818
	regRDTR  = 0x2820
	regRADV  = 0x282C
	regTDBAL = 0x3800
	regTDLEN = 0x3808
	regTDH   = 0x3810
	regTDT   = 0x3818
	regMTA   = 0x5200
	regRA    = 0x5400
)

// Descriptor bits.
const (
	txCmdEOP = 0x01
	txCmdRS  = 0x08
	statDD   = 0x01
	descSize = 16
)

// Layout of the driver's static data in RAM (like a kernel's .bss).
const (
	dataBase   = sim.RAMBase + 0x10000
	txLockAddr = dataBase
	rxLockAddr = dataBase + 0x40
	txRingAddr = dataBase + 0x100
)

// Driver is one instance of the model driver (its state is the driver's
// globals: rings, buffer arrays, locks). Make a new one per run.
type Driver struct {
	bug    Bug
	pages  bool // the 2024 lab: kalloc'd pages and a length, not mbufs
	n      uint32
	txRing uint64
	rxRing uint64
	txBufs []uint64
	rxBufs []uint64
	// Finished contexts, reused: a run calls transmit and receive a few
	// hundred times.
	txFree []*txCtx
	rxFree []*rxCtx
}

var _ guest.Driver = (*Driver)(nil)

// New returns a model driver of the 2020-2023 lab (mbufs), or with pages
// of the 2024 lab (kalloc'd pages and a length), with ring slots per ring
// (a multiple of 8) and the given planted bug ("" for none).
func New(pages bool, ringSlots int, bug Bug) *Driver {
	n := uint32(ringSlots)
	return &Driver{
		bug: bug, pages: pages, n: n,
		txRing: txRingAddr,
		rxRing: txRingAddr + uint64(n)*descSize,
		txBufs: make([]uint64, n),
		rxBufs: make([]uint64, n),
	}
}

func (d *Driver) has(b Bug) bool { return d.bug == b }

func (d *Driver) txDesc(i uint32) uint64 { return d.txRing + uint64(i)*descSize }
func (d *Driver) rxDesc(i uint32) uint64 { return d.rxRing + uint64(i)*descSize }

// bufAddr is the DMA address of a buffer: an mbuf's head, or the page.
func (d *Driver) bufAddr(k *guest.Kernel, buf uint64) uint64 {
	if d.pages {
		return buf
	}
	v, _ := k.M.Mem.U64(buf + 8)
	return v
}

// newRXBuf allocates a receive buffer and returns it and its DMA address.
func (d *Driver) newRXBuf(k *guest.Kernel) (uint64, uint64) {
	if d.pages {
		k.Service("kalloc")
		p := k.M.Heap.Alloc()
		return p, p
	}
	mb := kern.Services{K: k}.MbufAlloc(0)
	if mb == 0 {
		return 0, 0
	}
	return mb, d.bufAddr(k, mb)
}

func putDesc(k *guest.Kernel, c *sim.CPU, where fmt.Stringer, at, addr uint64, length uint16, cmd, status byte) {
	k.MemAccessAt(c, at, descSize, true, sim.Where{D: where})
	b, err := k.M.Mem.Slice(at, descSize)
	if err != nil {
		k.M.Fail(sim.ClassCrash, "model driver: descriptor %#x outside RAM", at)
	}
	binary.LittleEndian.PutUint64(b[0:], addr)
	binary.LittleEndian.PutUint16(b[8:], length)
	b[10], b[11], b[12], b[13] = 0, cmd, status, 0
	binary.LittleEndian.PutUint16(b[14:], 0)
}

func descStatus(k *guest.Kernel, c *sim.CPU, at uint64) (status byte, length uint16) {
	k.MemAccess(c, at, descSize, false)
	b, _ := k.M.Mem.Slice(at, descSize)
	return b[12], binary.LittleEndian.Uint16(b[8:])
}

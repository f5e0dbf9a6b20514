package e1000

import "github.com/nicsim/nicsim/sim"

// Register offsets (bytes into BAR0), 82540EM datasheet names.
const (
	CTRL   = 0x0000
	STATUS = 0x0008
	EECD   = 0x0010
	EERD   = 0x0014
	ICR    = 0x00C0
	ITR    = 0x00C4
	ICS    = 0x00C8
	IMS    = 0x00D0
	IMC    = 0x00D8
	RCTL   = 0x0100
	TCTL   = 0x0400
	TIPG   = 0x0410
	RDBAL  = 0x2800
	RDBAH  = 0x2804
	RDLEN  = 0x2808
	RDH    = 0x2810
	RDT    = 0x2818
	RDTR   = 0x2820
	RADV   = 0x282C
	TDBAL  = 0x3800
	TDBAH  = 0x3804
	TDLEN  = 0x3808
	TDH    = 0x3810
	TDT    = 0x3818
	TIDV   = 0x3820
	TADV   = 0x382C
	MPC    = 0x4010 // missed packets (read to clear)
	GPRC   = 0x4074 // good packets received
	GPTC   = 0x4080 // good packets transmitted
	RNBC   = 0x40A0 // receive no buffers
	ROC    = 0x40AC // receive oversize
	TPR    = 0x40D0 // total packets received
	TPT    = 0x40D4 // total packets transmitted
	MTA    = 0x5200 // 128 words
	RAL0   = 0x5400 // RAL/RAH pairs, 16 of them
	RAH0   = 0x5404

	mtaWords = 128
	raWords  = 32
	barMask  = 0x1FFFF
)

// CTRL bits and reset value.
const (
	ctrlRST   = 1 << 26
	ctrlReset = 0x00140240 // SWDPIN2|SWDPIN0|SPD_1000|SLU (QEMU mac_reg_init)
)

// STATUS at reset: LU, FD, 1000 Mb/s, ASDV, MTXCKOK, GIO master enable and
// bit 31, as QEMU reports it. The link is up from reset.
const statusReset = 0x80080783

// EERD fields (82540 layout).
const (
	eerdStart     = 1 << 0
	eerdDone      = 1 << 4
	eerdAddrShift = 8
	eerdDataShift = 16
)

// Interrupt cause bits (ICR, ICS, IMS, IMC).
const (
	TXDW   = 1 << 0
	TXQE   = 1 << 1
	LSC    = 1 << 2
	RXDMT0 = 1 << 4
	RXO    = 1 << 6
	RXT0   = 1 << 7
)

// RCTL bits.
const (
	rctlEN       = 1 << 1
	rctlSBP      = 1 << 2
	rctlUPE      = 1 << 3
	rctlMPE      = 1 << 4
	rctlLPE      = 1 << 5
	rctlRDMTSSh  = 8
	rctlMOShift  = 12
	rctlBAM      = 1 << 15
	rctlBSIZESh  = 16
	rctlBSEX     = 1 << 25
	rctlSECRC    = 1 << 26
	rahAV        = 1 << 31
	rdtrFPD      = 1 << 31
	ringLenMask  = 0xFFF80 // RDLEN/TDLEN bits 19:7
	indexMask    = 0xFFFF  // RDH/RDT/TDH/TDT bits 15:0
	descSize     = 16
	maxStageSize = 1 << 16 // QEMU's TX staging buffer
)

// TCTL bits.
const (
	tctlEN  = 1 << 1
	tctlPSP = 1 << 3
)

// regFile is the MAC register state. Registers not listed read 0.
type regFile struct {
	ctrl, eerd, icr, ims, itr uint32
	rctl, tctl, tipg          uint32
	rdtr, radv, tidv, tadv    uint32
	rd, td                    ringRegs
	ra                        [raWords]uint32
	mta                       [mtaWords]uint32
	mpc, gprc, gptc, rnbc     uint32
	roc, tpr, tpt             uint32
}

// ringRegs are one ring's base, length, head and tail.
type ringRegs struct {
	bal, bah   uint32
	len        uint32 // as written in strict; only bits 19:7 count
	head, tail uint32
	baseSet    bool // the driver wrote BAL since reset
	// What the driver wrote and where, for the range check (check.go).
	lenRaw, headRaw, tailRaw uint32
	balAt, lenAt             sim.Where
	headAt, tailAt           sim.Where
}

// base is the DMA address of descriptor 0 (the low 4 bits are ignored).
func (r *ringRegs) base() uint64 { return (uint64(r.bah)<<32 | uint64(r.bal)) &^ 0xF }

// size is the number of descriptors.
func (r *ringRegs) size() uint32 { return (r.len & ringLenMask) / descSize }

// slotAddr is the address of descriptor i.
func (r *ringRegs) slotAddr(i uint32) uint64 { return r.base() + descSize*uint64(i) }

// avail is the number of descriptors hardware owns, [head, tail) mod size,
// computed as QEMU does (tail below head wraps by the ring size).
func (r *ringRegs) avail() uint32 {
	t := r.tail
	if t < r.head {
		t += r.size()
	}
	return t - r.head
}

// incSat increments a statistics register unless it is saturated.
func incSat(r *uint32) {
	if *r != ^uint32(0) {
		*r++
	}
}

// readClear returns a read-to-clear statistics register and clears it.
func readClear(r *uint32) uint32 {
	v := *r
	*r = 0
	return v
}

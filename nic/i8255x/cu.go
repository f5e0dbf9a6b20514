package i8255x

import "github.com/nicsim/nicsim/sim"

// phase is where a strict unit is in moving one block.
type phase uint8

const (
	phaseFetch     phase = iota // next step reads the block header
	phaseExec                   // next step moves the data
	phaseWriteBack              // next step writes status and follows the link
	phaseCount                  // (strict RU) next step writes the RFD's actual count
)

// qemuCBLimit is how many CBs QEMU's action_command runs per start or
// resume before it gives up (a guard against link loops), leaving the CU
// active and raising nothing.
const qemuCBLimit = 16

// maxTXFrame is QEMU's transmit buffer (tx_command's buf[2600]).
const maxTXFrame = 2600

// cuState is the command unit.
type cuState struct {
	base, off uint32 // CU base and the offset of the next CB
	phase     phase
	addr      uint64        // the CB in flight (strict) or being run (qemu)
	hdr       [hdrSize]byte // its header as fetched
	ok        bool          // its outcome (strict, between steps)
	frame     []byte        // transmit frame being gathered (reused)
	start     uint64        // the CB the last CU start named (State)
	startAt   string        // the driver line of that CU start (" at eth.c:96 (cu_queue)")
	latched   bool          // strict: a resume arrived while active
	// lostAt is when a strict CU resume on an idle CU was ignored (0: none
	// since the last CU start).
	lostAt   sim.Time
	lostSite string // the driver line of that resume (" at eth.c:101 (...)")
	lost     bool
	stale    bool // strict: the CU stopped on an EL/S bit already cleared in memory
	staleCB  uint64
	staleAt  sim.Time
	staleCmd uint16 // the command word as fetched
}

func (c *cuState) reset() {
	c.phase, c.latched, c.lost, c.stale = phaseFetch, false, false, false
}

func (c *cuState) cmd() uint16  { return le.Uint16(c.hdr[offCommand:]) }
func (c *cuState) link() uint32 { return le.Uint32(c.hdr[offLink:]) }
func (c *cuState) op() uint8    { return uint8(c.cmd() & 7) }

// cuAddr is the address of the next CB: CU base + offset, in 32 bits.
func (d *Device) cuAddr() uint64 { return uint64(d.cu.base + d.cu.off) }

// cuStart is an accepted CU start: the CU runs from base + pointer.
func (d *Device) cuStart() {
	if d.strict() && d.cus == CUActive {
		d.m.Fail(ClassStartActive, "CU start while the CU is active (running the CB at %#x): the 82557 accepts CU start only when the CU is idle or suspended; wait for CNA, or append with S and CU resume (QEMU restarts the CU at the new pointer)",
			d.cu.addr)
	}
	d.cu.off = d.pointer()
	d.cu.start = d.cuAddr()
	d.declareBlock(d.cu.start, false)
	d.cu.lost, d.cu.stale, d.cu.latched = false, false, false
	d.cu.phase = phaseFetch
	d.setCU(CUActive)
	if !d.strict() {
		d.walkCBL()
	}
}

// cuResume is an accepted CU resume. QEMU resumes from any state (idle is
// first turned into suspended: QEMU's workaround for old Linux drivers).
// Strict resumes a suspended CU, remembers a resume that arrives while it
// is active (the CU then does not suspend on an S bit the driver cleared
// after the fetch, see takeLatched), and ignores one on an idle CU.
func (d *Device) cuResume() {
	if d.cus == CUIdle {
		d.stats.IdleResumes++
		d.m.Emit(d.src, kindResumeIdle, b2u(!d.strict()), d.cuAddr(), 0)
		if d.strict() {
			if !d.cu.lost {
				d.cu.lost, d.cu.lostAt, d.cu.lostSite = true, d.m.Now(), d.scb.site
			}
			return
		}
	}
	if d.strict() && d.cus == CUActive {
		d.cu.latched = true
		return
	}
	d.cu.stale = false
	d.cu.phase = phaseFetch
	d.setCU(CUActive)
	if !d.strict() {
		d.walkCBL()
	}
}

// walkCBL is QEMU's action_command: run CBs until one stops the CU, inside
// the register write that started it.
func (d *Device) walkCBL() {
	for i := 0; i < qemuCBLimit; i++ {
		addr := d.cuAddr()
		d.fetchCB(addr)
		ok := d.execCB(addr)
		d.completeCB(addr, ok)
		if d.cus != CUActive {
			return
		}
	}
	d.m.Emit(d.src, kindCULimit, d.cuAddr(), qemuCBLimit, 0)
}

// stepCU is one step of the strict CU: fetch a CB, execute it, write its
// status back and follow the link or stop.
func (d *Device) stepCU() {
	switch d.cu.phase {
	case phaseFetch:
		d.cu.addr = d.cuAddr()
		d.fetchCB(d.cu.addr)
		d.cu.phase = phaseExec
	case phaseExec:
		d.cu.ok = d.execCB(d.cu.addr)
		d.cu.phase = phaseWriteBack
	case phaseWriteBack:
		d.cu.phase = phaseFetch
		d.completeCB(d.cu.addr, d.cu.ok)
	}
	d.updateActors()
}

// fetchCB reads the CB header at addr and moves the CU's offset to its link
// (QEMU sets cu_offset before executing, and so does strict: a resume
// continues from the link as fetched).
func (d *Device) fetchCB(addr uint64) {
	d.cu.addr = addr
	if d.strict() && addr&1 != 0 {
		d.m.Fail(ClassMisaligned, "CB at %#x (%sCU base %#x + offset %#x), in the list named by the CU start%s, is at an odd address: the 82557 needs command blocks word aligned (QEMU does not check)",
			addr, d.dataName(addr), d.cu.base, d.cu.off, d.cu.startAt)
	}
	d.declare(addr, hdrSize)
	copy(d.cu.hdr[:], d.dmaRead(d.cuSrc, addr, hdrSize, objCB))
	d.declare(addr, cbSize(&d.cu.hdr, d.strict()))
	d.cu.off = d.cu.link()
	if d.cu.cmd()&CmdEL == 0 {
		d.declareBlock(d.cuAddr(), false) // the CU will go there next
	}
}

// cbSize is the number of bytes of a CB of this kind, header included.
func cbSize(h *[hdrSize]byte, strict bool) uint64 {
	switch le.Uint16(h[offCommand:]) & 7 {
	case OpIASetup:
		return 8 + 6
	case OpConfigure:
		return 8 + uint64(configLen(h[8], strict))
	case OpMulticast:
		return 10 + uint64(le.Uint16(h[8:])&countMask)
	case OpTransmit:
		return hdrSize + uint64(le.Uint16(h[offCount:])&countMask)
	case OpDump:
		return 12
	}
	return 8
}

// execCB performs the action command of the CB just fetched and reports
// whether it succeeded (the OK bit).
func (d *Device) execCB(addr uint64) bool {
	switch d.cu.op() {
	case OpIASetup:
		copy(d.ia[:], d.dmaRead(d.cuSrc, addr+8, 6, objCBParam))
		d.m.Emit(d.cuSrc, kindIA, macU64(d.ia), 0, 0)
	case OpConfigure:
		n := configLen(d.cu.hdr[8], d.strict())
		copy(d.conf[:n], d.dmaRead(d.cuSrc, addr+8, uint64(n), objCBParam))
	case OpMulticast:
		d.multicastSetup(addr)
	case OpTransmit:
		return d.transmit(addr)
	case OpDump:
		return false // not modelled (QEMU: C without OK)
	}
	return true // NOP, microcode (accepted, ignored), diagnose
}

// completeCB writes the CB's status (C, and OK when ok), raises CX if I is
// set and then stops on EL (idle) or S (suspended) with CNA, or goes on.
func (d *Device) completeCB(addr uint64, ok bool) {
	st := uint16(StatC)
	if !d.strict() && d.cu.op() != OpDiagnose {
		st |= le.Uint16(d.cu.hdr[offStatus:]) // QEMU: status as read | C | OK
	}
	if ok {
		st |= StatOK
	}
	d.dmaWrite16(d.cuSrc, addr+offStatus, st, objCBStatus)
	d.stats.CBs++
	cmd := d.cu.cmd()
	d.m.Emit(d.cuSrc, kindCBDone, addr, uint64(cmd), uint64(st))
	if cmd&CmdI != 0 {
		d.raise(CX)
	}
	switch {
	case cmd&CmdEL != 0:
		d.noteStale(addr, cmd, CmdEL)
		d.setCU(CUIdle)
		d.raise(CNA)
	case cmd&CmdS != 0 && d.takeLatched(addr):
		d.m.Emit(d.cuSrc, kindResumeLatched, addr, 0, 0)
	case cmd&CmdS != 0:
		d.noteStale(addr, cmd, CmdS)
		d.setCU(CUSuspended)
		if !d.strict() || d.conf[6]&0x08 == 0 {
			d.raise(CNA) // strict with configure 6.3 (CI): only on idle
		}
	}
}

// takeLatched consumes a resume that arrived while the CU was active
// (strict): the CU re-reads the S bit of the CB it is finishing and goes on
// only if the driver has cleared it since the fetch; an S still set
// suspends the CU as usual.
func (d *Device) takeLatched(addr uint64) bool {
	if !d.cu.latched {
		return false
	}
	d.cu.latched = false
	b, ok := d.peek(addr+offCommand, 2)
	return ok && le.Uint16(b)&CmdS == 0
}

// noteStale records (strict) that the CU stops on a stop bit the driver
// has cleared in memory since the fetch: the append race of catalogue row
// 30. Whether it matters is judged at quiescence ([Device.CheckStall]).
func (d *Device) noteStale(addr uint64, cmd, bit uint16) {
	if !d.strict() {
		return
	}
	b, ok := d.peek(addr+offCommand, 2)
	if !ok || le.Uint16(b)&bit != 0 {
		return
	}
	d.stats.StaleStops++
	d.cu.stale, d.cu.staleCB, d.cu.staleAt, d.cu.staleCmd = true, addr, d.m.Now(), cmd
	d.m.Emit(d.cuSrc, kindCBLRace, addr, uint64(cmd), uint64(le.Uint16(b)))
}

// multicastSetup loads the multicast hash from the CB's address list
// (QEMU set_multicast_list: the table is cleared first, 6 bytes per
// address, index = bits 7:2 of the big-endian CRC-32).
func (d *Device) multicastSetup(addr uint64) {
	n := uint64(le.Uint16(d.cu.hdr[8:]) & countMask)
	d.mult = [8]byte{}
	if n == 0 {
		return
	}
	n = (n + 5) / 6 * 6
	list := d.dmaRead(d.cuSrc, addr+10, n, objCBParam)
	for i := uint64(0); i+6 <= uint64(len(list)); i += 6 {
		idx := mcastIndex(list[i : i+6])
		d.mult[idx>>3] |= 1 << (idx & 7)
	}
}

func macU64(a [6]byte) uint64 {
	var v uint64
	for _, b := range a {
		v = v<<8 | uint64(b)
	}
	return v
}

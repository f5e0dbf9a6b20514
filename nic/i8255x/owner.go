package i8255x

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// maxWalk bounds every walk of a block list the oracles and State make.
const maxWalk = 64

// block is one CB or RFD a unit owns.
type block struct {
	addr, size uint64
	tail       bool // its EL or S bit stops the unit here
	inFlight   bool // fetched and not yet written back
}

// owned walks the blocks a unit owns: from the block in flight (its header
// as fetched) or the next one, along links, through the first block with EL
// or S. A link loop or unreadable memory ends the walk.
func (d *Device) owned(out []block, first uint64, inFlight bool, fetched *[hdrSize]byte, base uint32, rfa bool) []block {
	out = out[:0]
	addr := first
	for i := 0; i < maxWalk; i++ {
		var h [hdrSize]byte
		if i == 0 && inFlight {
			h = *fetched
		} else if b, ok := d.peek(addr, hdrSize); ok {
			h = [hdrSize]byte(b)
		} else {
			break
		}
		cmd := le.Uint16(h[offCommand:])
		tail := cmd&(CmdEL|CmdS) != 0
		out = append(out, block{addr: addr, size: blockSize(&h, rfa, d.strict()), tail: tail, inFlight: i == 0 && inFlight})
		addr = uint64(base + le.Uint32(h[offLink:]))
		if tail || addr == first {
			break
		}
	}
	return out
}

// ownedCBL is what the CU owns (appended to out[:0]): nothing unless it is
// active.
func (d *Device) ownedCBL(out []block) []block {
	if d.cus != CUActive {
		return out[:0]
	}
	inFlight := d.strict() && d.cu.phase != phaseFetch
	first := d.cuAddr()
	if inFlight {
		first = d.cu.addr
	}
	return d.owned(out, first, inFlight, &d.cu.hdr, d.cu.base, false)
}

// ownedRFA is what the RU owns (appended to out[:0]): nothing unless it is
// ready.
func (d *Device) ownedRFA(out []block) []block {
	if d.rus != RUReady {
		return out[:0]
	}
	inFlight := d.strict() && d.ru.phase != phaseFetch
	first := d.ruAddr()
	if inFlight {
		first = d.ru.addr
	}
	return d.owned(out, first, inFlight, &d.ru.hdr, d.ru.base, true)
}

// blockSize is the bytes of a CB or (rfa) an RFD with header h.
func blockSize(h *[hdrSize]byte, rfa, strict bool) uint64 {
	if rfa {
		return hdrSize + uint64(le.Uint16(h[offThresh:]))
	}
	return cbSize(h, strict)
}

// DriverAccess is told of every driver access to DMA-visible RAM. A driver
// write into a CB the CU owns or an RFD the RU owns fails the run with class
// ring-ownership. The driver may rewrite the command word and link of the
// block that stops the unit, even one in flight (that is how lists are
// extended; the unit acts on the bits as it fetched them, see
// [ClassAppendRace]) and, in the RFA, its size too (Linux e100's size-0
// guard); reads are always allowed.
func (d *Device) DriverAccess(addr, n uint64, write bool) {
	if !write || n == 0 || d.cfg.NoOracles {
		return
	}
	c := d.ownership()
	if addr >= c.hi || addr+n <= c.lo {
		return // the common case: nowhere near what the units own
	}
	hitCB := d.checkOwned("CB", "CU", c.cbl, addr, n, false)
	hitRFD := d.checkOwned("RFD", "RU", c.rfa, addr, n, true)
	if hitCB || hitRFD {
		d.gen++ // an allowed write to a stopping block may move the stop
	}
}

// ownCache holds the blocks the units own as of generation gen: they can
// change only when the device's state does (every change passes through
// updateActors, which bumps the generation) or when the driver rewrites a
// stopping block, so the walks are not redone for every driver store.
type ownCache struct {
	gen      uint64
	valid    bool
	cbl, rfa []block
	lo, hi   uint64 // bounds of all of them
}

// ownership returns the owned blocks, walking the lists again only if the
// generation moved.
func (d *Device) ownership() *ownCache {
	c := &d.own
	if c.valid && c.gen == d.gen {
		return c
	}
	c.cbl, c.rfa = d.ownedCBL(c.cbl), d.ownedRFA(c.rfa)
	c.lo, c.hi = ^uint64(0), 0
	for _, l := range [2][]block{c.cbl, c.rfa} {
		for _, b := range l {
			c.lo, c.hi = min(c.lo, b.addr), max(c.hi, b.addr+b.size)
		}
	}
	c.gen, c.valid = d.gen, true
	return c
}

// checkOwned fails the run if a write of n bytes at addr touches a block of
// blocks in a way not allowed, and reports whether it touched one at all.
func (d *Device) checkOwned(kind, unit string, blocks []block, addr, n uint64, rfa bool) bool {
	hit := false
	for i, b := range blocks {
		if addr >= b.addr+b.size || addr+n <= b.addr {
			continue
		}
		hit = true
		if b.tail && allowedOnTail(addr, n, b, rfa) {
			continue
		}
		d.m.Fail(sim.ClassRingOwnership, "driver wrote %s%d bytes at %#x%s, inside the %s at %#x (%d bytes), which the %s owns: %s%s",
			d.dataName(addr), n, addr, d.m.At(d.m.Site()), kind, b.addr, b.size, unit, whyOwned(blocks, i, unit), appendHint(kind, b))
	}
	return hit
}

// allowedOnTail reports whether a write of n bytes at addr into the
// stopping block b touches only its command word and link, or for an RFD
// its size.
func allowedOnTail(addr, n uint64, b block, rfa bool) bool {
	if addr < b.addr {
		return false
	}
	lo, hi := addr-b.addr, addr+n-b.addr
	if lo >= offCommand && hi <= offTBDArr {
		return true
	}
	return rfa && lo >= offThresh && hi <= hdrSize
}

func whyOwned(blocks []block, i int, unit string) string {
	b := blocks[i]
	switch {
	case b.inFlight:
		return fmt.Sprintf("the %s has fetched it and not yet written its status back", unit)
	case i == 0:
		return fmt.Sprintf("it is the next block the %s will fetch", unit)
	}
	return fmt.Sprintf("the %s reaches it from the block at %#x through links without EL or S, so it will process it", unit, blocks[0].addr)
}

func appendHint(kind string, b block) string {
	if kind != "CB" || b.inFlight {
		return ""
	}
	return " (the EL/S append race: fill a new CB completely, with its own EL or S, before clearing EL or S on the previous one)"
}

// CheckStall is for the harness to call when the run quiesces (before its
// own liveness oracle): if the CU is stopped with work left for a reason
// only the device knows, it fails the run with that reason. Under strict
// these are a CU resume ignored on an idle CU ([ClassIdleResume]) and a stop
// on an EL or S bit the driver cleared after the CU had fetched the CB
// ([ClassAppendRace]). Work left means a CB with C clear at the CU's next
// offset, or the last CB the CU ran re-armed by the driver (C cleared
// again, as a driver reusing one CB does).
func (d *Device) CheckStall() {
	if d.cus == CUActive || !d.workPending() {
		return
	}
	next := d.cuAddr()
	if d.cu.lost && d.cus == CUIdle {
		d.m.Fail(ClassIdleResume, "CU resume on an idle CU: at t=%s the driver issued CU resume%s while the CU was idle, which the 82557 ignores, and nothing restarted it; the CB at %#x was never executed. Once the CU is idle (CNA after a CB with EL) it needs CU start (QEMU turns the resume into a start, so this never shows there)",
			sim.FormatTime(d.cu.lostAt), d.cu.lostSite, next)
	}
	if d.cu.stale {
		d.m.Fail(ClassAppendRace, "EL/S append race: the CU fetched the CB at %#x with command %#04x and stopped on its %s at t=%s, but the driver had cleared that bit after the fetch; nothing restarted the CU, so the CB at %#x was never executed. After clearing EL or S on the previous CB, check the CU state and issue CU resume (S) or CU start (EL) if it already stopped (QEMU walks the list inside the SCB write, so this never shows there)",
			d.cu.staleCB, d.cu.staleCmd, stopBit(d.cu.staleCmd), sim.FormatTime(d.cu.staleAt), next)
	}
}

// workPending reports whether the CB at the CU's next offset, or the last
// one it ran, is readable and not complete.
func (d *Device) workPending() bool {
	for _, a := range [2]uint64{d.cuAddr(), d.cu.addr} {
		if b, ok := d.peek(a, 2); ok && le.Uint16(b)&StatC == 0 {
			return true
		}
	}
	return false
}

func stopBit(cmd uint16) string {
	if cmd&CmdEL != 0 {
		return "EL bit (CU idle)"
	}
	return "S bit (CU suspended)"
}

// dataName names the driver variable at addr ("cbl[3].command, "), or ""
// when the driver's symbols do not say.
func (d *Device) dataName(addr uint64) string {
	if d.m.Trace.SymbolizeData == nil {
		return ""
	}
	if name := d.m.Trace.SymbolizeData(addr); name != "" {
		return name + ", "
	}
	return ""
}

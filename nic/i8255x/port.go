package i8255x

import "github.com/nicsim/nicsim/sim"

// Dump-statistics layout (82557: 16 counters, then the completion dword).
const (
	statsDwords    = 16
	statTXGood     = 0
	statRXGood     = 9
	statRXResource = 12
	dumpDone       = 0xA005 // completion dword after "dump"
	dumpResetDone  = 0xA007 // after "dump and reset"
)

// writePORT runs the PORT function in the register's low bits. QEMU takes
// the function from bits 1:0 and the address from the rest; strict takes
// bits 3:0 and a 16-byte aligned address (spec §2.5).
func (d *Device) writePORT() {
	v := le.Uint32(d.csr[PORT:])
	fn, addr := v&3, v&^3
	if d.strict() {
		fn, addr = v&0xF, v&^0xF
	}
	d.m.Emit(d.src, kindPORT, uint64(fn), uint64(addr), 0)
	switch fn {
	case PortReset:
		d.softReset(true)
	case PortSelective:
		d.softReset(false)
	case PortSelfTest:
		d.selfTest(uint64(addr))
	default:
		d.m.Emit(d.src, kindIgnored, 0x100|uint64(fn), 0, 0) // dump: format unknown
	}
}

// selfTest writes the result block: signature 0xFFFFFFFF (QEMU's value;
// silicon's is not known), result 0 = pass. QEMU writes it at once; strict
// after selfTestTime, as a timer.
func (d *Device) selfTest(addr uint64) {
	if !d.strict() {
		d.writeSelfTest(addr)
		return
	}
	d.m.Clock.After(selfTestTime, selfTestDone{d, addr})
}

// selfTestTime is how long the strict self-test takes (Linux waits 10 ms).
const selfTestTime = 1 * sim.Millisecond

type selfTestDone struct {
	d    *Device
	addr uint64
}

func (t selfTestDone) Fire(*sim.Machine) { t.d.writeSelfTest(t.addr) }

func (d *Device) writeSelfTest(addr uint64) {
	var b [8]byte
	le.PutUint32(b[0:], 0xFFFFFFFF)
	d.dmaWrite(d.src, addr, b[:], objSelfTest)
}

// loadDumpAddr is "load dump-counters address": QEMU drops the low 2 bits
// of a misaligned address; strict requires dword alignment.
func (d *Device) loadDumpAddr(p uint32) {
	if p&3 != 0 {
		if d.strict() {
			d.m.Fail(ClassMisaligned, "dump-counters address %#x is not dword aligned: the 82557 requires it (QEMU silently uses %#x)", p, p&^3)
		}
		p &^= 3
	}
	d.dumpAddr = p
	d.declare(uint64(p), 4*statsDwords+4)
}

// dumpStats writes the counters and the completion dword at +64 (and with
// reset, zeroes the counters).
func (d *Device) dumpStats(reset bool) {
	var b [4*statsDwords + 4]byte
	for i, c := range d.counters {
		le.PutUint32(b[4*i:], c)
	}
	done := uint32(dumpDone)
	if reset {
		done = dumpResetDone
		d.counters = [statsDwords]uint32{}
	}
	le.PutUint32(b[4*statsDwords:], done)
	d.dmaWrite(d.src, uint64(d.dumpAddr), b[:], objDump)
}

package fuzzdesc

import (
	"encoding/binary"

	"github.com/nicsim/nicsim/nic/e1000"
	"github.com/nicsim/nicsim/sim"
)

// descRegs are the registers the program writes and reads, by index.
var descRegs = []uint32{
	e1000.CTRL, e1000.STATUS, e1000.EERD, e1000.ICR, e1000.ICS, e1000.IMS, e1000.IMC, e1000.ITR,
	e1000.RCTL, e1000.TCTL, e1000.TIPG, e1000.RDBAL, e1000.RDBAH, e1000.RDLEN, e1000.RDH, e1000.RDT,
	e1000.RDTR, e1000.RADV, e1000.TDBAL, e1000.TDBAH, e1000.TDLEN, e1000.TDH, e1000.TDT, e1000.TIDV,
	e1000.TADV, e1000.MPC, e1000.GPRC, e1000.GPTC, e1000.RNBC, e1000.ROC, e1000.TPR, e1000.TPT,
	e1000.MTA, e1000.RAL0, e1000.RAH0,
}

// Opcodes of the driver program. Arguments follow the opcode; missing
// bytes read as 0; an opcode past the last is taken modulo their number.
const (
	opWrite32  = iota // reg, value (4 bytes LE)
	opWrite8          // reg, value (1 byte): indices
	opRead            // reg
	opTXRaw           // slot, 16 bytes of TX descriptor
	opTXPost          // len (2 bytes), cmd: fill the descriptor at TDT, then TDT+1
	opRXRaw           // slot, 16 bytes of RX descriptor
	opRXRefill        // give the descriptor at RDT back, then RDT+1
	opReceive         // len (2 bytes), dst: a frame from the wire
	opBuf             // slot, offset/8, 8 bytes into a TX buffer
	opSleep           // units of 64 us: the driver is off the CPU
	opReset           // CTRL.RST
	numOps
)

// descOps are the driver operations by opcode.
var descOps = [numOps]func(r *descRig){
	opWrite32: (*descRig).doWrite32, opWrite8: (*descRig).doWrite8, opRead: (*descRig).doRead,
	opTXRaw: (*descRig).doTXRaw, opTXPost: (*descRig).doTXPost, opRXRaw: (*descRig).doRXRaw,
	opRXRefill: (*descRig).doRXRefill, opReceive: (*descRig).doReceive, opBuf: (*descRig).doBuf,
	opSleep: (*descRig).doSleep, opReset: (*descRig).doReset,
}

// regIndex is the program's index of a register of descRegs.
func regIndex(reg uint32) byte {
	for i, r := range descRegs {
		if r == reg {
			return byte(i)
		}
	}
	panic("device: register not in descRegs")
}

// stepDriver runs one operation of the program.
func (r *descRig) stepDriver() {
	if !r.in.more() {
		r.m.SetEnabled(r.drv, false)
		return
	}
	descOps[int(r.in.byte())%numOps](r)
}

func (r *descRig) reg() uint32 { return descRegs[int(r.in.byte())%len(descRegs)] }

func (r *descRig) write(reg, v uint32) {
	switch reg {
	case e1000.TDH:
		r.headWr[0] = true
		if r.strict {
			r.reads = r.reads[:0] // the strict device abandons the packet being gathered
		}
	case e1000.RDH:
		r.headWr[1] = true
	case e1000.CTRL:
		if r.strict && v&ctrlRST != 0 {
			r.reads = r.reads[:0]
		}
	}
	r.d.Write(reg, v)
}

func (r *descRig) doWrite32() { reg := r.reg(); r.write(reg, r.in.u32()) }
func (r *descRig) doWrite8()  { reg := r.reg(); r.write(reg, uint32(r.in.byte())) }
func (r *descRig) doRead()    { r.d.Read(r.reg()) }
func (r *descRig) doReset()   { r.write(e1000.CTRL, ctrlRST) }

// store is a driver write to RAM: the ownership oracle sees it first.
func (r *descRig) store(addr uint64, p []byte) {
	if !r.m.Mem.Contains(addr, uint64(len(p))) {
		return
	}
	r.sync()
	r.d.DriverAccess(addr, uint64(len(p)), true)
	for i := range r.reads {
		if rr := &r.reads[i]; addr < rr.addr+rr.n && rr.addr < addr+uint64(len(p)) {
			rr.dirty = true
		}
	}
	copy(r.ram(addr, uint64(len(p))), p)
}

func (r *descRig) desc(tx bool, slot uint32) uint64 {
	base, _, _, _ := r.d.RXRing()
	if tx {
		base, _, _, _ = r.d.TXRing()
	}
	return base + uint64(slot)*descBytes
}

func (r *descRig) doTXRaw() { r.store(r.desc(true, uint32(r.in.byte())), r.in.bytes(descBytes)) }
func (r *descRig) doRXRaw() { r.store(r.desc(false, uint32(r.in.byte())), r.in.bytes(descBytes)) }

func (r *descRig) doTXPost() {
	_, size, _, tail := r.d.TXRing()
	slot := uint32(tail) % r.n
	n, cmd := uint16(r.in.u16()%descBuf), r.in.byte()
	var d [descBytes]byte
	binary.LittleEndian.PutUint64(d[0:], descTXBuf+uint64(slot)*descBuf)
	binary.LittleEndian.PutUint16(d[8:], n)
	d[11] = cmd
	r.store(r.desc(true, uint32(tail)), d[:])
	r.write(e1000.TDT, (uint32(tail)+1)%max(uint32(size), 1))
}

func (r *descRig) doRXRefill() {
	_, size, _, tail := r.d.RXRing()
	var d [descBytes]byte
	binary.LittleEndian.PutUint64(d[0:], descRXBuf+uint64(uint32(tail)%r.n)*descBuf)
	r.store(r.desc(false, uint32(tail)), d[:])
	r.write(e1000.RDT, (uint32(tail)+1)%max(uint32(size), 1))
}

func (r *descRig) doBuf() {
	slot, off := uint64(r.in.byte())%uint64(r.n), uint64(r.in.byte())*8
	r.store(descTXBuf+slot*descBuf+off, r.in.bytes(8))
}

// doReceive delivers a frame: to our MAC, broadcast, a multicast or another
// host, up to 16 KiB long (oversize frames included).
func (r *descRig) doReceive() {
	n, sel := int(r.in.u16())%16500, r.in.byte()
	f := make([]byte, n)
	for i := range f {
		f[i] = byte(i) ^ sel
	}
	dsts := [][]byte{e1000.DefaultMAC[:], {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, {0x01, 0, 0x5e, 0, 0, 1}, {0x52, 0x54, 0, 0, 0, 9}}
	copy(f, dsts[int(sel)%len(dsts)])
	r.recvd++
	r.d.Receive(f)
}

type wake struct{ r *descRig }

func (w wake) Fire(m *sim.Machine) { m.SetEnabled(w.r.drv, true) }

// maxSleep bounds the driver's sleeps in all, so that a program of sleeps
// does not look like a device that never quiesces.
const maxSleep = 5 * sim.Second

func (r *descRig) doSleep() {
	d := sim.Time(r.in.byte()) * 64 * sim.Microsecond
	if r.slept+d > maxSleep {
		d = 0
	}
	r.slept += d
	r.m.SetEnabled(r.drv, false)
	r.m.Clock.After(d, wake{r})
}

// opReader hands out program bytes, reading zeros past the end.
type opReader struct{ b []byte }

func (o *opReader) more() bool { return len(o.b) > 0 }

func (o *opReader) byte() byte {
	if len(o.b) == 0 {
		return 0
	}
	c := o.b[0]
	o.b = o.b[1:]
	return c
}

func (o *opReader) bytes(n int) []byte {
	p := make([]byte, n)
	o.b = o.b[copy(p, o.b):]
	return p
}

func (o *opReader) u16() uint16 { return binary.LittleEndian.Uint16(o.bytes(2)) }
func (o *opReader) u32() uint32 { return binary.LittleEndian.Uint32(o.bytes(4)) }

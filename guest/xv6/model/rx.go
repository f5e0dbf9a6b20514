package model

import (
	"encoding/binary"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// Intr implements guest.Driver: e1000_intr.
func (d *Driver) Intr(k *guest.Kernel) sim.Context { return &intrCtx{d: d, k: k} }

type intrCtx struct {
	d  *Driver
	k  *guest.Kernel
	pc uint8
}

func (x *intrCtx) String() string   { return "e1000_intr" }
func (x *intrCtx) Describe() string { return "e1000_intr" }

func (x *intrCtx) Step(m *sim.Machine, c *sim.CPU) {
	switch x.pc {
	case 0: // regs[E1000_ICR] = 0xffffffff (acknowledge)
		if !x.d.has(NoAck) {
			x.k.MMIOWrite(c, regICR, 0xffffffff)
		}
		x.pc = 1
	case 1:
		x.pc = 2
		c.Call(x.d.newRX(x))
	case 2:
		c.Return(0)
	}
}

// rxCtx is e1000_recv: drain every descriptor with DD, refill it, advance
// RDT and hand the packet to net_rx.
type rxCtx struct {
	d      *Driver
	k      *guest.Kernel
	parent *intrCtx
	pc     uint8
	i      uint32
	length uint16
	buf    uint64
}

func (x *rxCtx) String() string   { return "e1000_recv <- e1000_intr" }
func (x *rxCtx) Describe() string { return x.String() }

func (x *rxCtx) lock(m *sim.Machine) *sim.Spinlock {
	if x.d.has(ARPReentrant) {
		return m.Lock(txLockAddr, "")
	}
	return m.Lock(rxLockAddr, "")
}

func (x *rxCtx) Step(m *sim.Machine, c *sim.CPU) {
	d, k := x.d, x.k
	switch x.pc {
	case 0: // acquire the receive lock
		if !m.Acquire(c, x.lock(m), sim.Where{D: x}) {
			return
		}
		x.pc = 1
	case 1: // i = (regs[E1000_RDT] + 1) % RX_RING_SIZE
		x.i = (k.MMIORead(c, regRDT) + 1) % d.n
		x.pc = 2
	case 2: // while (rx_ring[i].status & DD)
		st, length := descStatus(k, c, d.rxDesc(x.i))
		x.pc = 3
		if st&statDD == 0 {
			x.pc = 7
		}
		x.length = length
	case 3: // take the buffer, put a fresh one in the descriptor
		x.take(m, c)
		x.pc = 4
	case 4: // __sync_synchronize()
		k.Barrier(c)
		x.pc = 5
	case 5: // regs[E1000_RDT] = i
		k.MMIOWrite(c, regRDT, x.i)
		x.pc = 6
		if x.buf == 0 {
			x.pc = 1 // dropped: no buffer to hand up
		}
	case 6: // net_rx(m), then the next descriptor
		x.pc = 1
		if d.has(OnePerIntr) {
			x.pc = 7
		}
		c.Call(&NetRxContext{K: k, Drv: d, Buf: x.buf, N: int(x.length), Parent: x})
	case 7:
		m.Release(c, x.lock(m), sim.Where{D: x})
		c.Return(0)
		x.d.rxFree = append(x.d.rxFree, x)
	}
}

func (d *Driver) newRX(parent *intrCtx) *rxCtx {
	if i := len(d.rxFree); i > 0 {
		x := d.rxFree[i-1]
		d.rxFree = d.rxFree[:i-1]
		*x = rxCtx{d: d, k: parent.k, parent: parent}
		return x
	}
	return &rxCtx{d: d, k: parent.k, parent: parent}
}

// take detaches the received buffer from slot i and re-arms the slot with
// a fresh buffer (or the old one when allocation fails: the packet drops).
func (x *rxCtx) take(m *sim.Machine, c *sim.CPU) {
	d, k := x.d, x.k
	old := d.rxBufs[x.i]
	nb, addr := d.newRXBuf(k)
	status := byte(0)
	if d.has(RXNoClear) {
		status = statDD
	}
	if nb == 0 {
		x.buf = 0
		putDesc(k, c, x, d.rxDesc(x.i), d.bufAddr(k, old), 0, 0, status)
		return
	}
	if !d.pages {
		b, _ := m.Mem.Slice(old+16, 4)
		binary.LittleEndian.PutUint32(b, uint32(x.length))
	}
	x.buf = old
	d.rxBufs[x.i] = nb
	putDesc(k, c, x, d.rxDesc(x.i), addr, 0, 0, status)
}

package model

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/xv6/kern"
	"github.com/nicsim/nicsim/sim"
)

// Transmit implements guest.Driver: e1000_transmit.
func (d *Driver) Transmit(k *guest.Kernel, buf uint64, n int) sim.Context {
	if i := len(d.txFree); i > 0 {
		x := d.txFree[i-1]
		d.txFree = d.txFree[:i-1]
		*x = txCtx{d: d, k: k, buf: buf, n: n}
		return x
	}
	return &txCtx{d: d, k: k, buf: buf, n: n}
}

type txCtx struct {
	d      *Driver
	k      *guest.Kernel
	buf    uint64
	n      int
	pc     uint8
	slot   uint32
	caller fmt.Stringer
}

// SetCaller records who called transmit, for call chains.
func (x *txCtx) SetCaller(s fmt.Stringer) { x.caller = s }

func (x *txCtx) String() string {
	if x.caller == nil {
		return "e1000_transmit"
	}
	return "e1000_transmit <- " + x.caller.String()
}

func (x *txCtx) Describe() string { return x.String() }

func (x *txCtx) Step(m *sim.Machine, c *sim.CPU) {
	d, k := x.d, x.k
	switch x.pc {
	case 0: // acquire(&e1000_lock)
		if !d.has(TXNoLock) && !m.Acquire(c, m.Lock(txLockAddr, ""), sim.Where{D: x}) {
			return
		}
		x.pc = 1
	case 1: // slot = regs[E1000_TDT]
		x.slot = k.MMIORead(c, regTDT) % d.n
		x.pc = 2
	case 2: // if (!(tx_ring[slot].status & DD)) return -1
		st, _ := descStatus(k, c, d.txDesc(x.slot))
		x.pc = 8
		if st&statDD == 0 && !d.has(TXNoDD) {
			x.pc = 7
		}
	case 8: // the slot after it must be done too, or TDT would catch up with TDH
		st, _ := descStatus(k, c, d.txDesc((x.slot+1)%d.n))
		x.pc = 3
		if st&statDD == 0 && !d.has(TXNoDD) && !d.has(TXFullLap) {
			x.pc = 7
		}
	case 3: // free the last buffer sent from this slot, fill the descriptor
		if old := d.txBufs[x.slot]; old != 0 {
			k.FreeBuffer(old, "e1000_transmit")
		}
		d.txBufs[x.slot] = x.buf
		length := x.n
		if !d.pages {
			f, err := kern.Services{K: k}.MbufFrame(x.buf)
			if err != nil {
				m.Fail(sim.ClassCorrupt, "e1000_transmit: %v", err)
			}
			length = len(f)
		}
		cmd := byte(txCmdEOP | txCmdRS)
		if d.has(NoRS) {
			cmd = txCmdEOP
		}
		putDesc(k, c, x, d.txDesc(x.slot), d.bufAddr(k, x.buf), uint16(length), cmd, 0)
		x.pc = 4
	case 4: // __sync_synchronize()
		k.Barrier(c)
		x.pc = 5
	case 5: // regs[E1000_TDT] = (slot + 1) % TX_RING_SIZE
		k.MMIOWrite(c, regTDT, (x.slot+1)%d.n)
		x.pc = 6
	case 6:
		x.finish(m, c, 0)
	case 7:
		x.finish(m, c, -1)
	}
}

func (x *txCtx) finish(m *sim.Machine, c *sim.CPU, rc int64) {
	if !x.d.has(TXNoLock) {
		m.Release(c, m.Lock(txLockAddr, ""), sim.Where{D: x})
	}
	c.Return(rc)
	x.d.txFree = append(x.d.txFree, x)
}

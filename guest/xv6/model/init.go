package model

import (
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// Init implements guest.Driver: e1000_init.
func (d *Driver) Init(k *guest.Kernel) sim.Context { return &initCtx{d: d, k: k} }

type initCtx struct {
	d    *Driver
	k    *guest.Kernel
	pc   int
	prog []regWrite
}

func (x *initCtx) Describe() string { return "e1000_init" }
func (x *initCtx) String() string   { return "e1000_init" }

type regWrite struct{ off, val uint32 }

func (x *initCtx) program() []regWrite {
	d := x.d
	ringBytes := d.n * descSize
	w := []regWrite{
		{regIMS, 0},
		{regCTRL, 0x00400000},
		{regIMS, 0},
		{regTDBAL, uint32(d.txRing)}, {regTDLEN, ringBytes}, {regTDT, 0}, {regTDH, 0},
		{regRDBAL, uint32(d.rxRing)}, {regRDH, 0}, {regRDT, d.n - 1}, {regRDLEN, ringBytes},
		{regRA, 0x12005452}, {regRA + 4, 0x80005634},
	}
	for i := uint32(0); i < 128; i++ {
		w = append(w, regWrite{regMTA + 4*i, 0})
	}
	return append(w,
		regWrite{regTCTL, 0x0004010A}, regWrite{regTIPG, 0x0060200A},
		regWrite{regRCTL, 0x04008002}, regWrite{regRDTR, 0}, regWrite{regRADV, 0},
		regWrite{regIMS, 1 << 7})
}

func (x *initCtx) Step(m *sim.Machine, c *sim.CPU) {
	d, k := x.d, x.k
	if x.pc == 0 {
		k.M.Lock(txLockAddr, "e1000_lock")
		k.M.Lock(rxLockAddr, "e1000_rx_lock")
		for i := uint32(0); i < d.n; i++ {
			putDesc(k, c, x, d.txDesc(i), 0, 0, 0, statDD)
			buf, addr := d.newRXBuf(k)
			if buf == 0 {
				m.Fail(sim.ClassPanic, "panic: e1000 (out of memory in init)")
			}
			d.rxBufs[i] = buf
			putDesc(k, c, x, d.rxDesc(i), addr, 0, 0, 0)
		}
		k.Barrier(c)
		x.prog = x.program()
		x.pc++
		return
	}
	prog := x.prog
	i := x.pc - 1
	if i < len(prog) {
		k.MMIOWrite(c, prog[i].off, prog[i].val)
		x.pc++
		return
	}
	c.Return(0)
}

package xv6

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// bootCtx is main() on hart 0: e1000_init, then start the processes.
type bootCtx struct {
	p  *ping
	pc int
}

func (b *bootCtx) Describe() string { return "main" }

func (b *bootCtx) Step(m *sim.Machine, c *sim.CPU) {
	switch b.pc {
	case 0:
		b.pc = 1
		c.Call(b.p.env.Drv.Init(b.p.env.K))
	case 1:
		c.Return(0) // first: start pushes processes onto this CPU
		b.p.start()
	}
}

// procCtx is a process sending its datagrams through e1000_transmit,
// retrying after a back-off when the driver refuses (ring full).
type procCtx struct {
	p     *ping
	id    int
	quota uint32
	sent  uint32
	buf   uint64
	pc    uint8
	// refused counts e1000_transmit's refusals in a row.
	refused int
}

const backoff = 5 * sim.Microsecond

// maxRefusals bounds the refusals in a row before the run fails: 100 ms of
// virtual time, far longer than any device, however slow its write-back,
// keeps a slot, so a driver still refusing then never will (a TX ring
// without RS, whose descriptors never show DD again).
const maxRefusals = 20000

func (x *procCtx) Describe() string { return fmt.Sprintf("sys_send (proc %d)", x.id) }
func (x *procCtx) String() string   { return x.Describe() }

func (x *procCtx) Step(m *sim.Machine, c *sim.CPU) {
	env := &x.p.env
	switch x.pc {
	case 0:
		if x.sent == x.quota {
			c.Return(0)
			return
		}
		frame := env.Net.AppendPing(x.p.buf[:0], stack.Ports{Src: 2000 + uint16(x.id), Dst: stack.EchoPort},
			uint16(x.id), x.sent, env.Payload)
		x.p.buf = frame
		buf, n := env.K.NewBuffer(frame)
		if buf == 0 {
			c.Sleep(backoff)
			return
		}
		x.buf, x.pc = buf, 1
		c.Call(env.K.Traced(env.Drv.Transmit(env.K, buf, n), x))
	case 1:
		x.pc = 0
		if c.Ret != 0 {
			env.K.FreeBuffer(x.buf, x.Describe())
			if x.refused++; x.refused > maxRefusals {
				x.p.fail(sim.ClassLostPacket, "%s: e1000_transmit refused %d frames in a row (seq=%d never left)\n  %s",
					x.Describe(), maxRefusals, x.sent, env.K.Dev.Summary())
			}
			c.Sleep(backoff)
			return
		}
		x.refused = 0
		x.sent++
	}
}

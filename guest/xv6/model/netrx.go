package model

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// NetRxContext is xv6's net_rx for Go drivers: it runs the stack on a
// received buffer, transmits the stack's reply (an ARP reply) by calling the
// driver's transmit from inside the receive path, frees the reply if the
// driver refused it, and frees the received buffer.
type NetRxContext struct {
	K      *guest.Kernel
	Drv    guest.Driver
	Buf    uint64
	N      int
	Parent fmt.Stringer
	pc     uint8
	reply  uint64
}

// Step implements sim.Context.
func (x *NetRxContext) Step(m *sim.Machine, c *sim.CPU) {
	switch x.pc {
	case 0:
		x.pc = 2
		frame := x.K.NetRx(c, x.Buf, x.N)
		if frame == nil {
			return
		}
		buf, n := x.K.NewBuffer(frame)
		if buf == 0 {
			return
		}
		x.reply, x.pc = buf, 1
		c.Call(x.K.Traced(x.Drv.Transmit(x.K, buf, n), x))
	case 1:
		if c.Ret != 0 {
			x.K.Net.ReplyRefused(c)
			x.K.FreeBuffer(x.reply, "net_rx (reply refused)")
		}
		x.pc = 2
	case 2:
		x.K.FreeBuffer(x.Buf, "net_rx")
		c.Return(0)
	}
}

// Describe implements sim.Context.
func (x *NetRxContext) Describe() string { return x.String() }

func (x *NetRxContext) String() string {
	if x.Parent == nil {
		return "net_rx"
	}
	return "net_rx <- " + x.Parent.String()
}

package eth

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// mainCtx is the kernel's main on CPU 0: init, callbacks, the station
// address (id 0, then id 1), the oversized transmit, then the pings.
type mainCtx struct {
	w  *workload
	pc int
}

func (x *mainCtx) Describe() string { return "eth main" }
func (x *mainCtx) String() string   { return x.Describe() }

func (x *mainCtx) Step(m *sim.Machine, c *sim.CPU) {
	w, k := x.w, x.w.env.K
	x.pc++
	switch x.pc {
	case 1:
		c.Call(w.call.Call(k, "_eth_init", opInit, 0, 0))
	case 2:
		if w.env.Settle > 0 {
			c.Sleep(w.env.Settle)
		}
	case 3:
		c.Call(w.call.Call(k, "_eth_set_callbacks", opCallbacks, 3, 0))
	case 4, 5:
		id := uint16(x.pc - 4)
		if id != 0 {
			w.issued[id] = true
		}
		c.Call(w.loadAddr(id))
	case 6:
		if c.Ret != w.codes.success {
			w.fail(ClassCallback, "_eth_loadaddr(id 1) returned %d, want ETH_SUCCESS (%d)", c.Ret, w.codes.success)
		}
		buf, _ := k.NewBuffer(make([]byte, 64))
		c.Call(w.call.Call(k, "_eth_tx", opTx, buf, 1<<14|idTooLarge<<16))
	case 7:
		if c.Ret != w.codes.tooLarge {
			w.fail(ClassCallback, "_eth_tx of 2^14 bytes (id 9) returned %d, want ETH_TOO_LARGE (%d)", c.Ret, w.codes.tooLarge)
		}
		var zero stack.MAC
		announce := stack.AppendARP(nil, stack.BroadcastMAC, stack.GuestMAC,
			stack.ARP{Op: stack.ARPRequest, SenderMAC: stack.GuestMAC, SenderIP: stack.GuestIP, TargetMAC: zero, TargetIP: stack.GuestIP})
		c.Call(&frameCtx{w: w, frame: announce})
	case 8:
		w.gwWait = true
		c.Call(&frameCtx{w: w, frame: stack.GatewayRequest(), id: idARP})
	default:
		c.Return(0)
	}
}

// loadAddr calls _eth_loadaddr with the guest's MAC in the form the driver
// takes (six bytes in memory, or a uint64_t with the first wire byte
// most significant).
func (w *workload) loadAddr(id uint16) sim.Context {
	mac := stack.GuestMAC
	if w.ptrAddr {
		buf, _ := w.env.K.NewBuffer(mac[:])
		return w.call.Call(w.env.K, "_eth_loadaddr", opLoadAddrPtr, buf, uint64(id))
	}
	var v uint64
	for _, b := range mac {
		v = v<<8 | uint64(b)
	}
	return w.call.Call(w.env.K, "_eth_loadaddr", opLoadAddr, v, uint64(id))
}

// pingCtx sends one ping: id 100+seq, or id 0 for a retry.
type pingCtx struct {
	w    *workload
	seq  uint32
	id   uint16
	sent bool
	buf  []byte
}

func (x *pingCtx) Describe() string { return fmt.Sprintf("eth ping seq=%d id=%d", x.seq, x.id) }
func (x *pingCtx) String() string   { return x.Describe() }

func (x *pingCtx) Step(m *sim.Machine, c *sim.CPU) {
	w, k := x.w, x.w.env.K
	if x.sent {
		x.sent = false
		if c.Ret != w.codes.success && x.id != 0 {
			delete(w.issued, x.id)
		}
		switch c.Ret {
		case w.codes.success:
			c.Return(0)
		case w.codes.noMem:
			c.Sleep(backoff)
		default:
			w.fail(ClassCallback, "_eth_tx of a %d-byte ping (id %d) returned %d, want ETH_SUCCESS or ETH_NO_MEM",
				len(x.buf), x.id, c.Ret)
		}
		return
	}
	x.buf = w.env.Net.AppendPing(x.buf[:0], stack.Ports{Src: pingPort, Dst: stack.EchoPort}, pingProc,
		x.seq, pingSize)
	buf, n := k.NewBuffer(x.buf)
	if x.id != 0 {
		w.issued[x.id] = true // before the call: the callback may come first
	}
	x.sent = true
	c.Call(w.call.Call(k, "_eth_tx", opTx, buf, uint64(n)|uint64(x.id)<<16))
}

// replyCtx transmits the ARP replies the receive path queued, with id 0
// (kernel-internal), from a kernel context outside the interrupt handler.
type replyCtx struct {
	w    *workload
	sent bool
}

func (x *replyCtx) Describe() string { return "eth arp reply" }
func (x *replyCtx) String() string   { return x.Describe() }

func (x *replyCtx) Step(m *sim.Machine, c *sim.CPU) {
	w, k := x.w, x.w.env.K
	if x.sent {
		x.sent = false
		if c.Ret == w.codes.noMem {
			c.Sleep(backoff)
			return
		}
		w.replies = w.replies[1:]
	}
	if len(w.replies) == 0 {
		w.replying = false
		c.Return(0)
		return
	}
	buf, n := k.NewBuffer(w.replies[0])
	x.sent = true
	c.Call(w.call.Call(k, "_eth_tx", opTx, buf, uint64(n)))
}

// burstCtx sends burstLen full-size datagrams to the discard port back to
// back with the device's interrupt masked, ids 200, 201, ...; ETH_NO_MEM
// drops one (no retry).
type burstCtx struct {
	w    *workload
	i    int
	sent bool
	buf  []byte
}

func (x *burstCtx) Describe() string { return fmt.Sprintf("eth burst %d/%d", x.i, burstLen) }
func (x *burstCtx) String() string   { return x.Describe() }

func (x *burstCtx) Step(m *sim.Machine, c *sim.CPU) {
	w, k := x.w, x.w.env.K
	id := uint16(firstBurstID + x.i)
	if x.sent {
		x.sent = false
		switch c.Ret {
		case w.codes.success:
		case w.codes.noMem:
			delete(w.issued, id)
		default:
			w.fail(ClassCallback, "_eth_tx of a %d-byte datagram (id %d) returned %d, want ETH_SUCCESS or ETH_NO_MEM",
				len(x.buf), id, c.Ret)
		}
		x.i++
		id++
	}
	if x.i == burstLen {
		m.SetIRQMasked(w.svc.inService || w.svc.isr == 0)
		c.Return(0)
		return
	}
	if x.i == 0 && !x.sent {
		m.SetIRQMasked(true) // the real guest sends the burst with interrupts off
	}
	x.buf = w.env.Net.AppendPing(x.buf[:0], stack.Ports{Src: pingPort, Dst: discardPort}, burstProc,
		uint32(x.i), burstPayload)
	buf, n := k.NewBuffer(x.buf)
	w.issued[id] = true // before the call: the callback may come first
	x.sent = true
	c.Call(w.call.Call(k, "_eth_tx", opTx, buf, uint64(n)|uint64(id)<<16))
}

// frameCtx transmits one frame with an id (0: kernel-internal), retrying
// on ETH_NO_MEM.
type frameCtx struct {
	w     *workload
	frame []byte
	id    uint16
	sent  bool
}

func (x *frameCtx) Describe() string { return fmt.Sprintf("eth transmit id=%d", x.id) }
func (x *frameCtx) String() string   { return x.Describe() }

func (x *frameCtx) Step(m *sim.Machine, c *sim.CPU) {
	w, k := x.w, x.w.env.K
	if x.sent {
		x.sent = false
		switch c.Ret {
		case w.codes.success:
			c.Return(0)
		case w.codes.noMem:
			delete(w.issued, x.id)
			c.Sleep(backoff)
		default:
			w.fail(ClassCallback, "_eth_tx of a %d-byte frame (id %d) returned %d, want ETH_SUCCESS or ETH_NO_MEM",
				len(x.frame), x.id, c.Ret)
		}
		return
	}
	buf, n := k.NewBuffer(x.frame)
	if x.id != 0 {
		w.issued[x.id] = true // before the call: the callback may come first
	}
	x.sent = true
	c.Call(w.call.Call(k, "_eth_tx", opTx, buf, uint64(n)|uint64(x.id)<<16))
}

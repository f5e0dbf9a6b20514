package grade

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/nicsim/nicsim/guest"
	studentnet "github.com/nicsim/nicsim/guest/xv6/netc"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// With a student's 2024+ net.c hosted beside the driver, nettest's
// processes make that file's real system calls (package netc: bind,
// unbind, send, recv, with sleep and wakeup, copyin and copyout) instead
// of going through nicsim's model of net.c; "arp_rx" and "ip_rx" are
// scored from what net.c itself prints. A send whose frame the driver
// refused (ring full; the lab's sys_send reports success anyway) is made
// again after a back-off, as the model does. ping3's drain receives what
// net.c holds for the port, up to one more than QueueMax: a deeper queue is
// netc's queue-bound finding, pages held but not queued its leak.

// recvBuf is the receive buffer of the program's recv calls (maxlen): no
// datagram of the program is longer.
const recvBuf = 1500

// maxResends bounds the sends of one datagram the driver keeps refusing.
const maxResends = 1000

// attachNetC hosts the run's net.c, if the driver comes with one.
func (w *workload) attachNetC(env guest.WorkloadEnv) {
	w.sys = studentnet.Attach(env)
	if w.sys != nil {
		env.K.OnPrintf = w.netcPrintf
	}
}

// netcPrintf sees a line net.c printed: its first-ARP and first-IP
// messages are what make grade scores.
func (w *workload) netcPrintf(c *sim.CPU, s string) {
	line := strings.TrimRight(s, "\n")
	switch {
	case strings.Contains(line, "arp_rx: received an ARP packet"):
		w.arpRx = true
	case strings.Contains(line, "ip_rx: received an IP packet"):
		w.ipRx = true
	}
}

// asleep counts the processes asleep in net.c's sleep.
func (w *workload) asleep() int {
	n := 0
	if w.sys == nil {
		return 0
	}
	for _, p := range w.procs {
		if p.np != nil && p.np.Blocked() {
			n++
		}
	}
	return n
}

// sysWaits says which processes wait in net.c, and for what.
func (w *workload) sysWaits() []string {
	var out []string
	for _, p := range w.procs {
		if p.np != nil && p.np.Blocked() && p.pc < len(p.ops) {
			port := p.ops[p.pc].port
			out = append(out, fmt.Sprintf("%s asleep in sys_recv(%d), %d datagrams for it in net.c", p.Describe(), port, w.sys.Pending(port)))
		}
	}
	if w.sys != nil && w.sys.Note() != "" {
		out = append(out, w.sys.Note())
	}
	return out
}

// HeldPages is how many pages net.c holds for datagrams it took (the
// harness's leak check after another failure allows them).
func (w *workload) HeldPages() int {
	if w.sys == nil {
		return 0
	}
	n, _ := w.sys.Leaked()
	return n
}

// LeakUnknownAfter says the harness's page count after a failure of one of
// net.c's own oracles cannot tell a leak from what the student's net.c
// legitimately holds (queued datagrams, its own nodes and ports).
func (w *workload) LeakUnknownAfter(class string) bool {
	return w.sys != nil && slices.Contains(studentnet.Classes, class)
}

// realStep runs operation o through net.c's system calls, or finishes the
// one that just returned; false for operations that are not socket calls.
func (p *proc) realStep(c *sim.CPU, o *op) bool {
	if p.np == nil {
		p.np = p.w.sys.NewProc(fmt.Sprintf("pid %d", p.pid), recvBuf)
	}
	if p.inSys {
		p.inSys = false
		p.realDone(c, o, c.Ret)
		return true
	}
	np := p.np
	switch o.kind {
	case opOpen:
		p.sysCall(c, np.Bind(o.port, false))
	case opClose:
		p.sysCall(c, np.Bind(o.port, true))
	case opSend:
		p.sysCall(c, np.Send(o.port, hostOrder(o.dst), o.dport, o.payload))
	case opRecv:
		p.sysCall(c, np.Recv(o.port))
	case opDrain:
		if !p.draining {
			// One more than a queue may hold, when net.c holds more: a
			// 17th datagram in the queue is netc's queue-bound finding; a
			// recv that then sleeps, with pages never freed, its leak.
			p.draining, p.drainLeft = true, min(QueueMax+1, p.w.sys.Pending(o.port))
			if p.drainLeft < o.min {
				p.w.failf(sim.ClassLostPacket, "port %d holds %d replies in net.c, want at least %d", o.port, p.drainLeft, o.min)
			}
		}
		if p.drainLeft == 0 {
			p.draining = false
			p.pc++
			return true
		}
		p.drainLeft--
		p.sysCall(c, np.Recv(o.port))
	default:
		return false
	}
	return true
}

func (p *proc) sysCall(c *sim.CPU, ctx sim.Context) {
	p.inSys = true
	c.Call(ctx)
}

// realDone judges a system call's result.
func (p *proc) realDone(c *sim.CPU, o *op, ret int64) {
	w := p.w
	switch o.kind {
	case opOpen:
		if ret != 0 && w.env.K.AllocFailed(c) {
			c.Sleep(backoff) // kalloc returned 0 in bind: out of memory is no bug, bind again
			return
		}
		if ret != 0 {
			w.failf(sim.ClassCorrupt, "bind(%d) returned %d, want 0", o.port, ret)
		}
	case opSend:
		if ret != 0 || p.np.Refused() {
			if p.resends++; p.resends > maxResends {
				w.failf(sim.ClassLostPacket, "send from port %d failed %d times in a row (e1000_transmit refused the frame each time)\n  %s",
					o.port, maxResends, w.env.K.Dev.Summary())
			}
			c.Sleep(backoff) // no memory, or the driver refused the frame: again
			return
		}
		p.resends = 0
		w.sent[o.port]++
	case opRecv, opDrain:
		if ret < 0 {
			w.failf(sim.ClassCorrupt, "recv(%d) returned %d", o.port, ret)
		}
		if o.kind == opDrain {
			return // the drain goes on
		}
		payload, src, sport := p.np.Received(ret)
		d := stack.Datagram{SrcIP: netip.AddrFrom4([4]byte{byte(src >> 24), byte(src >> 16), byte(src >> 8), byte(src)}),
			SrcPort: sport, DstPort: o.port, Payload: payload}
		if why := o.check(d); why != "" {
			if w.lost() {
				w.abandon()
				p.yield(c)
				return
			}
			w.failf(sim.ClassCorrupt, "%s", why)
		}
	}
	p.pc++
}

// hostOrder is an IPv4 address as send's dst argument.
func hostOrder(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

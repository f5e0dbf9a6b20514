package grade

import (
	"bytes"
	"net/netip"

	"github.com/nicsim/nicsim/stack"
)

// sock is a socket of nicsim's net.c model: a bound port (2024+) or a
// connected UDP socket (2020-2023's sockalloc), with its queue of received
// datagrams and the process asleep in recv on it.
type sock struct {
	port   uint16
	raddr  netip.Addr // 2020-2023: the connected remote (invalid: any)
	rport  uint16
	q      []stack.Datagram // copies of what ip_rx queued
	waiter *proc
	drops  int // datagrams dropped because the queue was full
}

// netc is nicsim's model of the lab's socket layer in kernel/net.c (2024+:
// ip_rx, sys_bind, sys_unbind, sys_recv; 2020-2023: sysnet.c).
type netc struct {
	bounded bool // 2024+: at most QueueMax queued per port, the rest dropped
	socks   []*sock
	unbound int // datagrams for no socket, dropped
}

// open binds port (connected to raddr:rport when raddr is valid).
func (n *netc) open(port uint16, raddr netip.Addr, rport uint16) *sock {
	s := &sock{port: port, raddr: raddr, rport: rport}
	n.socks = append(n.socks, s)
	return s
}

// close unbinds port, dropping what it still holds.
func (n *netc) close(port uint16) {
	for i, s := range n.socks {
		if s.port == port {
			n.socks = append(n.socks[:i], n.socks[i+1:]...)
			return
		}
	}
}

// find returns the socket bound to port.
func (n *netc) find(port uint16) *sock {
	for _, s := range n.socks {
		if s.port == port {
			return s
		}
	}
	return nil
}

// deliver is ip_rx's end (sockrecvudp in 2020-2023): queue a copy of d on
// its socket, or drop it; it returns the process to wake, if any.
func (n *netc) deliver(d stack.Datagram) *proc {
	s := n.find(d.DstPort)
	if s == nil || (s.raddr.IsValid() && (s.raddr != d.SrcIP || s.rport != d.SrcPort)) {
		n.unbound++
		return nil
	}
	if n.bounded && len(s.q) >= QueueMax {
		s.drops++
		return nil
	}
	d.Payload = bytes.Clone(d.Payload)
	s.q = append(s.q, d)
	p := s.waiter
	s.waiter = nil
	return p
}

// pop takes the oldest queued datagram of s.
func (s *sock) pop() (stack.Datagram, bool) {
	if len(s.q) == 0 {
		return stack.Datagram{}, false
	}
	d := s.q[0]
	s.q = s.q[1:]
	return d, true
}

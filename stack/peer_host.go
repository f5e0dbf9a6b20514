package stack

import (
	"bytes"
	"net/netip"
)

// HostServer is the host's side of a lab's grader as slirp connects it to
// the guest: the UDP server the host's script runs on a forwarded port of
// 10.0.2.2, and the answers slirp forwards from the host's resolver.
type HostServer struct {
	// Port is the server's UDP port on 10.0.2.2 (the lab's NET_TESTS_PORT).
	Port uint16
	// Reply is the fixed text the server answers every datagram with
	// (2020-2023's server.py); nil echoes each datagram (2024's nettest.py).
	Reply []byte
	// Quiet are payloads the server takes without answering (2024's
	// "txone", which only has to arrive).
	Quiet [][]byte
	// DNS are canned A records: a query to any address on port 53 is
	// answered from that address (NXDOMAIN for other names); nil answers
	// nothing.
	DNS map[string]netip.Addr
	_   struct{}
}

// SetServer gives the peer the host's side of a grader (nil: none). It
// lasts until the next SetServer, across Reset.
func (p *Peer) SetServer(h *HostServer) { p.server = h }

// onServer answers a datagram for the host's server or the resolver and
// reports whether it was one.
func (p *Peer) onServer(now int64, f *Frame) bool {
	h := p.server
	switch {
	case h == nil:
		return false
	case f.UDP.DstIP == GatewayIP && f.UDP.DstPort == h.Port:
		if h.quiet(f.Payload) {
			return true
		}
		reply := f.Payload
		if h.Reply != nil {
			reply = h.Reply
		}
		p.sendUDPFrom(now, GatewayIP, f.UDP.SrcIP, Ports{Src: h.Port, Dst: f.UDP.SrcPort}, reply, true)
		return true
	case h.DNS != nil && f.UDP.DstPort == DNSPort:
		ans, err := AnswerDNS(f.Payload, h.DNS)
		if err != nil {
			p.ignore(err)
			return true
		}
		p.sendUDPFrom(now, f.UDP.DstIP, f.UDP.SrcIP, Ports{Src: DNSPort, Dst: f.UDP.SrcPort}, ans, true)
		p.stats.DNSAnswered++
		return true
	}
	return false
}

func (h *HostServer) quiet(payload []byte) bool {
	for _, q := range h.Quiet {
		if bytes.Equal(payload, q) {
			return true
		}
	}
	return false
}

package stack

import "net/netip"

// peerTTL is slirp's IPDEFTTL.
const peerTTL = 64

// peerTemplate is a UDP template from one of slirp's addresses (the
// gateway, or a remote host it forwards) to one destination IP.
type peerTemplate struct {
	src, ip netip.Addr
	t       *UDPTemplate
}

// onUDP records a datagram from the guest and answers the echo port.
func (p *Peer) onUDP(now int64, f *Frame) {
	p.stats.UDPIn++
	r := Received{At: now, SrcIP: f.UDP.SrcIP, DstIP: f.UDP.DstIP, Ports: f.UDP.Ports(), Len: len(f.Payload),
		IPID: f.UDP.ID, TTL: f.UDP.TTL, NoChecksum: f.UDP.NoChecksum}
	r.Proc, r.Seq, r.Ping = DecodePing(f.Payload)
	if r.Ping {
		r.Dup = p.markSeen(r.Proc, r.Seq)
	}
	switch {
	case p.onServer(now, f):
		r.Echoed = p.server.Reply == nil && !p.server.quiet(f.Payload)
	case f.UDP.DstIP == GatewayIP && f.UDP.DstPort == p.cfg.EchoPort:
		r.Echoed = true
		p.sendUDP(now, f.UDP.SrcIP, Ports{Src: p.cfg.EchoPort, Dst: f.UDP.SrcPort}, f.Payload, true)
	}
	p.received = append(p.received, r)
}

// markSeen records a ping and reports whether it was seen before.
func (p *Peer) markSeen(proc uint16, seq uint32) (dup bool) {
	if dup = p.seen.add(proc, seq); dup {
		p.stats.Dups++
	}
	return dup
}

// SendUDP sends a datagram from 10.0.2.2 to the guest, as slirp does for a
// forwarded host port, and returns the frames to put on the wire (an ARP
// request first if the guest's MAC is not known yet).
func (p *Peer) SendUDP(now int64, ports Ports, payload []byte) []Out {
	p.begin()
	p.expire(now)
	p.sendUDP(now, GuestIP, ports, payload, false)
	return p.end()
}

// sendUDP builds a datagram from the gateway to ip and sends or holds it.
func (p *Peer) sendUDP(now int64, ip netip.Addr, ports Ports, payload []byte, echo bool) {
	p.sendUDPFrom(now, GatewayIP, ip, ports, payload, echo)
}

// sendUDPFrom builds a datagram from src (through the gateway's MAC) to ip
// and sends or holds it.
func (p *Peer) sendUDPFrom(now int64, src, ip netip.Addr, ports Ports, payload []byte, echo bool) {
	t := p.template(src, ip)
	frame := t.Append(p.frame(UDPFrameOverhead+len(payload)), ports, p.ipID, payload)
	p.ipID++
	p.sendOrHold(now, ip, frame, echo)
}

// template returns the UDP template from src to ip (destination MAC left
// zero), cached for a few pairs.
func (p *Peer) template(src, ip netip.Addr) *UDPTemplate {
	for _, c := range p.tmpls {
		if c.src == src && c.ip == ip {
			return c.t
		}
	}
	t, err := NewUDPTemplate(UDPHeader{SrcMAC: GatewayMAC, SrcIP: src, DstIP: ip, TTL: peerTTL}, !p.cfg.NoPad)
	if err != nil {
		panic(err) // ip came from a parsed IPv4 header
	}
	if len(p.tmpls) < 8 {
		p.tmpls = append(p.tmpls, peerTemplate{src, ip, t})
	}
	return t
}

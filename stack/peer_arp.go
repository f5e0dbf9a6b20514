package stack

import (
	"errors"
	"net/netip"
)

var errARPNotForPeer = errors.New("stack: peer: ARP request for an address the peer does not own")

// arpTable is slirp's ARP cache: 16 entries, replaced round robin.
type arpTable struct {
	e      [16]arpEntry
	n      int // entries in use
	victim int // next entry to replace when full
}

type arpEntry struct {
	ip  netip.Addr
	mac MAC
}

// lookup returns the MAC learned for ip.
func (t *arpTable) lookup(ip netip.Addr) (MAC, bool) {
	for _, e := range t.e[:t.n] {
		if e.ip == ip {
			return e.mac, true
		}
	}
	return MAC{}, false
}

// add learns ip -> mac. Like slirp it refuses 0.0.0.0 and broadcast addresses.
func (t *arpTable) add(ip netip.Addr, mac MAC) bool {
	a := ip.As4()
	if a == [4]byte{} || a == [4]byte{255, 255, 255, 255} || a == [4]byte{10, 0, 2, 255} {
		return false
	}
	for i := range t.e[:t.n] {
		if t.e[i].ip == ip {
			t.e[i].mac = mac
			return true
		}
	}
	if t.n < len(t.e) {
		t.e[t.n] = arpEntry{ip, mac}
		t.n++
		return true
	}
	t.e[t.victim] = arpEntry{ip, mac}
	t.victim = (t.victim + 1) % len(t.e)
	return true
}

// held is a frame waiting for its destination MAC. Its bytes 0-5 are filled
// in when the MAC is learned.
type held struct {
	frame []byte
	ip    netip.Addr
	since int64
	echo  bool // an echo reply (else a SendUDP datagram), for the counters
}

// onARPRequest answers requests for the gateway and the name server, and
// learns the requester, as slirp's arp_input does.
func (p *Peer) onARPRequest(f *Frame) {
	a := f.ARP
	if a.SenderIP == a.TargetIP { // gratuitous ARP
		p.learn(a.SenderIP, a.SenderMAC)
		return
	}
	if a.TargetIP != GatewayIP && a.TargetIP != DNSIP {
		p.ignore(errARPNotForPeer)
		return
	}
	mac := slirpMAC(a.TargetIP)
	frame := AppendARP(p.frame(ARPFrameLen), f.Src, mac, ARPAnswer(a, mac))
	p.out(p.pad(frame))
	p.stats.ARPRequestsAnswered++
	p.learn(a.SenderIP, a.SenderMAC)
}

// onARPReply learns the sender and releases what waited for it.
func (p *Peer) onARPReply(f *Frame) {
	p.stats.ARPRepliesIn++
	p.learn(f.ARP.SenderIP, f.ARP.SenderMAC)
}

// learn adds ip -> mac to the ARP table and sends, in order, every held
// frame for ip.
func (p *Peer) learn(ip netip.Addr, mac MAC) {
	if !p.arp.add(ip, mac) {
		return
	}
	kept := p.held[:0]
	for _, h := range p.held {
		if h.ip != ip {
			kept = append(kept, h)
			continue
		}
		copy(h.frame[0:6], mac[:])
		p.sent(h.frame, h.echo)
	}
	clear(p.held[len(kept):])
	p.held = kept
}

// sendOrHold sends frame to ip now if its MAC is known; otherwise it holds
// the frame and asks for the MAC (once per held frame, as slirp does).
func (p *Peer) sendOrHold(now int64, ip netip.Addr, frame []byte, echo bool) {
	if mac, ok := p.arp.lookup(ip); ok {
		copy(frame[0:6], mac[:])
		p.sent(frame, echo)
		return
	}
	p.held = append(p.held, held{frame: frame, ip: ip, since: now, echo: echo})
	p.sendWhoHas(ip)
}

// sent puts a resolved frame on the wire and counts it.
func (p *Peer) sent(frame []byte, echo bool) {
	p.out(frame)
	if echo {
		p.stats.EchoesSent++
	} else {
		p.stats.UDPSent++
	}
}

// sendWhoHas broadcasts "who has ip? tell 10.0.2.2".
func (p *Peer) sendWhoHas(ip netip.Addr) {
	frame := AppendARP(p.frame(ARPFrameLen), BroadcastMAC, GatewayMAC, ARPWhoHas(GatewayMAC, GatewayIP, ip))
	p.out(p.pad(frame))
	p.stats.ARPRequestsSent++
}

// expire drops held frames older than the hold timeout.
func (p *Peer) expire(now int64) int {
	if p.cfg.HoldTimeout < 0 {
		return 0
	}
	kept := p.held[:0]
	for _, h := range p.held {
		if now-h.since <= p.cfg.HoldTimeout {
			kept = append(kept, h)
		}
	}
	n := len(p.held) - len(kept)
	clear(p.held[len(kept):])
	p.held = kept
	p.stats.Expired += n
	return n
}

// Expire drops held replies that have waited longer than the hold timeout at
// virtual time now and returns how many it dropped. Every other method does
// this too; call Expire at quiescence to apply slirp's timeout.
func (p *Peer) Expire(now int64) int { return p.expire(now) }

// Holding returns the number of frames waiting for ARP resolution.
func (p *Peer) Holding() int { return len(p.held) }

// GuestMAC returns the MAC the peer has learned for 10.0.2.15.
func (p *Peer) GuestMAC() (MAC, bool) { return p.arp.lookup(GuestIP) }

// frame returns an empty slice with room for a frame of n bytes (padded
// unless NoPad) that the peer will never reuse.
func (p *Peer) frame(n int) []byte {
	if !p.cfg.NoPad {
		n = max(n, MinFrameLen)
	}
	return p.alloc(n)[:0]
}

// pad pads frame to MinFrameLen unless NoPad; frame has room (see frame).
func (p *Peer) pad(frame []byte) []byte {
	if p.cfg.NoPad {
		return frame
	}
	return PadFrame(frame, 0)
}

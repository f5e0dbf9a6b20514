package stack

import "net/netip"

// Policy is what a teaching kernel's network code above the driver does
// differently from another's: where its UDP goes, its TTL, which ARP packets
// it answers and how it checks lengths, and whether it frees a buffer the
// driver refused. A kernel model defines its policies (guest/xv6 does for
// the two net-lab generations) and the [Glue] executes them.
type Policy struct {
	Name   string
	DstMAC MAC   // Ethernet destination of the guest's UDP
	TTL    uint8 // of outgoing UDP (IPv4 ID 0, no UDP checksum, no padding)
	ARP    ARPPolicy
	// FreesOnTransmitError: the kernel frees a buffer the driver's transmit
	// refused (else it ignores the result and the buffer leaks).
	FreesOnTransmitError bool
}

// ARPPolicy is which received ARP packets the guest answers and how it reads
// a received frame.
type ARPPolicy uint8

const (
	// ARPRequests answers every well-formed ARP request for [GuestIP], to the
	// broadcast MAC; the handler of each Ethernet type checks its own length.
	ARPRequests ARPPolicy = iota
	// ARPFirstPacket answers only the first ARP packet ever received,
	// whatever it says, to its Ethernet source; ARP and IP are recognised
	// only when the frame is long enough for both headers.
	ARPFirstPacket
)

// Glue is the guest side of a teaching kernel's network code (xv6's
// kernel/net.c), following a [Policy], as a pure decision function:
// [Glue.NetRx] says what net_rx does with a frame the driver delivered, and
// [Glue.AppendUDP] builds the frame a process's send hands to
// e1000_transmit. The hosting layer executes the decisions (allocating
// mbufs or pages, calling e1000_transmit re-entrantly from the receive path,
// queueing datagrams on sockets).
//
// The only state is the "an ARP packet has been seen" flag of
// [ARPFirstPacket] and the counters. A Glue is not safe for concurrent use.
type Glue struct {
	pol     Policy
	tmpl    *UDPTemplate
	seenARP bool
	stats   GlueStats
	others  []dstTemplate // templates to destinations other than the gateway
}

// dstTemplate is the guest's UDP template to one destination IP.
type dstTemplate struct {
	ip netip.Addr
	t  *UDPTemplate
}

// GlueStats counts what [Glue.NetRx] decided.
type GlueStats struct {
	Replies   int                 // ARP replies built
	Delivered int                 // UDP datagrams handed to the socket layer
	Dropped   [NumDropReasons]int // by DropReason
}

// NewGlue returns the glue of a policy.
func NewGlue(p Policy) *Glue {
	t, err := NewUDPTemplate(UDPHeader{DstMAC: p.DstMAC, SrcMAC: GuestMAC, SrcIP: GuestIP, DstIP: GatewayIP,
		TTL: p.TTL, NoChecksum: true}, false)
	if err != nil {
		panic(err) // constant, valid input
	}
	return &Glue{pol: p, tmpl: t}
}

// Policy returns the policy g follows.
func (g *Glue) Policy() Policy { return g.pol }

// Stats returns the counters.
func (g *Glue) Stats() GlueStats { return g.stats }

// Reset forgets that an ARP packet was seen and clears the counters, as a
// reboot would.
func (g *Glue) Reset() { g.seenARP, g.stats = false, GlueStats{} }

// FreesOnTransmitError reports whether the kernel frees a buffer that the
// driver's transmit refused.
func (g *Glue) FreesOnTransmitError() bool { return g.pol.FreesOnTransmitError }

// DstMAC is the Ethernet destination of the guest's UDP frames.
func (g *Glue) DstMAC() MAC { return g.tmpl.Header().DstMAC }

// AppendUDP appends the frame the guest builds for a UDP send from 10.0.2.15
// to the gateway 10.0.2.2 (Ethernet to [Glue.DstMAC], the policy's TTL, ID 0,
// UDP checksum 0, unpadded) and returns the extended slice. It does not allocate when buf has
// room for [UDPFrameOverhead]+len(payload) more bytes.
func (g *Glue) AppendUDP(buf []byte, p Ports, payload []byte) []byte {
	return g.tmpl.Append(buf, p, 0, payload)
}

// AppendUDPTo is [Glue.AppendUDP] to the destination IP dst (8.8.8.8 for
// the lab's DNS test), through the same Ethernet destination: the kernel's
// net.c sends everything to the gateway's MAC or to broadcast.
func (g *Glue) AppendUDPTo(buf []byte, dst netip.Addr, p Ports, payload []byte) []byte {
	if dst == GatewayIP {
		return g.AppendUDP(buf, p, payload)
	}
	for _, o := range g.others {
		if o.ip == dst {
			return o.t.Append(buf, p, 0, payload)
		}
	}
	t, err := NewUDPTemplate(UDPHeader{DstMAC: g.pol.DstMAC, SrcMAC: GuestMAC, SrcIP: GuestIP, DstIP: dst,
		TTL: g.pol.TTL, NoChecksum: true}, false)
	if err != nil {
		panic(err) // a valid IPv4 address and constant fields
	}
	g.others = append(g.others, dstTemplate{dst, t})
	return t.Append(buf, p, 0, payload)
}

// BuildUDP is [Glue.AppendUDP] into a new slice.
func (g *Glue) BuildUDP(p Ports, payload []byte) []byte {
	return g.AppendUDP(make([]byte, 0, UDPFrameOverhead+len(payload)), p, payload)
}

// AppendPing is [Glue.AppendUDP] with an [EncodePing] payload, built in place.
func (g *Glue) AppendPing(buf []byte, p Ports, proc uint16, seq uint32, size int) []byte {
	return g.tmpl.AppendPing(buf, p, 0, proc, seq, size)
}

// Datagram is a UDP datagram as net.c hands it to the socket layer
// (sockrecvudp in 2020-2023; the student's ip_rx in 2024+).
type Datagram struct {
	SrcIP   netip.Addr
	SrcPort uint16
	DstPort uint16
	Payload []byte // aliases the frame given to NetRx
}

// ReplyRefused tells the glue that the driver refused the reply of the last
// NetRx (its transmit returned non-zero: the ring was full). Under
// [ARPFirstPacket] a refused first reply would leave the guest deaf for good
// through no fault of the driver; nicsim's glue then answers the next ARP
// request instead.
func (g *Glue) ReplyRefused() {
	if g.pol.ARP == ARPFirstPacket {
		g.seenARP = false
	}
}

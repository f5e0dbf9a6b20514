package stack

import (
	"fmt"
	"net/netip"
)

// Generation selects which xv6 net lab kernel/net.c the [Glue] models.
type Generation uint8

// Lab generations (guest-abis.md §1 and §2).
const (
	// Gen2020 is the mbuf generation (2020-2023): every frame, ARP replies
	// included, goes to the broadcast MAC; every ARP request for 10.0.2.15 is
	// answered; a failed e1000_transmit makes net.c free the mbuf.
	Gen2020 Generation = iota + 1
	// Gen2024 is the buffer generation (2024 and 2025): UDP goes to the
	// gateway MAC; only the first ARP packet ever received is answered (to
	// the Ethernet source); the result of e1000_transmit is ignored.
	Gen2024
)

func (g Generation) String() string {
	switch g {
	case Gen2020:
		return "xv6-2020"
	case Gen2024:
		return "xv6-2024"
	}
	return fmt.Sprintf("Generation(%d)", uint8(g))
}

// IP header values of xv6's net.c for outgoing UDP: TTL 100, ID 0, no UDP
// checksum, no padding (the e1000 pads short frames on the wire).
const xv6TTL = 100

// Glue is the guest side of xv6's kernel/net.c as a pure decision function:
// [Glue.NetRx] says what net_rx does with a frame the driver delivered, and
// [Glue.AppendUDP] builds the frame a process's send hands to
// e1000_transmit. The hosting layer executes the decisions (allocating
// mbufs or pages, calling e1000_transmit re-entrantly from the receive path,
// queueing datagrams on sockets).
//
// The only state is Gen2024's "an ARP packet has been seen" flag and the
// counters. A Glue is not safe for concurrent use.
type Glue struct {
	gen     Generation
	tmpl    *UDPTemplate
	seenARP bool
	stats   GlueStats
}

// GlueStats counts what [Glue.NetRx] decided.
type GlueStats struct {
	Replies   int                 // ARP replies built
	Delivered int                 // UDP datagrams handed to the socket layer
	Dropped   [NumDropReasons]int // by DropReason
}

// NewGlue returns the glue of generation gen. It panics on an unknown
// generation.
func NewGlue(gen Generation) *Glue {
	dst := BroadcastMAC
	switch gen {
	case Gen2020:
	case Gen2024:
		dst = GatewayMAC
	default:
		panic(fmt.Sprintf("stack: NewGlue(%v)", gen))
	}
	t, err := NewUDPTemplate(UDPHeader{DstMAC: dst, SrcMAC: GuestMAC, SrcIP: GuestIP, DstIP: GatewayIP,
		TTL: xv6TTL, NoChecksum: true}, false)
	if err != nil {
		panic(err) // constant, valid input
	}
	return &Glue{gen: gen, tmpl: t}
}

// Generation returns the generation g models.
func (g *Glue) Generation() Generation { return g.gen }

// Stats returns the counters.
func (g *Glue) Stats() GlueStats { return g.stats }

// Reset forgets that an ARP packet was seen and clears the counters, as a
// reboot would.
func (g *Glue) Reset() { g.seenARP, g.stats = false, GlueStats{} }

// FreesOnTransmitError reports whether net.c frees a buffer that
// e1000_transmit refused (Gen2020 frees the mbuf; Gen2024 ignores the return
// value and so leaks the page).
func (g *Glue) FreesOnTransmitError() bool { return g.gen == Gen2020 }

// DstMAC is the Ethernet destination of the guest's UDP frames.
func (g *Glue) DstMAC() MAC { return g.tmpl.Header().DstMAC }

// AppendUDP appends the frame xv6 builds for a UDP send from 10.0.2.15 to the
// gateway 10.0.2.2 (Ethernet to [Glue.DstMAC], TTL 100, ID 0, UDP checksum 0,
// unpadded) and returns the extended slice. It does not allocate when buf has
// room for [UDPFrameOverhead]+len(payload) more bytes.
func (g *Glue) AppendUDP(buf []byte, p Ports, payload []byte) []byte {
	return g.tmpl.Append(buf, p, 0, payload)
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
// NetRx (e1000_transmit returned non-zero: its ring was full). The 2024 lab
// answers only the first ARP packet ever seen, so a refused first reply
// would leave the guest deaf for good through no fault of the driver;
// nicsim's glue then answers the next ARP request instead.
func (g *Glue) ReplyRefused() {
	if g.gen == Gen2024 {
		g.seenARP = false
	}
}

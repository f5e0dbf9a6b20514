package stack

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// Kind classifies a frame.
type Kind uint8

// Frame kinds. The zero value is KindMalformed, so a Frame that was never
// parsed is not mistaken for a good one.
const (
	KindMalformed  Kind = iota // broken: truncated, bad checksum, inconsistent header
	KindOther                  // well formed but not ARP or UDP over IPv4
	KindARPRequest             // Ethernet/IPv4 ARP request
	KindARPReply               // Ethernet/IPv4 ARP reply
	KindUDP                    // UDP over IPv4, checksums verified
)

var kindNames = [...]string{"malformed", "other", "arp-request", "arp-reply", "udp"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Errors a [Frame] wraps in Err; test with [errors.Is].
var (
	ErrTruncated   = errors.New("truncated")       // a header or a length points past the end of the frame
	ErrChecksum    = errors.New("bad checksum")    // IPv4 header or UDP checksum does not verify
	ErrHeader      = errors.New("bad header")      // a header field is impossible (version, IHL, lengths)
	ErrEtherType   = errors.New("wrong ethertype") // neither ARP nor IPv4
	ErrUnsupported = errors.New("unsupported")     // valid but not handled: non-UDP, fragment, odd ARP
)

// Frame is what [Parser.Parse] learned about a frame. Which fields are set
// depends on Kind: Src, Dst and EtherType whenever the Ethernet header is
// complete; ARP for the ARP kinds; UDP and Payload for KindUDP. Err says what
// is wrong for KindMalformed and KindOther and is nil otherwise.
type Frame struct {
	Kind      Kind
	Err       error
	Src, Dst  MAC
	EtherType layers.EthernetType
	ARP       ARP
	UDP       UDPHeader // MACs, addresses, ports, ID, TTL; NoChecksum if the checksum was 0
	Payload   []byte    // UDP payload; aliases the parsed frame
}

// Parser classifies frames. It holds preallocated gopacket layers and is
// reused across frames; it is not safe for concurrent use. It never panics on
// any input.
type Parser struct {
	eth     layers.Ethernet
	arp     layers.ARP
	ip4     layers.IPv4
	udp     layers.UDP
	dlp     *gopacket.DecodingLayerParser
	decoded []gopacket.LayerType
}

// NewParser returns a Parser.
func NewParser() *Parser {
	p := &Parser{decoded: make([]gopacket.LayerType, 0, 4)}
	p.dlp = gopacket.NewDecodingLayerParser(layers.LayerTypeEthernet)
	// A sparse container (a slice indexed by layer type) beats the default map.
	p.dlp.SetDecodingLayerContainer(gopacket.DecodingLayerSparse(nil))
	for _, l := range []gopacket.DecodingLayer{&p.eth, &p.arp, &p.ip4, &p.udp} {
		p.dlp.AddDecodingLayer(l)
	}
	p.dlp.IgnoreUnsupported = true // stop quietly after UDP (DNS, payload, ...)
	return p
}

// Parse classifies data. The returned Frame's Payload aliases data.
func (p *Parser) Parse(data []byte) Frame {
	var f Frame
	if len(data) < EthHeaderLen {
		f.Err = fmt.Errorf("%w: Ethernet header needs %d bytes, frame has %d", ErrTruncated, EthHeaderLen, len(data))
		return f
	}
	f.Dst, f.Src = MACFrom(data[0:]), MACFrom(data[6:])
	f.EtherType = layers.EthernetType(binary.BigEndian.Uint16(data[12:]))
	err := p.dlp.DecodeLayers(data, &p.decoded)
	switch f.EtherType {
	case layers.EthernetTypeARP:
		p.parseARP(&f, data[EthHeaderLen:], err)
	case layers.EthernetTypeIPv4:
		p.parseIPv4(&f, data[EthHeaderLen:], err)
	default:
		f.Kind = KindOther
		f.Err = fmt.Errorf("%w: 0x%04x", ErrEtherType, uint16(f.EtherType))
	}
	return f
}

// has reports whether the last DecodeLayers call decoded layer t.
func (p *Parser) has(t gopacket.LayerType) bool {
	for _, d := range p.decoded {
		if d == t {
			return true
		}
	}
	return false
}

// parseARP fills f from an ARP packet (b starts after the Ethernet header).
func (p *Parser) parseARP(f *Frame, b []byte, err error) {
	if len(b) < 8 {
		f.Err = fmt.Errorf("%w: ARP header needs 8 bytes, has %d", ErrTruncated, len(b))
		return
	}
	hrd, pro := binary.BigEndian.Uint16(b[0:]), binary.BigEndian.Uint16(b[2:])
	if hrd != uint16(layers.LinkTypeEthernet) || pro != uint16(layers.EthernetTypeIPv4) || b[4] != 6 || b[5] != 4 {
		f.Kind = KindOther
		f.Err = fmt.Errorf("%w: ARP for hardware %d (len %d), protocol 0x%04x (len %d)",
			ErrUnsupported, hrd, b[4], pro, b[5])
		return
	}
	if len(b) < ARPLen {
		f.Err = fmt.Errorf("%w: ARP needs %d bytes, has %d", ErrTruncated, ARPLen, len(b))
		return
	}
	if err != nil || !p.has(layers.LayerTypeARP) {
		f.Err = fmt.Errorf("%w: ARP: %v", ErrHeader, err) // unreachable with gopacket v1.7
		return
	}
	a := &p.arp
	f.ARP = ARP{Op: ARPOp(a.Operation), SenderMAC: MACFrom(a.SourceHwAddress), SenderIP: addr4(a.SourceProtAddress),
		TargetMAC: MACFrom(a.DstHwAddress), TargetIP: addr4(a.DstProtAddress)}
	switch f.ARP.Op {
	case ARPRequest:
		f.Kind = KindARPRequest
	case ARPReply:
		f.Kind = KindARPReply
	default:
		f.Kind = KindOther
		f.Err = fmt.Errorf("%w: ARP operation %d", ErrUnsupported, a.Operation)
	}
}

// addr4 reads an IPv4 address from b[:4].
func addr4(b []byte) netip.Addr { return netip.AddrFrom4([4]byte(b[:4])) }

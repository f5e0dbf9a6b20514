package stack

import (
	"encoding/binary"
	"fmt"

	"github.com/gopacket/gopacket/layers"
)

// parseIPv4 fills f from an IPv4 packet (b starts after the Ethernet header).
// The raw checks come first, so every error says exactly what is wrong; the
// fields are then taken from gopacket's decoded layers.
func (p *Parser) parseIPv4(f *Frame, b []byte, err error) {
	udp, ok := checkIPv4(f, b)
	if !ok {
		return
	}
	if !checkUDP(f, b, udp) {
		return
	}
	if err != nil || !p.has(layers.LayerTypeIPv4) || !p.has(layers.LayerTypeUDP) {
		f.Err = fmt.Errorf("%w: IPv4/UDP: %v", ErrHeader, err) // IP options gopacket rejects
		return
	}
	f.Kind = KindUDP
	f.UDP = UDPHeader{DstMAC: f.Dst, SrcMAC: f.Src,
		SrcIP: addr4(p.ip4.SrcIP), DstIP: addr4(p.ip4.DstIP),
		SrcPort: uint16(p.udp.SrcPort), DstPort: uint16(p.udp.DstPort),
		ID: p.ip4.Id, TTL: p.ip4.TTL, NoChecksum: p.udp.Checksum == 0}
	f.Payload = p.udp.Payload
}

// checkIPv4 checks the IPv4 header in b and returns the UDP datagram it
// carries (trimmed to the IPv4 total length). On failure it sets f.Err (and
// f.Kind for well-formed packets it does not handle).
func checkIPv4(f *Frame, b []byte) (udp []byte, ok bool) {
	if len(b) < IPv4HeaderLen {
		f.Err = fmt.Errorf("%w: IPv4 header needs %d bytes, has %d", ErrTruncated, IPv4HeaderLen, len(b))
		return nil, false
	}
	version, hlen := b[0]>>4, int(b[0]&0xf)*4
	total := int(binary.BigEndian.Uint16(b[2:]))
	switch {
	case version != 4:
		f.Err = fmt.Errorf("%w: IP version %d", ErrHeader, version)
	case hlen < IPv4HeaderLen:
		f.Err = fmt.Errorf("%w: IPv4 header length %d", ErrHeader, hlen)
	case total < hlen:
		f.Err = fmt.Errorf("%w: IPv4 total length %d < header length %d", ErrHeader, total, hlen)
	case total > len(b):
		f.Err = fmt.Errorf("%w: IPv4 total length %d, frame carries %d", ErrTruncated, total, len(b))
	case csumFold(csumAdd(0, b[:hlen])) != 0:
		f.Err = fmt.Errorf("%w: IPv4 header checksum 0x%04x", ErrChecksum, binary.BigEndian.Uint16(b[10:]))
	case binary.BigEndian.Uint16(b[6:])&0x3fff != 0: // MF or fragment offset (DF is fine)
		f.Kind, f.Err = KindOther, fmt.Errorf("%w: IPv4 fragment (flags/offset 0x%04x)", ErrUnsupported, binary.BigEndian.Uint16(b[6:]))
	case b[9] != uint8(layers.IPProtocolUDP):
		f.Kind, f.Err = KindOther, fmt.Errorf("%w: IP protocol %d", ErrUnsupported, b[9])
	default:
		return b[hlen:total], true
	}
	return nil, false
}

// checkUDP checks the UDP datagram udp carried by the IPv4 packet ip.
func checkUDP(f *Frame, ip, udp []byte) bool {
	if len(udp) < UDPHeaderLen {
		f.Err = fmt.Errorf("%w: UDP header needs %d bytes, IP payload has %d", ErrTruncated, UDPHeaderLen, len(udp))
		return false
	}
	if ulen := int(binary.BigEndian.Uint16(udp[4:])); ulen != len(udp) {
		f.Err = fmt.Errorf("%w: UDP length %d, IP payload %d", ErrHeader, ulen, len(udp))
		return false
	}
	if sum := binary.BigEndian.Uint16(udp[6:]); sum != 0 &&
		csumFold(csumAdd(pseudoSum(ip[12:], ip[16:], len(udp)), udp)) != 0 {
		f.Err = fmt.Errorf("%w: UDP checksum 0x%04x", ErrChecksum, sum)
		return false
	}
	return true
}

package stack

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// Sizes of the headers nicsim builds (no options, no VLAN tag, no FCS).
const (
	EthHeaderLen  = 14
	ARPLen        = 28
	IPv4HeaderLen = 20
	UDPHeaderLen  = 8
	// ARPFrameLen is an Ethernet header plus an ARP packet, unpadded.
	ARPFrameLen = EthHeaderLen + ARPLen
	// UDPFrameOverhead is the bytes before a UDP payload.
	UDPFrameOverhead = EthHeaderLen + IPv4HeaderLen + UDPHeaderLen
	// MinFrameLen is the shortest Ethernet frame without FCS (ETH_ZLEN):
	// gopacket and QEMU's slirp backend pad shorter frames with zeros.
	MinFrameLen = 60
)

// ARPOp is the operation field of an ARP packet.
type ARPOp uint16

// ARP operations.
const (
	ARPRequest ARPOp = 1
	ARPReply   ARPOp = 2
)

// ARP is an Ethernet/IPv4 ARP packet.
type ARP struct {
	Op        ARPOp
	SenderMAC MAC
	SenderIP  netip.Addr
	TargetMAC MAC
	TargetIP  netip.Addr
}

// ARPWhoHas is the request "who has target? tell ip (at mac)".
func ARPWhoHas(mac MAC, ip, target netip.Addr) ARP {
	return ARP{Op: ARPRequest, SenderMAC: mac, SenderIP: ip, TargetIP: target}
}

// ARPAnswer is the reply to req saying that req.TargetIP is at mac, addressed
// to the requester.
func ARPAnswer(req ARP, mac MAC) ARP {
	return ARP{Op: ARPReply, SenderMAC: mac, SenderIP: req.TargetIP,
		TargetMAC: req.SenderMAC, TargetIP: req.SenderIP}
}

// UDPHeader is everything in a UDP/IPv4/Ethernet frame except the payload.
// IPv4 fields not listed are zero (TOS, flags, fragment offset), and the IPv4
// header has no options.
type UDPHeader struct {
	DstMAC, SrcMAC MAC
	SrcIP, DstIP   netip.Addr
	SrcPort        uint16
	DstPort        uint16
	ID             uint16 // IPv4 identification
	TTL            uint8
	// NoChecksum sends a UDP checksum of 0 ("none"), as xv6's net.c does.
	NoChecksum bool
}

// Ports returns the header's port pair.
func (h UDPHeader) Ports() Ports { return Ports{Src: h.SrcPort, Dst: h.DstPort} }

var serializeOpts = gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}

// EncodeARP builds an ARP frame with gopacket. Like every gopacket Ethernet
// frame it is zero-padded to [MinFrameLen]. For the allocation-free form see
// [AppendARP].
func EncodeARP(ethDst, ethSrc MAC, a ARP) ([]byte, error) {
	if !a.SenderIP.Is4() || !a.TargetIP.Is4() {
		return nil, fmt.Errorf("stack: ARP needs IPv4 addresses, have %v and %v", a.SenderIP, a.TargetIP)
	}
	sip, tip := a.SenderIP.As4(), a.TargetIP.As4()
	eth := &layers.Ethernet{SrcMAC: ethSrc.HardwareAddr(), DstMAC: ethDst.HardwareAddr(),
		EthernetType: layers.EthernetTypeARP}
	arp := &layers.ARP{AddrType: layers.LinkTypeEthernet, Protocol: layers.EthernetTypeIPv4,
		Operation: uint16(a.Op), SourceHwAddress: a.SenderMAC.HardwareAddr(), SourceProtAddress: sip[:],
		DstHwAddress: a.TargetMAC.HardwareAddr(), DstProtAddress: tip[:]}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, serializeOpts, eth, arp); err != nil {
		return nil, fmt.Errorf("stack: encode ARP: %w", err)
	}
	return buf.Bytes(), nil
}

// EncodeUDP builds a UDP/IPv4/Ethernet frame with gopacket, with lengths and
// checksums computed (the UDP checksum is then cleared if h.NoChecksum). Like
// every gopacket Ethernet frame it is zero-padded to [MinFrameLen]. This is
// the reference the fast [UDPTemplate] is tested against.
func EncodeUDP(h UDPHeader, payload []byte) ([]byte, error) {
	if !h.SrcIP.Is4() || !h.DstIP.Is4() {
		return nil, fmt.Errorf("stack: UDP needs IPv4 addresses, have %v and %v", h.SrcIP, h.DstIP)
	}
	if len(payload) > 0xffff-IPv4HeaderLen-UDPHeaderLen {
		return nil, fmt.Errorf("stack: UDP payload of %d bytes does not fit in IPv4", len(payload))
	}
	eth, ip, udp := udpLayers(h)
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, serializeOpts, eth, ip, udp, gopacket.Payload(payload)); err != nil {
		return nil, fmt.Errorf("stack: encode UDP: %w", err)
	}
	b := buf.Bytes()
	if h.NoChecksum {
		binary.BigEndian.PutUint16(b[EthHeaderLen+IPv4HeaderLen+6:], 0)
	}
	return b, nil
}

// udpLayers returns the gopacket layers of h, wired for checksums.
func udpLayers(h UDPHeader) (*layers.Ethernet, *layers.IPv4, *layers.UDP) {
	src, dst := h.SrcIP.As4(), h.DstIP.As4()
	eth := &layers.Ethernet{SrcMAC: h.SrcMAC.HardwareAddr(), DstMAC: h.DstMAC.HardwareAddr(),
		EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, IHL: 5, Id: h.ID, TTL: h.TTL, Protocol: layers.IPProtocolUDP,
		SrcIP: src[:], DstIP: dst[:]}
	udp := &layers.UDP{SrcPort: layers.UDPPort(h.SrcPort), DstPort: layers.UDPPort(h.DstPort)}
	if err := udp.SetNetworkLayerForChecksum(ip); err != nil {
		panic("stack: " + err.Error()) // IPv4 is always accepted
	}
	return eth, ip, udp
}

// AppendARP appends the [ARPFrameLen]-byte (unpadded) ARP frame to dst and
// returns the extended slice. It does not allocate when dst has room. Its
// bytes equal the first ARPFrameLen bytes of [EncodeARP]. Addresses that are
// not IPv4 are written as 0.0.0.0.
func AppendARP(dst []byte, ethDst, ethSrc MAC, a ARP) []byte {
	dst, f := grow(dst, ARPFrameLen)
	copy(f[0:6], ethDst[:])
	copy(f[6:12], ethSrc[:])
	binary.BigEndian.PutUint16(f[12:], uint16(layers.EthernetTypeARP))
	p := f[EthHeaderLen:]
	binary.BigEndian.PutUint16(p[0:], uint16(layers.LinkTypeEthernet))
	binary.BigEndian.PutUint16(p[2:], uint16(layers.EthernetTypeIPv4))
	p[4], p[5] = 6, 4
	binary.BigEndian.PutUint16(p[6:], uint16(a.Op))
	copy(p[8:14], a.SenderMAC[:])
	putIPv4(p[14:18], a.SenderIP)
	copy(p[18:24], a.TargetMAC[:])
	putIPv4(p[24:28], a.TargetIP)
	return dst
}

// PadFrame zero-pads the frame that starts at dst[start:] to [MinFrameLen]
// bytes, as the wire (and QEMU's slirp backend) does for short frames.
func PadFrame(dst []byte, start int) []byte {
	if n := len(dst) - start; n < MinFrameLen {
		var f []byte
		dst, f = grow(dst, MinFrameLen-n)
		clear(f)
	}
	return dst
}

// putIPv4 writes ip into b[:4]; anything but IPv4 is written as 0.0.0.0.
func putIPv4(b []byte, ip netip.Addr) {
	if !ip.Is4() {
		clear(b[:4])
		return
	}
	a := ip.As4()
	copy(b, a[:])
}

// grow extends dst by n bytes and returns the extended slice and the new n
// bytes (not cleared). It allocates only when dst lacks capacity.
func grow(dst []byte, n int) (out, tail []byte) {
	dst = slices.Grow(dst, n)
	out = dst[:len(dst)+n]
	return out, out[len(dst):]
}

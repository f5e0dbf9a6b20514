package stack

import (
	"encoding/binary"
	"fmt"
)

// Offsets into a UDP/IPv4/Ethernet frame without IP options.
const (
	offIP      = EthHeaderLen
	offIPLen   = offIP + 2
	offIPID    = offIP + 4
	offIPSum   = offIP + 10
	offIPSrc   = offIP + 12
	offIPDst   = offIP + 16
	offUDP     = offIP + IPv4HeaderLen
	offUDPLen  = offUDP + 4
	offUDPSum  = offUDP + 6
	offPayload = UDPFrameOverhead
)

// maxUDPPayload is the largest payload whose IPv4 total length fits 16 bits.
const maxUDPPayload = 0xffff - IPv4HeaderLen - UDPHeaderLen

// UDPTemplate builds UDP/IPv4/Ethernet frames fast: the headers are serialized
// once with gopacket, and each frame copies them, patches ports, IPv4
// identification, lengths and payload, and recomputes both checksums by hand.
// Building into a buffer with room does not allocate.
//
// A UDPTemplate is immutable after [NewUDPTemplate] and may be shared.
type UDPTemplate struct {
	hdr        [UDPFrameOverhead]byte
	ipSum      uint64 // IPv4 header sum without length, ID and checksum
	pseudo     uint64 // UDP pseudo-header sum without the length
	noChecksum bool
	pad        bool
}

// NewUDPTemplate serializes h with gopacket; h's ports and ID are ignored,
// because [UDPTemplate.Append] takes them per frame. When pad
// is set, frames shorter than [MinFrameLen] are zero-padded, as gopacket and
// QEMU's slirp do; xv6 transmits unpadded frames.
func NewUDPTemplate(h UDPHeader, pad bool) (*UDPTemplate, error) {
	b, err := EncodeUDP(h, nil)
	if err != nil {
		return nil, fmt.Errorf("stack: UDP template: %w", err)
	}
	t := &UDPTemplate{noChecksum: h.NoChecksum, pad: pad}
	copy(t.hdr[:], b)
	clear(t.hdr[offIPLen : offIPLen+2])
	clear(t.hdr[offIPID : offIPID+2])
	clear(t.hdr[offIPSum : offIPSum+2])
	clear(t.hdr[offUDP:]) // ports, length and checksum are per frame
	t.ipSum = csumAdd(0, t.hdr[offIP:offUDP])
	t.pseudo = pseudoSum(t.hdr[offIPSrc:], t.hdr[offIPDst:], 0)
	return t, nil
}

// Header returns the addresses and options the template was built with;
// ports and ID are zero.
func (t *UDPTemplate) Header() UDPHeader {
	var h UDPHeader
	h.DstMAC, h.SrcMAC = MACFrom(t.hdr[0:]), MACFrom(t.hdr[6:])
	h.SrcIP, h.DstIP = addr4(t.hdr[offIPSrc:]), addr4(t.hdr[offIPDst:])
	h.TTL, h.NoChecksum = t.hdr[offIP+8], t.noChecksum
	return h
}

// Append appends a frame carrying payload to dst and returns the extended
// slice. It panics if payload does not fit in an IPv4 datagram.
func (t *UDPTemplate) Append(dst []byte, p Ports, id uint16, payload []byte) []byte {
	start := len(dst)
	dst, f := t.open(dst, p, id, len(payload))
	copy(f[offPayload:], payload)
	t.seal(f)
	if t.pad {
		dst = PadFrame(dst, start)
	}
	return dst
}

// AppendPing appends a frame whose payload is [EncodePing](proc, seq, size),
// written in place without an intermediate buffer.
func (t *UDPTemplate) AppendPing(dst []byte, p Ports, id uint16, proc uint16, seq uint32, size int) []byte {
	start := len(dst)
	size = max(size, PingHeaderLen)
	dst, f := t.open(dst, p, id, size)
	EncodePing(f[offPayload:], proc, seq, size)
	t.seal(f)
	if t.pad {
		dst = PadFrame(dst, start)
	}
	return dst
}

// open appends the template's headers for a payload of n bytes and fills in
// ports, ID and lengths. The payload and checksums are left to the caller.
func (t *UDPTemplate) open(dst []byte, p Ports, id uint16, n int) (out, frame []byte) {
	if n < 0 || n > maxUDPPayload {
		panic(fmt.Sprintf("stack: UDP payload of %d bytes", n))
	}
	out, f := grow(dst, UDPFrameOverhead+n)
	copy(f, t.hdr[:])
	binary.BigEndian.PutUint16(f[offIPLen:], uint16(IPv4HeaderLen+UDPHeaderLen+n))
	binary.BigEndian.PutUint16(f[offIPID:], id)
	binary.BigEndian.PutUint16(f[offUDP:], p.Src)
	binary.BigEndian.PutUint16(f[offUDP+2:], p.Dst)
	binary.BigEndian.PutUint16(f[offUDPLen:], uint16(UDPHeaderLen+n))
	return out, f
}

// seal computes both checksums of a frame filled in by open.
func (t *UDPTemplate) seal(f []byte) {
	ipLen := uint64(binary.BigEndian.Uint16(f[offIPLen:]))
	id := uint64(binary.BigEndian.Uint16(f[offIPID:]))
	binary.BigEndian.PutUint16(f[offIPSum:], csumFold(t.ipSum+ipLen+id))
	if t.noChecksum {
		return
	}
	udp := f[offUDP:]
	c := csumFold(csumAdd(t.pseudo+uint64(len(udp)), udp))
	if c == 0 {
		c = 0xffff
	}
	binary.BigEndian.PutUint16(f[offUDPSum:], c)
}

package stack

import "encoding/binary"

// csumAdd adds b to the unfolded one's complement sum s as big-endian 16-bit
// words (a trailing odd byte is the high half of a word). It reads 32 bits at
// a time; folding later is still correct because 2^16 = 1 mod 0xffff. Only the
// last piece added to a sum may have odd length.
func csumAdd(s uint64, b []byte) uint64 {
	for len(b) >= 8 {
		s += uint64(binary.BigEndian.Uint32(b)) + uint64(binary.BigEndian.Uint32(b[4:]))
		b = b[8:]
	}
	if len(b) >= 4 {
		s += uint64(binary.BigEndian.Uint32(b))
		b = b[4:]
	}
	if len(b) >= 2 {
		s += uint64(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		s += uint64(b[0]) << 8
	}
	return s
}

// csumFold folds s to 16 bits and complements it: the value that goes into a
// checksum field.
func csumFold(s uint64) uint16 {
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}

// pseudoSum is the IPv4 pseudo-header sum for UDP (src, dst, protocol 17,
// length).
func pseudoSum(src, dst []byte, udpLen int) uint64 {
	s := csumAdd(0, src[:4])
	s = csumAdd(s, dst[:4])
	return s + 17 + uint64(udpLen)
}

// udpChecksum returns the value of the UDP checksum field for an IPv4 UDP
// datagram whose checksum field is zero: a computed 0 is sent as 0xffff,
// because 0 means "no checksum".
func udpChecksum(srcIP, dstIP, udp []byte) uint16 {
	c := csumFold(csumAdd(pseudoSum(srcIP, dstIP, len(udp)), udp))
	if c == 0 {
		c = 0xffff
	}
	return c
}

package stack

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// A ping payload is what the workload sends: PingMagic, the sending process
// (2 bytes, big-endian), the sequence number (4 bytes, big-endian), then
// filler bytes that depend on process, sequence number and position, so a
// payload that is truncated, shifted or partly stale does not decode.
//
//	0      4      6          10
//	| nsp1 | proc | seq      | filler ...
const PingHeaderLen = 10

// PingMagic opens every ping payload.
var PingMagic = [4]byte{'n', 's', 'p', '1'}

// EncodePing writes a ping payload of max(size, [PingHeaderLen]) bytes into
// buf and returns that prefix of buf. It panics if buf is too short.
func EncodePing(buf []byte, proc uint16, seq uint32, size int) []byte {
	n := max(size, PingHeaderLen)
	if len(buf) < n {
		panic(fmt.Sprintf("stack: EncodePing: buffer of %d bytes for a %d-byte payload", len(buf), n))
	}
	p := buf[:n]
	copy(p, PingMagic[:])
	binary.BigEndian.PutUint16(p[4:], proc)
	binary.BigEndian.PutUint32(p[6:], seq)
	fillPing(p, pingFillerBase(proc, seq))
	return p
}

// DecodePing returns the process and sequence number of a ping payload. ok is
// false if p is shorter than [PingHeaderLen], does not start with
// [PingMagic], or has a filler byte that does not match.
func DecodePing(p []byte) (proc uint16, seq uint32, ok bool) {
	if len(p) < PingHeaderLen || [4]byte(p) != PingMagic {
		return 0, 0, false
	}
	proc = binary.BigEndian.Uint16(p[4:])
	seq = binary.BigEndian.Uint32(p[6:])
	if !pingFillerOK(p, pingFillerBase(proc, seq)) {
		return 0, 0, false
	}
	return proc, seq, true
}

// ramp holds byte(i) at index i, so the filler b+byte(i), b+byte(i+1), ...
// is a window of it (read in pieces of at most 256 bytes).
var ramp = func() (r [512]byte) {
	for i := range r {
		r[i] = byte(i)
	}
	return r
}()

// fillPing writes the filler of a payload whose filler base is b.
func fillPing(p []byte, b byte) {
	for i := PingHeaderLen; i < len(p); {
		k := int(b + byte(i))
		i += copy(p[i:], ramp[k:k+256])
	}
}

// pingFillerOK checks the filler of a payload whose filler base is b.
func pingFillerOK(p []byte, b byte) bool {
	for i := PingHeaderLen; i < len(p); {
		k := int(b + byte(i))
		n := min(len(p)-i, 256)
		if !bytes.Equal(p[i:i+n], ramp[k:k+n]) {
			return false
		}
		i += n
	}
	return true
}

// pingFillerBase mixes proc and seq into the filler's starting byte.
func pingFillerBase(proc uint16, seq uint32) byte {
	x := seq*2654435761 + uint32(proc)*40503
	return byte(x>>24 ^ x>>8)
}

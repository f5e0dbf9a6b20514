package stack

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"testing"
)

// guestPing is a UDP header from the guest to the gateway's echo port.
func guestPing() UDPHeader {
	return UDPHeader{DstMAC: GatewayMAC, SrcMAC: GuestMAC, SrcIP: GuestIP, DstIP: GatewayIP,
		SrcPort: 2000, DstPort: EchoPort, TTL: 100}
}

// mustUDP builds a frame with gopacket or fails the test.
func mustUDP(t testing.TB, h UDPHeader, payload []byte) []byte {
	t.Helper()
	b, err := EncodeUDP(h, payload)
	if err != nil {
		t.Fatalf("EncodeUDP: %v", err)
	}
	return b
}

// mustARP builds an ARP frame with gopacket or fails the test.
func mustARP(t testing.TB, ethDst, ethSrc MAC, a ARP) []byte {
	t.Helper()
	b, err := EncodeARP(ethDst, ethSrc, a)
	if err != nil {
		t.Fatalf("EncodeARP: %v", err)
	}
	return b
}

// ping returns a ping payload.
func ping(proc uint16, seq uint32, size int) []byte {
	return EncodePing(make([]byte, max(size, PingHeaderLen)), proc, seq, size)
}

// fixIPSum recomputes the IPv4 header checksum of an Ethernet frame.
func fixIPSum(f []byte) {
	ip := f[EthHeaderLen:]
	hlen := int(ip[0]&0xf) * 4
	binary.BigEndian.PutUint16(ip[10:], 0)
	binary.BigEndian.PutUint16(ip[10:], csumFold(csumAdd(0, ip[:hlen])))
}

// fixUDPSum recomputes the UDP checksum of an Ethernet frame (IPv4, any IHL).
func fixUDPSum(f []byte) {
	ip := f[EthHeaderLen:]
	hlen := int(ip[0]&0xf) * 4
	udp := ip[hlen:binary.BigEndian.Uint16(ip[2:])]
	binary.BigEndian.PutUint16(udp[6:], 0)
	binary.BigEndian.PutUint16(udp[6:], udpChecksum(ip[12:], ip[16:], udp))
}

// clone copies b.
func clone(b []byte) []byte { return bytes.Clone(b) }

// ip4 parses a dotted quad.
func ip4(s string) netip.Addr { return netip.MustParseAddr(s) }

// The two net-lab generations' policies, as guest/xv6 registers them.
var (
	gen2020 = Policy{Name: "xv6", DstMAC: BroadcastMAC, TTL: 100, ARP: ARPRequests, FreesOnTransmitError: true}
	gen2024 = Policy{Name: "xv6-2024", DstMAC: GatewayMAC, TTL: 100, ARP: ARPFirstPacket}
)

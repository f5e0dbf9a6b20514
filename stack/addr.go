package stack

import (
	"fmt"
	"net"
	"net/netip"
)

// MAC is an Ethernet address. It is a value type, so it can be compared with
// == and kept in structs without aliasing a frame.
type MAC [6]byte

// String formats m as 52:54:00:12:34:56.
func (m MAC) String() string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5])
}

// HardwareAddr returns m as a freshly allocated [net.HardwareAddr], the form
// gopacket's layers use.
func (m MAC) HardwareAddr() net.HardwareAddr { return append(net.HardwareAddr(nil), m[:]...) }

// MACFrom returns the first six bytes of b as a MAC. It panics if b is shorter.
func MACFrom(b []byte) MAC { return MAC(b[:6]) }

// Identities of QEMU's user-mode network ("slirp", -netdev user), which is
// what the xv6 net lab runs against. Treat them as constants.
var (
	// GuestMAC is the MAC of the guest's NIC (QEMU's default, and local_mac in xv6's net.c).
	GuestMAC = MAC{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}
	// GatewayMAC is slirp's MAC for the gateway 10.0.2.2 (52:55 followed by the IP).
	GatewayMAC = MAC{0x52, 0x55, 0x0a, 0x00, 0x02, 0x02}
	// DNSMAC is slirp's MAC for the name server 10.0.2.3.
	DNSMAC = MAC{0x52, 0x55, 0x0a, 0x00, 0x02, 0x03}
	// BroadcastMAC is ff:ff:ff:ff:ff:ff.
	BroadcastMAC = MAC{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

	// GuestIP is the guest's address, 10.0.2.15.
	GuestIP = netip.AddrFrom4([4]byte{10, 0, 2, 15})
	// GatewayIP is slirp's gateway (the host), 10.0.2.2.
	GatewayIP = netip.AddrFrom4([4]byte{10, 0, 2, 2})
	// DNSIP is slirp's name server, 10.0.2.3.
	DNSIP = netip.AddrFrom4([4]byte{10, 0, 2, 3})
)

// slirpMAC is the MAC slirp uses for one of its own addresses: 52:55 followed
// by the four bytes of the IPv4 address.
func slirpMAC(ip netip.Addr) MAC {
	a := ip.As4()
	return MAC{0x52, 0x55, a[0], a[1], a[2], a[3]}
}

// Ports is a UDP port pair, named so that the two uint16s cannot be swapped
// silently at a call site.
type Ports struct {
	Src, Dst uint16
}

// EchoPort is the UDP echo service (RFC 862) the [Peer] answers by default.
const EchoPort = 7

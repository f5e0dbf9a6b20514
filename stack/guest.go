package stack

import (
	"bytes"
	"slices"
)

// The guest's side of the exchanges the kernel workloads (guest/eth,
// guest/jos) play with the gateway.

// GatewayRequest is the guest's broadcast ARP request "who has 10.0.2.2?
// tell 10.0.2.15".
func GatewayRequest() []byte {
	return AppendARP(nil, BroadcastMAC, GuestMAC, ARPWhoHas(GuestMAC, GuestIP, GatewayIP))
}

// IsGatewayReply reports whether f is an ARP reply from the gateway
// 10.0.2.2.
func IsGatewayReply(f []byte) bool {
	gw := GatewayIP.As4()
	return len(f) >= ARPFrameLen && f[12] == 0x08 && f[13] == 0x06 && f[21] == byte(ARPReply) && bytes.Equal(f[28:32], gw[:])
}

// SamePadded reports whether got is the frame sent, allowing for the
// padding of a short frame to MinFrameLen with zeros (as NICs and QEMU pad
// what they receive).
func SamePadded(sent, got []byte) bool {
	if len(got) == len(sent) || len(sent) >= MinFrameLen || len(got) != MinFrameLen {
		return bytes.Equal(sent, got)
	}
	return bytes.Equal(sent, got[:len(sent)]) && !slices.ContainsFunc(got[len(sent):], func(b byte) bool { return b != 0 })
}

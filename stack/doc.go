// Package stack is nicsim's network stack: the frames that cross the
// simulated wire, the guest-side glue of the kernel under test, and the peer
// on the other end of the wire.
//
// The pieces:
//
//   - Identities of QEMU's user-mode network (slirp): [GuestMAC], [GuestIP],
//     [GatewayMAC], [GatewayIP], [DNSIP], [BroadcastMAC].
//   - Frames built with gopacket's layers package ([EncodeUDP], [EncodeARP])
//     and fast builders for the hot path ([UDPTemplate], [AppendARP]) that are
//     tested byte for byte against gopacket.
//   - [Parser]: a reusable classifier (ARP request, ARP reply, UDP, other,
//     malformed) that verifies IPv4 and UDP checksums and never panics.
//   - Ping payloads ([EncodePing], [DecodePing]) carrying a process number and
//     a sequence number, so oracles can check exactly-once, in-order delivery.
//   - [Glue]: what a teaching kernel's network code (xv6's kernel/net.c) does
//     with a received frame (answer ARP from the receive path, validate
//     IP/UDP, hand a datagram to the socket layer) and how it builds outgoing
//     UDP, following the kernel's [Policy] (guest/xv6 defines one per lab
//     generation). It decides; the hosting layer executes.
//   - [Peer]: a slirp-like gateway 10.0.2.2 as a deterministic reactive state
//     machine. It resolves the guest's MAC with ARP before its first reply,
//     echoes UDP, and keeps the bookkeeping the oracles need.
//   - [PcapWriter]: Ethernet pcap output with nanosecond timestamps taken from
//     the virtual clock.
//
// Nothing here reads the wall clock, global randomness or map iteration order:
// all time is virtual nanoseconds passed in by the caller.
package stack

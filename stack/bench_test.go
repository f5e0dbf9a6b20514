package stack

import "testing"

// BenchmarkBuildUDP is the guest's hot path: a 64-byte ping frame built in
// place into a reused buffer (Glue.AppendPing: template copy, ping payload,
// IPv4 checksum; xv6 sends no UDP checksum).
func BenchmarkBuildUDP(b *testing.B) {
	g := NewGlue(gen2024)
	buf := make([]byte, 0, 2048)
	b.ReportAllocs()
	for i := range b.N {
		buf = g.AppendPing(buf[:0], Ports{Src: 2000, Dst: EchoPort}, 1, uint32(i), 64)
	}
}

// BenchmarkBuildUDPChecksum is the peer's variant: a 64-byte payload with the
// UDP checksum computed.
func BenchmarkBuildUDPChecksum(b *testing.B) {
	t, _ := NewUDPTemplate(UDPHeader{SrcMAC: GatewayMAC, DstMAC: GuestMAC, SrcIP: GatewayIP, DstIP: GuestIP, TTL: 64}, true)
	payload := ping(1, 1, 64)
	buf := make([]byte, 0, 2048)
	b.ReportAllocs()
	for i := range b.N {
		buf = t.Append(buf[:0], Ports{Src: EchoPort, Dst: 2000}, uint16(i), payload)
	}
}

// BenchmarkEncodeUDPGopacket is the reference the fast builders replace.
func BenchmarkEncodeUDPGopacket(b *testing.B) {
	h := guestPing()
	payload := ping(1, 1, 64)
	b.ReportAllocs()
	for range b.N {
		if _, err := EncodeUDP(h, payload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse classifies a 64-byte ping frame with checksums verified.
func BenchmarkParse(b *testing.B) {
	p := NewParser()
	frame := mustUDP(b, guestPing(), ping(1, 1, 64))
	b.ReportAllocs()
	for range b.N {
		if p.Parse(frame).Kind != KindUDP {
			b.Fatal("not UDP")
		}
	}
}

// BenchmarkNetRx is the guest's receive decision for an echo frame.
func BenchmarkNetRx(b *testing.B) {
	g := NewGlue(gen2020)
	h := UDPHeader{DstMAC: GuestMAC, SrcMAC: GatewayMAC, SrcIP: GatewayIP, DstIP: GuestIP, SrcPort: 7, DstPort: 2000, TTL: 64}
	frame := mustUDP(b, h, ping(1, 1, 64))
	b.ReportAllocs()
	for range b.N {
		if g.NetRx(frame).Verdict != RxDeliver {
			b.Fatal("not delivered")
		}
	}
}

// BenchmarkPeerEcho is one guest ping through a resolved peer: parse, record,
// duplicate check, echo frame built into the peer's slab. Every 1024 pings
// the peer is recycled, as between scenarios.
func BenchmarkPeerEcho(b *testing.B) {
	p := NewPeer(PeerConfig{})
	reply := AppendARP(nil, GatewayMAC, GuestMAC, ARPAnswer(ARPWhoHas(GatewayMAC, GatewayIP, GuestIP), GuestMAC))
	g := NewGlue(gen2024)
	frame := make([]byte, 0, 256)
	b.ReportAllocs()
	for i := range b.N {
		seq := uint32(i % 1024)
		if seq == 0 {
			p.Recycle()
			p.OnFrame(int64(i), reply)
		}
		frame = g.AppendPing(frame[:0], Ports{Src: 2000, Dst: EchoPort}, 1, seq, 64)
		if len(p.OnFrame(int64(i), frame)) != 1 {
			b.Fatal("no echo")
		}
	}
}

// BenchmarkPeerScenario is a whole scenario's network work as the simulator
// would drive it, without a driver: ARP resolution, then 65 pings built by
// the glue, echoed by the peer and received by the glue (about 130 frames).
// "reset" starts each scenario with Peer.Reset (earlier frames stay valid),
// "recycle" with Peer.Recycle (their memory is reused).
func BenchmarkPeerScenario(b *testing.B) {
	for _, recycle := range []bool{false, true} {
		name := "reset"
		if recycle {
			name = "recycle"
		}
		b.Run(name, func(b *testing.B) {
			p := NewPeer(PeerConfig{})
			g := NewGlue(gen2020)
			frame := make([]byte, 0, 256)
			b.ReportAllocs()
			for range b.N {
				if recycle {
					p.Recycle()
				} else {
					p.Reset()
				}
				g.Reset()
				for seq := range uint32(65) {
					frame = g.AppendPing(frame[:0], Ports{Src: 2000, Dst: EchoPort}, 1, seq, 64)
					for _, o := range p.OnFrame(int64(seq), frame) {
						if a := g.NetRx(o.Frame); a.Verdict == RxReply {
							p.OnFrame(int64(seq), a.Reply)
						}
					}
				}
			}
		})
	}
}

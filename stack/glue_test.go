package stack

import (
	"bytes"
	"testing"
)

func TestGlueBuildUDP(t *testing.T) {
	payload := ping(1, 2, 30)
	for _, tt := range []struct {
		gen Policy
		dst MAC
	}{{gen2020, BroadcastMAC}, {gen2024, GatewayMAC}} {
		g := NewGlue(tt.gen)
		got := g.BuildUDP(Ports{Src: 2000, Dst: 25603}, payload)
		h := UDPHeader{DstMAC: tt.dst, SrcMAC: GuestMAC, SrcIP: GuestIP, DstIP: GatewayIP,
			SrcPort: 2000, DstPort: 25603, TTL: 100, NoChecksum: true}
		want := mustUDP(t, h, payload)[:UDPFrameOverhead+len(payload)]
		if !bytes.Equal(got, want) {
			t.Errorf("%s: BuildUDP =\n% x\nwant\n% x", tt.gen.Name, got, want)
		}
		if g.DstMAC() != tt.dst {
			t.Errorf("%s: DstMAC = %v, want %v", tt.gen.Name, g.DstMAC(), tt.dst)
		}
		if got := g.AppendPing(nil, Ports{Src: 2000, Dst: 25603}, 1, 2, 30); !bytes.Equal(got, want) {
			t.Errorf("%s: AppendPing differs from BuildUDP", tt.gen.Name)
		}
	}
}

func TestGlueNetRxARP(t *testing.T) {
	peer := MAC{0x52, 0x55, 0x0a, 0x00, 0x02, 0x02}
	other := MAC{2, 0, 0, 0, 0, 9}
	req := mustARP(t, BroadcastMAC, peer, ARPWhoHas(peer, GatewayIP, GuestIP))
	// A request whose Ethernet source differs from its ARP sender, to tell
	// which one each generation answers.
	odd := mustARP(t, BroadcastMAC, other, ARPWhoHas(peer, GatewayIP, GuestIP))
	reqOther := mustARP(t, BroadcastMAC, peer, ARPWhoHas(peer, GatewayIP, ip4("10.0.2.99")))
	reply := mustARP(t, GuestMAC, peer, ARPAnswer(ARPWhoHas(GuestMAC, GuestIP, GatewayIP), peer))
	answer := func(ethDst, tha MAC) []byte {
		return AppendARP(nil, ethDst, GuestMAC, ARP{Op: ARPReply, SenderMAC: GuestMAC, SenderIP: GuestIP,
			TargetMAC: tha, TargetIP: GatewayIP})
	}
	type step struct {
		frame []byte
		want  RxAction
	}
	tests := []struct {
		name  string
		gen   Policy
		steps []step
	}{
		{"2020-answers-every-request-to-broadcast", gen2020, []step{
			{req, RxAction{Verdict: RxReply, Reply: answer(BroadcastMAC, peer)}},
			{odd, RxAction{Verdict: RxReply, Reply: answer(BroadcastMAC, peer)}},
			{req, RxAction{Verdict: RxReply, Reply: answer(BroadcastMAC, peer)}},
		}},
		{"2020-ignores-others", gen2020, []step{
			{reqOther, drop(DropARPNotForUs)},
			{reply, drop(DropARPNotRequest)},
			{withFix(req, func(f []byte) { f[15] = 6 }), drop(DropARPFormat)},
			{req[:41], drop(DropShort)},
		}},
		{"2024-answers-first-only-to-eth-source", gen2024, []step{
			{req[:41], drop(DropShort)},
			{odd, RxAction{Verdict: RxReply, Reply: answer(other, other)}},
			{req, drop(DropARPSeen)},
		}},
		{"2024-first-arp-whatever-it-is", gen2024, []step{
			{reply, RxAction{Verdict: RxReply, Reply: answer(peer, peer)}},
			{req, drop(DropARPSeen)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := NewGlue(tt.gen)
			for i, s := range tt.steps {
				got := g.NetRx(s.frame)
				if got.Verdict != s.want.Verdict || got.Drop != s.want.Drop || !bytes.Equal(got.Reply, s.want.Reply) {
					t.Errorf("step %d: NetRx = %v/%v % x\nwant %v/%v % x", i, got.Verdict, got.Drop, got.Reply,
						s.want.Verdict, s.want.Drop, s.want.Reply)
				}
			}
		})
	}
}

func TestGlueNetRxUDP(t *testing.T) {
	h := UDPHeader{DstMAC: GuestMAC, SrcMAC: GatewayMAC, SrcIP: GatewayIP, DstIP: GuestIP,
		SrcPort: 7, DstPort: 2000, TTL: 64}
	payload := []byte("pong")
	good := mustUDP(t, h, payload) // padded to 60: net.c trims by the UDP length
	set := func(off int, v byte) []byte { return withFix(good, func(f []byte) { f[off] = v }) }
	tests := []struct {
		name  string
		frame []byte
		want  DropReason // DropNone: delivered
	}{
		{"padded", good, DropNone},
		{"bad-udp-checksum-still-delivered", withFix(good, func(f []byte) { f[40]++ }), DropNone},
		{"short-eth", good[:13], DropShort},
		{"short-ip", good[:33], DropShort},
		{"short-udp", withIPLenRaw(good[:40]), DropShort},
		{"ipv6", set(12, 0x86), DropEtherType},
		{"ihl-6", set(14, 0x46), DropIPHeader},
		{"ip-checksum-bad", badIPSum(good), DropIPChecksum},
		{"df", set(20, 0x40), DropIPFragment},
		{"not-for-us", set(33, 16), DropIPNotForUs},
		{"tcp", set(23, 6), DropIPProto},
		{"udp-len", set(39, 13), DropUDPLength},
		{"udp-len-4", withFix(good, func(f []byte) { f[14+3] = 20 + 4; f[38], f[39] = 0, 4 }), DropUDPLength},
	}
	for _, gen := range []Policy{gen2020, gen2024} {
		for _, tt := range tests {
			t.Run(gen.Name+"/"+tt.name, func(t *testing.T) {
				got := NewGlue(gen).NetRx(tt.frame)
				if tt.want != DropNone {
					if got.Verdict != RxDrop || got.Drop != tt.want {
						t.Errorf("NetRx = %v/%v, want drop/%v", got.Verdict, got.Drop, tt.want)
					}
					return
				}
				want := Datagram{SrcIP: GatewayIP, SrcPort: 7, DstPort: 2000}
				if got.Verdict != RxDeliver || got.UDP.SrcIP != want.SrcIP || got.UDP.SrcPort != 7 ||
					got.UDP.DstPort != 2000 || len(got.UDP.Payload) != 4 || cap(got.UDP.Payload) != 4 {
					t.Errorf("NetRx = %v/%v %+v, want deliver %+v payload %q", got.Verdict, got.Drop, got.UDP, want, payload)
				}
			})
		}
	}
}

// withIPLenRaw sets the IPv4 total length to what the frame carries.
func withIPLenRaw(f []byte) []byte {
	return withFix(f, func(f []byte) { f[16], f[17] = 0, byte(len(f)-EthHeaderLen) })
}

// badIPSum damages the IPv4 header checksum.
func badIPSum(f []byte) []byte {
	f = clone(f)
	f[24] ^= 0xff
	return f
}

func TestGlueStatsAndReset(t *testing.T) {
	g := NewGlue(gen2024)
	req := mustARP(t, BroadcastMAC, GatewayMAC, ARPWhoHas(GatewayMAC, GatewayIP, GuestIP))
	g.NetRx(req)
	g.NetRx(req)
	g.NetRx(nil)
	s := g.Stats()
	if s.Replies != 1 || s.Dropped[DropARPSeen] != 1 || s.Dropped[DropShort] != 1 {
		t.Errorf("Stats = %+v", s)
	}
	g.Reset()
	if a := g.NetRx(req); a.Verdict != RxReply {
		t.Errorf("after Reset: NetRx = %v, want reply", a.Verdict)
	}
	if g.FreesOnTransmitError() || !NewGlue(gen2020).FreesOnTransmitError() {
		t.Errorf("FreesOnTransmitError: 2024 frees or 2020 does not")
	}
}

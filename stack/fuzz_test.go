package stack

import (
	"bytes"
	"testing"
	"unsafe"
)

// fuzzSeeds are frames worth starting from; testdata/fuzz/FuzzParse holds
// more, written out as files.
func fuzzSeeds(f *testing.F) [][]byte {
	udp := mustUDP(f, guestPing(), ping(1, 2, 40))
	return [][]byte{
		udp,
		NewGlue(gen2020).BuildUDP(Ports{Src: 2000, Dst: EchoPort}, ping(1, 3, 10)),
		AppendARP(nil, BroadcastMAC, GatewayMAC, ARPWhoHas(GatewayMAC, GatewayIP, GuestIP)),
		mustARP(f, GatewayMAC, GuestMAC, ARPAnswer(ARPWhoHas(GatewayMAC, GatewayIP, GuestIP), GuestMAC)),
		withIPOptions(udp, []byte{1, 1, 1, 0}),
		udp[:30],
		{},
	}
}

// within reports whether sub lies inside b.
func within(sub, b []byte) bool {
	if len(sub) == 0 {
		return true
	}
	s, e := uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(unsafe.Pointer(unsafe.SliceData(sub)))
	return e >= s && e+uintptr(len(sub)) <= s+uintptr(len(b))
}

// FuzzParse checks that the Parser never panics and that what it accepts is
// consistent: good kinds have no error, bad kinds have one, accepted ARP
// re-encodes to the same bytes, and accepted UDP survives a gopacket round
// trip.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	p, q := NewParser(), NewParser()
	f.Fuzz(func(t *testing.T, data []byte) {
		fr := p.Parse(data)
		good := fr.Kind == KindARPRequest || fr.Kind == KindARPReply || fr.Kind == KindUDP
		if good != (fr.Err == nil) || fr.Kind > KindUDP {
			t.Fatalf("Parse = %v with error %v", fr.Kind, fr.Err)
		}
		switch fr.Kind {
		case KindARPRequest, KindARPReply:
			if re := AppendARP(nil, fr.Dst, fr.Src, fr.ARP); !bytes.Equal(re, data[:ARPFrameLen]) {
				t.Fatalf("ARP re-encodes to % x, input % x", re, data[:ARPFrameLen])
			}
		case KindUDP:
			if !within(fr.Payload, data) {
				t.Fatalf("Payload does not alias the frame")
			}
			re, err := EncodeUDP(fr.UDP, fr.Payload)
			if err != nil {
				t.Fatalf("EncodeUDP(parsed): %v", err)
			}
			g := q.Parse(re)
			if g.Kind != KindUDP || g.UDP != fr.UDP || !bytes.Equal(g.Payload, fr.Payload) {
				t.Fatalf("round trip: %v %v %+v, want %+v", g.Kind, g.Err, g.UDP, fr.UDP)
			}
		}
	})
}

// FuzzNetRx feeds arbitrary frames to both glue generations and to the peer:
// nothing panics, deliveries alias the frame, replies are well-formed ARP
// replies from the guest, and every frame the peer sends parses.
func FuzzNetRx(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	p := NewParser()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, gen := range []Policy{gen2020, gen2024} {
			a := NewGlue(gen).NetRx(data)
			switch a.Verdict {
			case RxDeliver:
				if !within(a.UDP.Payload, data) {
					t.Fatalf("%v: payload does not alias the frame", gen)
				}
			case RxReply:
				r := p.Parse(a.Reply)
				if r.Kind != KindARPReply || r.ARP.SenderMAC != GuestMAC || r.ARP.SenderIP != GuestIP {
					t.Fatalf("%v: reply parses as %v %v %+v", gen, r.Kind, r.Err, r.ARP)
				}
			}
		}
		peer := NewPeer(PeerConfig{})
		for _, o := range peer.OnFrame(0, data) {
			if k := p.Parse(o.Frame).Kind; k == KindMalformed || k == KindOther {
				t.Fatalf("peer sent a %v frame % x", k, o.Frame)
			}
		}
	})
}

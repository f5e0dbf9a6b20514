package stack

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"
)

// guestFrame is what a gen2024 guest transmits for a ping to the echo port.
func guestFrame(seq uint32) []byte {
	return NewGlue(gen2024).AppendPing(nil, Ports{Src: 2000, Dst: EchoPort}, 1, seq, 32)
}

// expectFrame parses out and checks it with the given predicates.
func expectFrame(t *testing.T, out Out, checks ...func(Frame) string) Frame {
	t.Helper()
	f := NewParser().Parse(out.Frame)
	for _, c := range checks {
		if msg := c(f); msg != "" {
			t.Errorf("frame % x: %s", out.Frame, msg)
		}
	}
	return f
}

func isWhoHasGuest(f Frame) string {
	want := ARPWhoHas(GatewayMAC, GatewayIP, GuestIP)
	if f.Kind != KindARPRequest || f.ARP != want || f.Dst != BroadcastMAC || f.Src != GatewayMAC {
		return "want ARP who-has 10.0.2.15 from the gateway to broadcast"
	}
	return ""
}

func isEcho(seq uint32) func(Frame) string {
	return func(f Frame) string {
		_, s, ok := DecodePing(f.Payload)
		switch {
		case f.Kind != KindUDP:
			return "want UDP, got " + f.Kind.String()
		case f.Dst != GuestMAC || f.Src != GatewayMAC || f.UDP.SrcIP != GatewayIP || f.UDP.DstIP != GuestIP:
			return "want gateway -> guest addresses"
		case f.UDP.Ports() != (Ports{Src: EchoPort, Dst: 2000}) || f.UDP.TTL != peerTTL || f.UDP.NoChecksum:
			return "want ports 7 -> 2000, TTL 64, UDP checksum"
		case !ok || s != seq:
			return "want the echoed ping"
		}
		return ""
	}
}

func TestPeerARPBeforeFirstReply(t *testing.T) {
	p := NewPeer(PeerConfig{})
	if outs := p.Start(0); len(outs) != 0 {
		t.Fatalf("Start = %d frames, want none", len(outs))
	}
	outs := p.OnFrame(100, guestFrame(0))
	if len(outs) != 1 || outs[0].Delay != DefaultPeerDelay || len(outs[0].Frame) != MinFrameLen {
		t.Fatalf("OnFrame(ping 0) = %v, want one padded ARP request after %d ns", outs, DefaultPeerDelay)
	}
	arpReq := clone(outs[0].Frame)
	expectFrame(t, outs[0], isWhoHasGuest)
	outs = p.OnFrame(200, guestFrame(1))
	if len(outs) != 1 || p.Holding() != 2 {
		t.Fatalf("OnFrame(ping 1) = %d frames, holding %d; want 1 ARP request (one per held packet), holding 2",
			len(outs), p.Holding())
	}
	expectFrame(t, outs[0], isWhoHasGuest)
	if _, ok := p.GuestMAC(); ok {
		t.Errorf("GuestMAC known before any ARP reply")
	}

	// The guest answers the ARP request as xv6 does; the held echoes follow in order.
	rx := NewGlue(gen2020).NetRx(arpReq)
	if rx.Verdict != RxReply {
		t.Fatalf("guest NetRx(ARP request) = %v/%v, want reply", rx.Verdict, rx.Drop)
	}
	outs = p.OnFrame(300, rx.Reply)
	if len(outs) != 2 || p.Holding() != 0 {
		t.Fatalf("OnFrame(ARP reply) = %d frames, holding %d; want 2 echoes, holding 0", len(outs), p.Holding())
	}
	expectFrame(t, outs[0], isEcho(0))
	expectFrame(t, outs[1], isEcho(1))
	if mac, ok := p.GuestMAC(); !ok || mac != GuestMAC {
		t.Errorf("GuestMAC = %v %v, want %v", mac, ok, GuestMAC)
	}
	outs = p.OnFrame(400, guestFrame(2))
	if len(outs) != 1 {
		t.Fatalf("OnFrame(ping 2) after resolution = %d frames, want 1 echo", len(outs))
	}
	expectFrame(t, outs[0], isEcho(2))

	s := p.Stats()
	want := PeerStats{FramesIn: 4, ARPRequestsSent: 2, ARPRepliesIn: 1, UDPIn: 3, EchoesSent: 3}
	if s != want {
		t.Errorf("Stats = %+v\nwant    %+v", s, want)
	}
}

func TestPeerAnswersARPAndLearns(t *testing.T) {
	p := NewPeer(PeerConfig{Delay: -1})
	for _, target := range []MAC{GatewayMAC, DNSMAC} {
		ip := GatewayIP
		if target == DNSMAC {
			ip = DNSIP
		}
		req := AppendARP(nil, BroadcastMAC, GuestMAC, ARPWhoHas(GuestMAC, GuestIP, ip))
		outs := p.OnFrame(0, req)
		if len(outs) != 1 || outs[0].Delay != 0 {
			t.Fatalf("OnFrame(who-has %v) = %v, want one reply with no delay", ip, outs)
		}
		want := ARP{Op: ARPReply, SenderMAC: target, SenderIP: ip, TargetMAC: GuestMAC, TargetIP: GuestIP}
		expectFrame(t, outs[0], func(f Frame) string {
			if f.Kind != KindARPReply || f.ARP != want || f.Dst != GuestMAC || f.Src != target {
				return "want the slirp ARP reply"
			}
			return ""
		})
	}
	// The request taught the peer the guest's MAC: the echo goes out at once.
	if outs := p.OnFrame(0, guestFrame(0)); len(outs) != 1 {
		t.Fatalf("echo after learning from a request: %d frames, want 1", len(outs))
	}
	if s := p.Stats(); s.ARPRequestsAnswered != 2 || s.ARPRequestsSent != 0 {
		t.Errorf("Stats = %+v", s)
	}
}

func TestPeerIgnores(t *testing.T) {
	p := NewPeer(PeerConfig{})
	frames := [][]byte{
		AppendARP(nil, BroadcastMAC, GuestMAC, ARPWhoHas(GuestMAC, GuestIP, ip4("10.0.2.99"))), // ignored
		mustUDP(t, guestPing(), nil)[:40],                        // malformed
		withFix(guestFrame(0), func(f []byte) { f[23] = 6 }),     // ignored (TCP)
		NewGlue(gen2024).BuildUDP(Ports{Src: 2000, Dst: 9}, nil), // recorded, not echoed
	}
	for _, f := range frames {
		if outs := p.OnFrame(0, f); len(outs) != 0 {
			t.Errorf("OnFrame(% x) = %d frames, want none", f, len(outs))
		}
	}
	s := p.Stats()
	if s.Ignored != 2 || s.Malformed != 1 || s.UDPIn != 1 || len(p.Received()) != 1 || p.Received()[0].Echoed {
		t.Errorf("Stats = %+v, Received = %+v", s, p.Received())
	}
	if !errors.Is(p.LastIgnored(), ErrUnsupported) {
		t.Errorf("LastIgnored = %v, want ErrUnsupported", p.LastIgnored())
	}
}

func TestPeerRecordsAndDups(t *testing.T) {
	p := NewPeer(PeerConfig{})
	for i, seq := range []uint32{0, 1, 1, 2, 0} {
		p.OnFrame(int64(i), guestFrame(seq))
	}
	p.OnFrame(5, NewGlue(gen2024).BuildUDP(Ports{Src: 2000, Dst: EchoPort}, []byte("not a ping")))
	r := p.Received()
	wantDup := []bool{false, false, true, false, true, false}
	for i, d := range r {
		if d.Dup != wantDup[i] || d.At != int64(i) || d.Ping != (i < 5) || !d.Echoed || !d.NoChecksum || d.TTL != 100 {
			t.Errorf("Received[%d] = %+v, want Dup %v", i, d, wantDup[i])
		}
	}
	if len(r) != 6 || p.Stats().Dups != 2 || r[3].Seq != 2 || r[3].Proc != 1 || r[3].Len != 32 {
		t.Errorf("Received = %+v, Dups = %d", r, p.Stats().Dups)
	}
}

func TestPeerHoldExpires(t *testing.T) {
	p := NewPeer(PeerConfig{})
	p.OnFrame(0, guestFrame(0))
	if n := p.Expire(DefaultHoldTimeout); n != 0 || p.Holding() != 1 {
		t.Fatalf("Expire(at the timeout) = %d, holding %d; want 0, 1", n, p.Holding())
	}
	if n := p.Expire(DefaultHoldTimeout + 1); n != 1 || p.Holding() != 0 || p.Stats().Expired != 1 {
		t.Fatalf("Expire(after the timeout) = %d, holding %d", n, p.Holding())
	}
	forever := NewPeer(PeerConfig{HoldTimeout: -1})
	forever.OnFrame(0, guestFrame(0))
	if forever.Expire(1<<62) != 0 || forever.Holding() != 1 {
		t.Errorf("HoldTimeout -1: held frame expired")
	}
}

func TestPeerStartAndSendUDP(t *testing.T) {
	p := NewPeer(PeerConfig{StartARPs: 3, NoPad: true})
	outs := p.Start(0)
	if len(outs) != 3 {
		t.Fatalf("Start = %d frames, want 3", len(outs))
	}
	for _, o := range outs {
		if len(o.Frame) != ARPFrameLen {
			t.Errorf("NoPad ARP request is %d bytes, want %d", len(o.Frame), ARPFrameLen)
		}
		expectFrame(t, o, isWhoHasGuest)
	}
	outs = p.SendUDP(10, Ports{Src: 5555, Dst: 2000}, []byte("x"))
	if len(outs) != 1 || p.Holding() != 1 {
		t.Fatalf("SendUDP before resolution: %d frames, holding %d", len(outs), p.Holding())
	}
	outs = p.OnFrame(20, AppendARP(nil, GatewayMAC, GuestMAC, ARPAnswer(ARPWhoHas(GatewayMAC, GatewayIP, GuestIP), GuestMAC)))
	f := expectFrame(t, outs[0])
	if len(outs) != 1 || f.Kind != KindUDP || string(f.Payload) != "x" || f.Dst != GuestMAC || p.Stats().UDPSent != 1 {
		t.Errorf("after resolution: %d frames, %v %q to %v", len(outs), f.Kind, f.Payload, f.Dst)
	}
}

// TestPeerFramesStable checks that the Out slices and frames handed out are
// never written again, across more traffic and a Reset.
func TestPeerFramesStable(t *testing.T) {
	p := NewPeer(PeerConfig{})
	var outs []Out      // every Out, copied
	var copies [][]byte // every frame, copied
	var handed [][]Out  // the slices as returned
	keep := func(o []Out) {
		handed = append(handed, o)
		for _, x := range o {
			outs = append(outs, x)
			copies = append(copies, clone(x.Frame))
		}
	}
	keep(p.OnFrame(0, guestFrame(0)))
	keep(p.OnFrame(1, NewGlue(gen2020).NetRx(outs[0].Frame).Reply))
	for seq := uint32(1); seq < 500; seq++ {
		keep(p.OnFrame(int64(seq), guestFrame(seq)))
	}
	p.Reset()
	for seq := uint32(0); seq < 500; seq++ {
		p.OnFrame(int64(seq), guestFrame(seq))
	}
	i := 0
	for _, h := range handed {
		for _, o := range h {
			if &o.Frame[0] != &outs[i].Frame[0] || o.Delay != outs[i].Delay {
				t.Fatalf("Out %d changed after it was handed out", i)
			}
			if !bytes.Equal(o.Frame, copies[i]) {
				t.Fatalf("frame %d changed after it was handed out", i)
			}
			i++
		}
	}
	if i != 1+1+499 {
		t.Errorf("%d frames, want %d", i, 1+1+499)
	}
}

// TestPeerDeterministic runs the same script twice and compares every byte
// and delay the peer produced.
func TestPeerDeterministic(t *testing.T) {
	run := func() [32]byte {
		h := sha256.New()
		p := NewPeer(PeerConfig{StartARPs: 1})
		g := NewGlue(gen2020)
		var record func([]Out)
		record = func(outs []Out) {
			for _, o := range outs {
				h.Write(o.Frame)
				h.Write([]byte{byte(o.Delay), byte(o.Delay >> 8)})
				if a := g.NetRx(o.Frame); a.Verdict == RxReply {
					record(p.OnFrame(0, a.Reply))
				}
			}
		}
		record(p.Start(0))
		for seq := uint32(0); seq < 50; seq++ {
			record(p.OnFrame(int64(seq), g.AppendPing(nil, Ports{Src: 2000, Dst: EchoPort}, 2, seq, int(seq))))
		}
		return [32]byte(h.Sum(nil))
	}
	if a, b := run(), run(); a != b {
		t.Errorf("two runs differ: %x vs %x", a, b)
	}
}

func TestPeerRecycle(t *testing.T) {
	p := NewPeer(PeerConfig{})
	first := p.OnFrame(0, guestFrame(0))
	p.Recycle()
	second := p.OnFrame(0, guestFrame(0))
	if &first[0] != &second[0] || &first[0].Frame[0] != &second[0].Frame[0] {
		t.Errorf("Recycle did not reuse the Out arena and the frame slab")
	}
	if p.Holding() != 1 || p.Stats().FramesIn != 1 || len(p.Received()) != 1 {
		t.Errorf("after Recycle: holding %d, stats %+v", p.Holding(), p.Stats())
	}
}

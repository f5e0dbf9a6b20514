package stack

import (
	"bytes"
	"net/netip"
	"testing"
)

var pdos = netip.AddrFrom4([4]byte{128, 52, 129, 126})

// hostPeer is a peer with a grader's host side and the guest's MAC known.
func hostPeer(h *HostServer) *Peer {
	p := NewPeer(PeerConfig{Delay: -1})
	p.SetServer(h)
	p.arp.add(GuestIP, GuestMAC)
	return p
}

func TestHostServerFixedReply(t *testing.T) {
	p := hostPeer(&HostServer{Port: 25099, Reply: []byte("fixed")})
	g := NewGlue(Policy{DstMAC: GatewayMAC, TTL: 100})
	outs := p.OnFrame(0, g.BuildUDP(Ports{Src: 2000, Dst: 25099}, []byte("hello")))
	if len(outs) != 1 {
		t.Fatalf("outs = %d, want 1", len(outs))
	}
	f := NewParser().Parse(outs[0].Frame)
	if f.Kind != KindUDP || string(f.Payload) != "fixed" || f.UDP.SrcPort != 25099 || f.UDP.DstPort != 2000 {
		t.Errorf("reply = %v %q ports %d->%d, want udp \"fixed\" 25099->2000", f.Kind, f.Payload, f.UDP.SrcPort, f.UDP.DstPort)
	}
}

func TestHostServerEchoAndQuiet(t *testing.T) {
	p := hostPeer(&HostServer{Port: 25099, Quiet: [][]byte{[]byte("txone")}})
	g := NewGlue(Policy{DstMAC: GatewayMAC, TTL: 100})
	if outs := p.OnFrame(0, g.BuildUDP(Ports{Src: 2003, Dst: 25099}, []byte("txone"))); len(outs) != 0 {
		t.Errorf("txone answered with %d frames, want none", len(outs))
	}
	outs := p.OnFrame(0, g.BuildUDP(Ports{Src: 2004, Dst: 25099}, []byte("a ping")))
	if len(outs) != 1 || !bytes.Contains(outs[0].Frame, []byte("a ping")) {
		t.Fatalf("echo: %d frames", len(outs))
	}
	if rs := p.Received(); len(rs) != 2 || rs[0].Echoed || !rs[1].Echoed {
		t.Errorf("received = %+v, want txone not echoed, the ping echoed", rs)
	}
}

func TestHostServerDNS(t *testing.T) {
	google := netip.AddrFrom4([4]byte{8, 8, 8, 8})
	p := hostPeer(&HostServer{Port: 1, DNS: map[string]netip.Addr{"pdos.csail.mit.edu": pdos}})
	g := NewGlue(Policy{DstMAC: BroadcastMAC, TTL: 100})
	for _, tc := range []struct {
		name  string
		rcode uint8
		want  []netip.Addr
	}{{"pdos.csail.mit.edu", DNSNoError, []netip.Addr{pdos}}, {"example.org", DNSNXDomain, nil}} {
		q := AppendDNSQuery(nil, 6828, tc.name)
		outs := p.OnFrame(0, g.AppendUDPTo(nil, google, Ports{Src: 10000, Dst: DNSPort}, q))
		if len(outs) != 1 {
			t.Fatalf("%s: %d frames, want 1", tc.name, len(outs))
		}
		f := NewParser().Parse(outs[0].Frame)
		if f.UDP.SrcIP != google || f.UDP.SrcPort != DNSPort || f.UDP.DstPort != 10000 {
			t.Errorf("%s: reply from %v:%d to port %d, want 8.8.8.8:53 to 10000", tc.name, f.UDP.SrcIP, f.UDP.SrcPort, f.UDP.DstPort)
		}
		a, err := ParseDNS(f.Payload)
		if err != nil || a.ID != 6828 || !a.Response || a.RCode != tc.rcode || len(a.A) != len(tc.want) ||
			(len(a.A) > 0 && a.A[0] != tc.want[0]) {
			t.Errorf("%s: answer %+v %v, want id 6828 rcode %d A %v", tc.name, a, err, tc.rcode, tc.want)
		}
	}
	if p.Stats().DNSAnswered != 2 {
		t.Errorf("DNSAnswered = %d, want 2", p.Stats().DNSAnswered)
	}
}

func TestParseDNSRejectsGarbage(t *testing.T) {
	if _, err := ParseDNS([]byte{1, 2, 3}); err == nil {
		t.Error("ParseDNS of 3 bytes: no error")
	}
	if _, err := AnswerDNS([]byte{1}, nil); err == nil {
		t.Error("AnswerDNS of 1 byte: no error")
	}
}

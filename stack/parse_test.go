package stack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

func TestParseGood(t *testing.T) {
	p := NewParser()
	payload := ping(4, 77, 40)
	udp := mustUDP(t, guestPing(), payload)
	req := ARPWhoHas(GatewayMAC, GatewayIP, GuestIP)
	t.Run("udp", func(t *testing.T) {
		f := p.Parse(udp)
		want := guestPing()
		if f.Kind != KindUDP || f.Err != nil || f.UDP != want || !bytes.Equal(f.Payload, payload) {
			t.Errorf("Parse = %v %v %+v payload % x, want udp %+v", f.Kind, f.Err, f.UDP, f.Payload, want)
		}
		if f.Src != GuestMAC || f.Dst != GatewayMAC || f.EtherType != 0x0800 {
			t.Errorf("Ethernet = %v -> %v type %v", f.Src, f.Dst, f.EtherType)
		}
	})
	t.Run("udp-padded-no-checksum", func(t *testing.T) {
		h := guestPing()
		h.NoChecksum = true
		f := p.Parse(mustUDP(t, h, []byte("hi"))) // gopacket pads to 60 bytes
		if f.Kind != KindUDP || string(f.Payload) != "hi" || !f.UDP.NoChecksum {
			t.Errorf("Parse = %v %v payload %q NoChecksum %v, want udp \"hi\" true", f.Kind, f.Err, f.Payload, f.UDP.NoChecksum)
		}
	})
	t.Run("arp-request", func(t *testing.T) {
		f := p.Parse(AppendARP(nil, BroadcastMAC, GatewayMAC, req)) // unpadded, 42 bytes
		if f.Kind != KindARPRequest || f.ARP != req {
			t.Errorf("Parse = %v %v %+v, want arp-request %+v", f.Kind, f.Err, f.ARP, req)
		}
	})
	t.Run("arp-reply", func(t *testing.T) {
		rep := ARPAnswer(req, GuestMAC)
		f := p.Parse(mustARP(t, GatewayMAC, GuestMAC, rep))
		if f.Kind != KindARPReply || f.ARP != rep {
			t.Errorf("Parse = %v %v %+v, want arp-reply %+v", f.Kind, f.Err, f.ARP, rep)
		}
	})
	t.Run("ip-options", func(t *testing.T) {
		f := p.Parse(withIPOptions(udp, []byte{1, 1, 1, 0}))
		if f.Kind != KindUDP || !bytes.Equal(f.Payload, payload) {
			t.Errorf("Parse(IHL 6) = %v %v, want udp", f.Kind, f.Err)
		}
	})
}

// withIPOptions inserts IPv4 options (a multiple of 4 bytes) and fixes
// lengths and checksums.
func withIPOptions(frame, opts []byte) []byte {
	hl := EthHeaderLen + IPv4HeaderLen
	f := append(append(clone(frame[:hl]), opts...), frame[hl:]...)
	ip := f[EthHeaderLen:]
	ip[0] = 0x40 | byte((IPv4HeaderLen+len(opts))/4)
	binary.BigEndian.PutUint16(ip[2:], binary.BigEndian.Uint16(ip[2:])+uint16(len(opts)))
	fixIPSum(f)
	fixUDPSum(f)
	return f
}

func TestParseBad(t *testing.T) {
	udp := mustUDP(t, guestPing(), ping(1, 1, 64))
	arp := AppendARP(nil, BroadcastMAC, GatewayMAC, ARPWhoHas(GatewayMAC, GatewayIP, GuestIP))
	set16 := func(f []byte, off int, v uint16) []byte { binary.BigEndian.PutUint16(f[off:], v); return f }
	tests := []struct {
		name  string
		frame []byte
		kind  Kind
		err   error
	}{
		{"empty", nil, KindMalformed, ErrTruncated},
		{"eth-13", udp[:13], KindMalformed, ErrTruncated},
		{"eth-only-ipv4", udp[:14], KindMalformed, ErrTruncated},
		{"ip-19", udp[:14+19], KindMalformed, ErrTruncated},
		{"ip-cut", udp[:50], KindMalformed, ErrTruncated},
		{"udp-cut", withIPLen(udp, 20+4), KindMalformed, ErrTruncated},
		{"ip-version-6", withFix(udp, func(f []byte) { f[14] = 0x65 }), KindMalformed, ErrHeader},
		{"ihl-4", withFix(udp, func(f []byte) { f[14] = 0x44 }), KindMalformed, ErrHeader},
		{"ip-len-0", withIPLen(udp, 0), KindMalformed, ErrHeader},
		{"ip-len-big", withIPLen(udp, 2000), KindMalformed, ErrTruncated},
		{"ip-checksum", set16(clone(udp), 24, 0x1234), KindMalformed, ErrChecksum},
		{"udp-checksum", withFix(udp, func(f []byte) { f[60]++ }), KindMalformed, ErrChecksum},
		{"udp-len-small", withFix(udp, func(f []byte) { set16(f, 38, 20) }), KindMalformed, ErrHeader},
		{"udp-len-big", withFix(udp, func(f []byte) { set16(f, 38, 200) }), KindMalformed, ErrHeader},
		{"ipv6", set16(clone(udp), 12, 0x86dd), KindOther, ErrEtherType},
		{"802.3-length", set16(clone(udp), 12, 100), KindOther, ErrEtherType},
		{"tcp", withFix(udp, func(f []byte) { f[23] = 6 }), KindOther, ErrUnsupported},
		{"fragment-mf", withFix(udp, func(f []byte) { set16(f, 20, 0x2000) }), KindOther, ErrUnsupported},
		{"fragment-offset", withFix(udp, func(f []byte) { set16(f, 20, 0x0001) }), KindOther, ErrUnsupported},
		{"arp-7", arp[:14+7], KindMalformed, ErrTruncated},
		{"arp-27", arp[:14+27], KindMalformed, ErrTruncated},
		{"arp-op-3", set16(clone(arp), 20, 3), KindOther, ErrUnsupported},
		{"arp-hrd-6", set16(clone(arp), 14, 6), KindOther, ErrUnsupported},
		{"arp-hln-255", withFix(arp, func(f []byte) { f[18] = 255 }), KindOther, ErrUnsupported},
		{"ip-option-bad", withIPOptions(udp, []byte{7, 9, 0, 0}), KindMalformed, ErrHeader},
	}
	p := NewParser()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := p.Parse(tt.frame)
			if f.Kind != tt.kind || !errors.Is(f.Err, tt.err) {
				t.Errorf("Parse = %v, %v; want %v, %v", f.Kind, f.Err, tt.kind, tt.err)
			}
		})
	}
}

// withFix copies frame, applies mutate, and fixes both checksums, so that
// only the mutated field is wrong.
func withFix(frame []byte, mutate func([]byte)) []byte {
	f := clone(frame)
	mutate(f)
	if binary.BigEndian.Uint16(f[12:]) == 0x0800 {
		fixIPSum(f)
	}
	return f
}

// withIPLen sets the IPv4 total length and fixes the header checksum.
func withIPLen(frame []byte, n uint16) []byte {
	return withFix(frame, func(f []byte) { binary.BigEndian.PutUint16(f[16:], n) })
}

func TestParseDoesNotAllocate(t *testing.T) {
	p := NewParser()
	udp := mustUDP(t, guestPing(), ping(1, 1, 64))
	arp := mustARP(t, BroadcastMAC, GatewayMAC, ARPWhoHas(GatewayMAC, GatewayIP, GuestIP))
	for name, frame := range map[string][]byte{"udp": udp, "arp": arp} {
		if n := testing.AllocsPerRun(100, func() { p.Parse(frame) }); n != 0 {
			t.Errorf("Parse(%s): %v allocs, want 0", name, n)
		}
	}
}

func TestKindString(t *testing.T) {
	if KindUDP.String() != "udp" || Kind(99).String() != "Kind(99)" {
		t.Errorf("Kind strings: %v %v", KindUDP, Kind(99))
	}
}

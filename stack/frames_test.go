package stack

import (
	"bytes"
	"strings"
	"testing"
)

func TestMACString(t *testing.T) {
	if got, want := GatewayMAC.String(), "52:55:0a:00:02:02"; got != want {
		t.Errorf("GatewayMAC = %s, want %s", got, want)
	}
	if got := slirpMAC(DNSIP); got != DNSMAC {
		t.Errorf("slirpMAC(%v) = %v, want %v", DNSIP, got, DNSMAC)
	}
}

func TestAppendARPMatchesGopacket(t *testing.T) {
	req := ARPWhoHas(GatewayMAC, GatewayIP, GuestIP)
	tests := []struct {
		name           string
		ethDst, ethSrc MAC
		a              ARP
	}{
		{"who-has-guest", BroadcastMAC, GatewayMAC, req},
		{"reply-to-peer", GatewayMAC, GuestMAC, ARPAnswer(req, GuestMAC)},
		{"odd-op", MAC{1, 2, 3, 4, 5, 6}, GuestMAC, ARP{Op: 9, SenderIP: ip4("1.2.3.4"), TargetIP: ip4("255.255.255.255")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := mustARP(t, tt.ethDst, tt.ethSrc, tt.a)
			got := AppendARP([]byte{0xaa}, tt.ethDst, tt.ethSrc, tt.a)
			if got[0] != 0xaa || !bytes.Equal(got[1:], want[:ARPFrameLen]) {
				t.Errorf("AppendARP = % x\nwant        % x", got[1:], want[:ARPFrameLen])
			}
			if len(want) != MinFrameLen || !bytes.Equal(want[ARPFrameLen:], make([]byte, MinFrameLen-ARPFrameLen)) {
				t.Errorf("gopacket frame is %d bytes, padding % x", len(want), want[ARPFrameLen:])
			}
			if padded := PadFrame(AppendARP(nil, tt.ethDst, tt.ethSrc, tt.a), 0); !bytes.Equal(padded, want) {
				t.Errorf("PadFrame(AppendARP) = % x, want % x", padded, want)
			}
		})
	}
}

func TestARPAnswer(t *testing.T) {
	req := ARPWhoHas(GatewayMAC, GatewayIP, GuestIP)
	got := ARPAnswer(req, GuestMAC)
	want := ARP{Op: ARPReply, SenderMAC: GuestMAC, SenderIP: GuestIP, TargetMAC: GatewayMAC, TargetIP: GatewayIP}
	if got != want {
		t.Errorf("ARPAnswer = %+v, want %+v", got, want)
	}
}

func TestEncodeRejectsNonIPv4(t *testing.T) {
	h := guestPing()
	h.DstIP = ip4("::1")
	if _, err := EncodeUDP(h, nil); err == nil || !strings.Contains(err.Error(), "IPv4") {
		t.Errorf("EncodeUDP(IPv6 dst) error = %v, want an IPv4 complaint", err)
	}
	if _, err := EncodeUDP(guestPing(), make([]byte, 70000)); err == nil {
		t.Errorf("EncodeUDP(70000-byte payload) succeeded")
	}
	if _, err := EncodeARP(BroadcastMAC, GuestMAC, ARP{Op: ARPRequest}); err == nil {
		t.Errorf("EncodeARP(no addresses) succeeded")
	}
	if _, err := NewUDPTemplate(h, false); err == nil {
		t.Errorf("NewUDPTemplate(IPv6 dst) succeeded")
	}
}

func TestPadFrame(t *testing.T) {
	for _, n := range []int{0, 1, 42, 59, 60, 61} {
		got := PadFrame(append([]byte{7, 7}, bytes.Repeat([]byte{1}, n)...), 2)
		if want := 2 + max(n, MinFrameLen); len(got) != want {
			t.Errorf("PadFrame(%d bytes) = %d bytes, want %d", n, len(got), want)
		}
		if bytes.Count(got[2:], []byte{0}) != max(0, MinFrameLen-n) {
			t.Errorf("PadFrame(%d bytes): padding is not zeros: % x", n, got)
		}
	}
}

package stack

import "testing"

func TestPingRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		proc uint16
		seq  uint32
		size int
	}{{0, 0, 0}, {1, 2, 10}, {65535, 1<<32 - 1, 11}, {7, 300, 1400}} {
		p := EncodePing(make([]byte, 2000), tt.proc, tt.seq, tt.size)
		if want := max(tt.size, PingHeaderLen); len(p) != want {
			t.Errorf("EncodePing(size %d) = %d bytes, want %d", tt.size, len(p), want)
		}
		proc, seq, ok := DecodePing(p)
		if !ok || proc != tt.proc || seq != tt.seq {
			t.Errorf("DecodePing = %d %d %v, want %d %d true", proc, seq, ok, tt.proc, tt.seq)
		}
	}
}

func TestPingRejectsDamage(t *testing.T) {
	p := ping(3, 1000, 64)
	for i := range p {
		if i >= 4 && i < PingHeaderLen {
			continue // proc and seq bytes: another valid header, usually caught by the filler
		}
		q := clone(p)
		q[i] ^= 0x40
		if _, _, ok := DecodePing(q); ok {
			t.Errorf("DecodePing accepted a flip at byte %d", i)
		}
	}
	if _, _, ok := DecodePing(p[:PingHeaderLen-1]); ok {
		t.Errorf("DecodePing accepted %d bytes", PingHeaderLen-1)
	}
	stale := append(clone(p[:32]), ping(3, 999, 64)[32:]...)
	if _, _, ok := DecodePing(stale); ok {
		t.Errorf("DecodePing accepted a payload whose tail belongs to another sequence number")
	}
}

func TestEncodePingShortBufferPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("EncodePing into a short buffer did not panic")
		}
	}()
	EncodePing(make([]byte, 20), 1, 1, 21)
}

// TestPingFillerFormat pins the filler byte by byte: byte i is base + i.
func TestPingFillerFormat(t *testing.T) {
	p := ping(0xbeef, 0xdeadbeef, 1000)
	b := pingFillerBase(0xbeef, 0xdeadbeef)
	for i := PingHeaderLen; i < len(p); i++ {
		if p[i] != b+byte(i) {
			t.Fatalf("filler byte %d = %#x, want %#x", i, p[i], b+byte(i))
		}
	}
}

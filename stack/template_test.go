package stack

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestTemplateMatchesGopacket compares the fast builder with gopacket's
// SerializeLayers over payload sizes around the padding and odd-length
// boundaries, random payloads, ports and IDs, with and without checksum.
func TestTemplateMatchesGopacket(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, 2, 3, 7, 17, 18, 19, 63, 64, 65, 1000, 1472, 4000}
	for _, noSum := range []bool{false, true} {
		for _, pad := range []bool{false, true} {
			h := guestPing()
			h.NoChecksum = noSum
			tm, err := NewUDPTemplate(h, pad)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range sizes {
				payload := make([]byte, n)
				for i := range payload {
					payload[i] = byte(r.Uint32())
				}
				h.SrcPort, h.DstPort, h.ID = uint16(r.Uint32()), uint16(r.Uint32()), uint16(r.Uint32())
				want := mustUDP(t, h, payload)
				if !pad {
					want = want[:UDPFrameOverhead+n]
				}
				got := tm.Append([]byte{0xee}, h.Ports(), h.ID, payload)
				if got[0] != 0xee || !bytes.Equal(got[1:], want) {
					t.Fatalf("noSum=%v pad=%v n=%d:\n got % x\nwant % x", noSum, pad, n, got[1:], want)
				}
			}
		}
	}
}

// TestTemplateZeroChecksum builds a payload whose UDP checksum computes to 0,
// which must go on the wire as 0xffff (RFC 768), as gopacket does.
func TestTemplateZeroChecksum(t *testing.T) {
	h := guestPing()
	tm, err := NewUDPTemplate(h, true)
	if err != nil {
		t.Fatal(err)
	}
	payload := []byte{1, 2, 3, 4, 0, 0}
	f := tm.Append(nil, h.Ports(), 0, payload)
	c := binary.BigEndian.Uint16(f[offUDPSum:])
	binary.BigEndian.PutUint16(payload[4:], c) // adds ^sum: the sum becomes 0xffff
	f = tm.Append(nil, h.Ports(), 0, payload)
	if got := binary.BigEndian.Uint16(f[offUDPSum:]); got != 0xffff {
		t.Errorf("UDP checksum = 0x%04x, want 0xffff", got)
	}
	if want := mustUDP(t, h, payload); !bytes.Equal(f, want) {
		t.Errorf("frame differs from gopacket:\n got % x\nwant % x", f, want)
	}
}

func TestTemplateAppendPing(t *testing.T) {
	h := guestPing()
	tm, _ := NewUDPTemplate(h, false)
	for _, size := range []int{0, 10, 11, 64, 1400} {
		got := tm.AppendPing(nil, h.Ports(), 5, 3, 99, size)
		want := tm.Append(nil, h.Ports(), 5, ping(3, 99, size))
		if !bytes.Equal(got, want) {
			t.Errorf("AppendPing(size %d) differs from Append(EncodePing)", size)
		}
	}
}

func TestTemplateHeader(t *testing.T) {
	h := guestPing()
	h.NoChecksum = true
	tm, _ := NewUDPTemplate(h, false)
	h.SrcPort, h.DstPort = 0, 0
	if got := tm.Header(); got != h {
		t.Errorf("Header() = %+v, want %+v", got, h)
	}
}

func TestTemplateNoAlloc(t *testing.T) {
	h := guestPing()
	tm, _ := NewUDPTemplate(h, true)
	buf := make([]byte, 0, 2048)
	payload := ping(1, 2, 64)
	if n := testing.AllocsPerRun(100, func() { buf = tm.Append(buf[:0], h.Ports(), 1, payload) }); n != 0 {
		t.Errorf("Append: %v allocs, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { buf = tm.AppendPing(buf[:0], h.Ports(), 1, 1, 2, 64) }); n != 0 {
		t.Errorf("AppendPing: %v allocs, want 0", n)
	}
}

func TestTemplateRejectsHugePayload(t *testing.T) {
	tm, _ := NewUDPTemplate(guestPing(), false)
	defer func() {
		if recover() == nil {
			t.Errorf("Append(65508-byte payload) did not panic")
		}
	}()
	tm.Append(nil, Ports{}, 0, make([]byte, maxUDPPayload+1))
}

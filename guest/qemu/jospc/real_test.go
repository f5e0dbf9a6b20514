package jospc

import (
	"context"
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/jos"
)

// TestRealGuest runs JOS drivers through the kernel registry's seam, as
// nicsim qemu, replay --qemu and agree do: the kernel's bundled files (a
// lab tree's paths), the pings and their payload size; verdicts in the
// vocabulary shared with the simulation.
func TestRealGuest(t *testing.T) {
	needTools(t)
	k, err := guest.LookupKernel(jos.ABI)
	if err != nil || k.RealGuest == nil {
		t.Fatalf("kernel %s: %v, real guest %v", jos.ABI, err, k)
	}
	for _, tt := range []struct {
		driver, want string
		pings        int
	}{
		{"ref:jos", "pass", 3},
		{"zoo:jos/no-secrc", "corrupt-frame", 3},
		{"zoo:jos/rx-no-clear", "duplicate-packet", 150}, // its params: more frames than its ring holds
		{"zoo:jos/rx-past-buffer", "panic:fault", 3},     // every fourth frame comes into a 64-byte buffer
	} {
		dn, err := guest.ParseDriverName(tt.driver)
		if err != nil {
			t.Fatal(err)
		}
		_, files, err := k.Hosted.Bundled(dn)
		if err != nil {
			t.Fatal(err)
		}
		res, err := k.RealGuest.RunReal(context.Background(), files, tt.pings, guest.RealOptions{Payload: 40})
		if err != nil {
			t.Fatal(err)
		}
		if res.Class != tt.want {
			t.Errorf("%s: %s (%s: %s), want %s", tt.driver, res.Class, res.GuestClass, res.Message, tt.want)
		}
		if tt.want == "pass" {
			sizes := map[int]int{}
			for _, f := range res.Frames {
				sizes[len(f)]++
			}
			// ARP request and reply, 3 pings of 40 bytes, the burst of 80.
			if len(res.Frames) != 85 || sizes[14+20+8+40] != 3 || sizes[1514] != simBurst {
				t.Errorf("%s: %d frames by size %v; want 85: two ARP frames, 3 pings of 82 bytes, %d of 1514", tt.driver, len(res.Frames), sizes, simBurst)
			}
		}
	}
}

func TestCommonClass(t *testing.T) {
	for _, tt := range []struct {
		v    Verdict
		want string
	}{
		{Verdict{Panic, "kernel panic on CPU 0 at kern/e1000.c:57: PADDR called with invalid kva f0123000 (e1000_attach <- attach)"}, "panic:PADDR"},
		{Verdict{Panic, "kernel panic at kern/e1000.c:9: assertion failed: x"}, "panic:assertion"},
		{Verdict{Panic, "trap 14 (Page Fault) err=0x2 eip=0xf0101234"}, "panic:fault"},
		{Verdict{Wrong, "frame 9 (60 bytes, arp-request) is the peer's frame 1, received twice: a descriptor handed up again"}, "duplicate-packet"},
		{Verdict{Wrong, "frame 0 (arp-request) has 64 bytes, 4 more than the peer sent: the Ethernet CRC is still on"}, "corrupt-frame"},
		{Verdict{Wrong, "e1000_receive wrote 74 bytes into the 64-byte buffer it was given (returning 74)"}, "panic:fault"},
		{Verdict{Missing, "no frame reached the wire"}, "lost-packet"},
		{Verdict{Hang, "console dead"}, "hang"},
	} {
		if got := CommonClass(tt.v); got != tt.want {
			t.Errorf("CommonClass(%v) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

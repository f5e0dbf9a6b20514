package guest_test

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
	_ "github.com/nicsim/nicsim/guest/all"
)

func TestLookupKernel(t *testing.T) {
	if _, err := guest.LookupKernel("plan9"); err == nil || !strings.Contains(err.Error(), "xv6-2024") {
		t.Fatalf("LookupKernel(plan9) = %v, want an error listing the kernels", err)
	}
	k, err := guest.LookupKernel("")
	if err != nil || !k.Default {
		t.Fatalf("default kernel: %v, %v", k, err)
	}
	for _, k := range guest.Kernels() {
		// Interrupt handlers may be installed by the driver (eth) rather
		// than named; a kit with Glue finds the entry points in each
		// driver (JOS drivers name them as they like).
		for _, r := range []guest.EntryRole{guest.EntryInit, guest.EntryTransmit} {
			if k.Entry(r) == "" && (k.Hosted == nil || k.Hosted.Glue == nil) {
				t.Errorf("kernel %s has no entry point of role %d", k.Name, r)
			}
		}
		if k.NewNet == nil || k.NewWorkload == nil || len(k.Scenarios) == 0 || k.Device == "" {
			t.Errorf("kernel %s: incomplete registration", k.Name)
		}
	}
}

func TestParseDriverName(t *testing.T) {
	for _, c := range []struct {
		in   string
		want guest.DriverName
	}{
		{"model:xv6", guest.DriverName{Kind: guest.DriverModel, Kernel: "xv6"}},
		{"ref:xv6-2024", guest.DriverName{Kind: guest.DriverRef, Kernel: "xv6-2024"}},
		{"zoo:xv6/arp-reentrant", guest.DriverName{Kind: guest.DriverZoo, Kernel: "xv6", Mutant: "arp-reentrant"}},
		{"kernel/e1000.c", guest.DriverName{Kind: guest.DriverPath, Path: "kernel/e1000.c"}},
	} {
		got, err := guest.ParseDriverName(c.in)
		if err != nil || got != c.want || got.String() != c.in {
			t.Errorf("ParseDriverName(%q) = %+v, %v (String %q)", c.in, got, err, got.String())
		}
	}
	for _, bad := range []string{"", "model:", "zoo:xv6", "zoo:/x"} {
		if _, err := guest.ParseDriverName(bad); err == nil {
			t.Errorf("ParseDriverName(%q) accepted", bad)
		}
	}
}

package xv6

import (
	"strings"
	"testing"
)

// Sized rewrites the reference drivers' ring sizes.
func TestSizedRings(t *testing.T) {
	for _, name := range []string{"ref:xv6", "ref:xv6-2024"} {
		src, err := Driver(name)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Sized(src, 256)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"#define TX_RING_SIZE 256\n", "#define RX_RING_SIZE 256\n"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s sized to 256 lacks %q", name, want)
			}
		}
	}
	if _, err := Sized(nil, 12); err == nil {
		t.Error("a ring of 12 descriptors was accepted")
	}
}

package fuzzdesc

import (
	"strings"
	"testing"
)

// The seeds transmit and receive frames; the target sees them.
func TestDescriptorSeeds(t *testing.T) {
	for i, s := range Seeds() {
		if err := Descriptors(s); err != nil {
			t.Errorf("seed %d: %v", i, err)
		}
	}
}

// The invariants catch what they claim to: a frame that does not match
// the buffers read for it fails the run.
func TestDescriptorsCatchForgedFrame(t *testing.T) {
	r := newDescRig(Seeds()[0], make([]byte, descRAM))
	if err := r.setup(); err != nil {
		t.Fatal(err)
	}
	v := catch(func() { r.Transmit([]byte("not from any descriptor")) })
	if v == nil || v.Class != ClassInvariant {
		t.Fatalf("forged frame: verdict %v, want %s", v, ClassInvariant)
	}
}

// The DMA access code the invariants decode matches the trace format.
func TestAccessDecoding(t *testing.T) {
	r := newDescRig(Seeds()[0], make([]byte, descRAM))
	if err := r.setup(); err != nil {
		t.Fatal(err)
	}
	if v := r.m.Run(); !v.Pass() {
		t.Fatal(v)
	}
	n := 0
	for _, e := range r.m.Trace.All() {
		if e.Kind.Name() != kindDMARead || e.Src != r.txSrc {
			continue
		}
		s := r.m.Trace.Format(&e)
		if isTXBufRead(&e) != strings.Contains(s, `what="TX buf`) {
			t.Errorf("isTXBufRead = %v for %s", isTXBufRead(&e), s)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no TX DMA reads traced")
	}
	if s := r.d.Stats(); s.TXFrames != 2 || s.RXFrames != 2 {
		t.Errorf("seed 0 sent %d frames and received %d, want 2 and 2", s.TXFrames, s.RXFrames)
	}
}

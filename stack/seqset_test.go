package stack

import (
	"math/rand/v2"
	"testing"
)

// TestSeqSetMatchesMap checks the bitmap set against a plain map, on both
// sides of the bitmap bounds, across a reset.
func TestSeqSetMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var s seqSet
	for round := range 2 {
		model := map[uint64]bool{}
		for i := range 20000 {
			proc := uint16(r.IntN(300))
			seq := uint32(r.IntN(1 << 17))
			if i%3 == 0 {
				seq = uint32(r.IntN(100)) // dense, to get duplicates
			}
			k := uint64(proc)<<32 | uint64(seq)
			if got := s.add(proc, seq); got != model[k] {
				t.Fatalf("round %d: add(%d, %d) = %v, want %v", round, proc, seq, got, model[k])
			}
			model[k] = true
		}
		s.reset()
	}
}

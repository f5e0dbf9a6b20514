package sim

import (
	"math/bits"
	"math/rand/v2"
)

// Stream names an independent source of choices. Each component draws from
// its own stream so that a new draw in one place does not reshuffle another.
type Stream uint8

// The streams used by nicsim. Letters are used in replay files.
const (
	StreamSched    Stream = iota // a: which actor steps next
	StreamIRQ                    // b: interrupt placement
	StreamNIC                    // c: device timing
	StreamPeer                   // d: peer and wire timing
	StreamFault                  // e: injected faults
	StreamWorkload               // f: workload shape
	StreamStrategy               // g: strategy parameters (PCT priorities)
	NumStreams
)

var streamNames = [NumStreams]string{"sched", "irq", "nic", "peer", "fault", "workload", "strategy"}

func (s Stream) String() string {
	if s < NumStreams {
		return streamNames[s]
	}
	return "stream?"
}

// Source proposes choices. Implementations are the seeded PRNG and the
// fuzzer's bytes.
type Source interface {
	// Uint32n returns a value in [0, n) for stream s; n >= 1.
	Uint32n(s Stream, n uint32) uint32
}

// SeedSource derives one PCG stream per [Stream] from a seed.
type SeedSource struct {
	pcg [NumStreams]rand.PCG
}

// NewSeedSource returns the seeded source for seed.
func NewSeedSource(seed uint64) *SeedSource {
	s := &SeedSource{}
	for i := range s.pcg {
		s.pcg[i].Seed(seed, 0x9e3779b97f4a7c15*uint64(i+1)^0x6a09e667f3bcc908)
	}
	return s
}

// Uint32n implements [Source] with Lemire's multiply-shift bound.
func (s *SeedSource) Uint32n(st Stream, n uint32) uint32 {
	hi, _ := bits.Mul64(s.pcg[st].Uint64(), uint64(n))
	return uint32(hi)
}

// BytesSource reads choices from fuzz input bytes in order. When the bytes
// run out every choice is 0, which for the scheduler means "keep running the
// current actor", so short inputs mean few preemptions.
type BytesSource struct {
	b   []byte
	pos int
}

// NewBytesSource returns a source reading b.
func NewBytesSource(b []byte) *BytesSource { return &BytesSource{b: b} }

// Uint32n implements [Source]: one byte for n <= 256, more for larger n.
func (s *BytesSource) Uint32n(_ Stream, n uint32) uint32 {
	if n <= 1 {
		return 0
	}
	var v uint32
	for need := n - 1; need > 0; need >>= 8 {
		if s.pos >= len(s.b) {
			break
		}
		v = v<<8 | uint32(s.b[s.pos])
		s.pos++
	}
	return v % n
}

// Used reports how many bytes have been consumed.
func (s *BytesSource) Used() int { return s.pos }

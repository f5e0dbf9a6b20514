package stack

// seqSet remembers which (process, sequence number) pairs have been seen.
// Small processes and sequence numbers, the common case, live in bitmaps;
// the rest in a map that is only looked up, never iterated.
type seqSet struct {
	bits  [][]uint64 // bits[proc] has bit seq set once seen
	other map[uint64]struct{}
}

// Bounds of the bitmap part: 256 processes, 64Ki sequence numbers each.
const (
	seqSetProcs = 256
	seqSetSeqs  = 1 << 16
)

// add records (proc, seq) and reports whether it was already there.
func (s *seqSet) add(proc uint16, seq uint32) (dup bool) {
	if proc < seqSetProcs && seq < seqSetSeqs {
		return s.addBit(proc, seq)
	}
	k := uint64(proc)<<32 | uint64(seq)
	if _, dup = s.other[k]; dup {
		return true
	}
	if s.other == nil {
		s.other = make(map[uint64]struct{})
	}
	s.other[k] = struct{}{}
	return false
}

func (s *seqSet) addBit(proc uint16, seq uint32) bool {
	if int(proc) >= len(s.bits) {
		s.bits = append(s.bits, make([][]uint64, int(proc)+1-len(s.bits))...)
	}
	w, bit := int(seq/64), uint64(1)<<(seq%64)
	b := s.bits[proc]
	if w >= len(b) {
		b = append(b, make([]uint64, w+1-len(b))...)
		s.bits[proc] = b
	}
	dup := b[w]&bit != 0
	b[w] |= bit
	return dup
}

// reset forgets everything, keeping the memory.
func (s *seqSet) reset() {
	for i := range s.bits {
		clear(s.bits[i])
		s.bits[i] = s.bits[i][:0]
	}
	clear(s.other)
}

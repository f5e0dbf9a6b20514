package sim

// Touched is the set of RAM pages handed out through [Memory.Slice] (and so
// Read, Write and U64) since it was last cleared. A RAM buffer reused from
// run to run clears exactly those pages before the next run
// ([Touched.ClearIn]), so every run starts from the same bytes without
// paying for clearing all of RAM: a page no run has touched is still zero.
type Touched struct {
	bits []uint64
}

// mark records the pages of [off, off+n), offsets into RAM.
func (t *Touched) mark(off, n uint64) {
	if n == 0 {
		return
	}
	first, last := off/PageSize, (off+n-1)/PageSize
	for p := first; p <= last; p++ {
		w := int(p / 64)
		if w >= len(t.bits) {
			t.bits = append(t.bits, make([]uint64, w+1-len(t.bits))...)
		}
		t.bits[w] |= 1 << (p % 64)
	}
}

// ClearIn zeroes every touched page of ram and forgets them.
func (t *Touched) ClearIn(ram []byte) {
	for w, word := range t.bits {
		for word != 0 {
			bit := uint64(0)
			for word&(1<<bit) == 0 {
				bit++
			}
			word &^= 1 << bit
			off := (uint64(w)*64 + bit) * PageSize
			if off < uint64(len(ram)) {
				clear(ram[off:min(off+PageSize, uint64(len(ram)))])
			}
		}
		t.bits[w] = 0
	}
}

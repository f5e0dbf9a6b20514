package xv6

import (
	"bytes"
	"fmt"
	"strconv"
)

// DefaultRing is the ring size the bundled drivers are written with.
const DefaultRing = 16

// Ring-size lines of the reference drivers (and of the mutants that keep them).
var ringDefines = [][]byte{[]byte("#define TX_RING_SIZE 16\n"), []byte("#define RX_RING_SIZE 16\n")}

// Sized gives a bundled driver's source rings of n descriptors by rewriting
// its ring-size lines (a mutant that changes a ring's size keeps its own).
// n must be a multiple of 8 (TDLEN and RDLEN are multiples of 128 bytes).
func Sized(src []byte, n int) ([]byte, error) {
	if n == DefaultRing {
		return src, nil
	}
	if n < 8 || n%8 != 0 || n > 4096 {
		return nil, fmt.Errorf("ring of %d descriptors: want a multiple of 8", n)
	}
	for _, d := range ringDefines {
		src = bytes.Replace(src, d, bytes.Replace(d, []byte("16"), []byte(strconv.Itoa(n)), 1), 1)
	}
	return src, nil
}

package fuzz

import (
	"encoding/binary"
	"testing"

	"github.com/nicsim/nicsim/nic/e1000/props"
	"pgregory.net/rapid"
)

// FuzzDeviceRings is the rapid ring state machine of the e1000 model
// (props.DeviceMachine) driven by the fuzzer's bytes.
func FuzzDeviceRings(f *testing.F) {
	for _, x := range []uint64{1, 7, 4242} {
		f.Add(rapidSeed(x, 2000))
	}
	f.Fuzz(rapid.MakeFuzz(props.DeviceMachine(props.DeviceConfig{})))
}

// rapidSeed makes n pseudo-random 64-bit words, which rapid reads as its
// bitstream (a constant word would keep rapid's continue-coin constant).
func rapidSeed(x uint64, n int) []byte {
	b := make([]byte, 8*n)
	for i := range n {
		x = x*6364136223846793005 + 1442695040888963407
		binary.LittleEndian.PutUint64(b[8*i:], x^x>>29)
	}
	return b
}

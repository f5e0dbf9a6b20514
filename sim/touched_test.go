package sim

import (
	"bytes"
	"testing"
)

// Every page a run reaches through Slice is cleared before the next run,
// and only those: a RAM buffer reused from run to run starts each run as
// zeroed RAM would.
func TestTouchedClearsWhatRunsWrote(t *testing.T) {
	ram := make([]byte, 64*PageSize)
	var tc Touched
	mem := Memory{Base: RAMBase, B: ram, Touched: &tc}
	if err := mem.Write(RAMBase+3*PageSize+100, bytes.Repeat([]byte{7}, 2*PageSize)); err != nil {
		t.Fatal(err)
	}
	s, _ := mem.Slice(RAMBase+63*PageSize, 8) // the last page, as a device writing through a slice
	copy(s, "written!")
	ram[10*PageSize] = 9 // not through Memory: not tracked, so not cleared
	tc.ClearIn(ram)
	for p := 0; p < 64; p++ {
		page := ram[p*PageSize : (p+1)*PageSize]
		want := p == 10
		if got := !bytes.Equal(page, make([]byte, PageSize)); got != want {
			t.Errorf("page %d dirty after ClearIn: %v, want %v", p, got, want)
		}
	}
	ram[10*PageSize] = 0
	tc.ClearIn(ram) // nothing touched since: nothing to do, and no panic
}

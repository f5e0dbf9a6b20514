package nic

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// FreedPage is the error [DMA] returns for a transfer that touches a heap
// page that is not allocated.
type FreedPage struct {
	Page      uint64 // the first unallocated page touched
	Addr, Len uint64 // the transfer
}

func (f *FreedPage) Error() string {
	return fmt.Sprintf("DMA to %#x..%#x touches heap page %#x, which is not allocated",
		f.Addr, f.Addr+f.Len, f.Page)
}

// DMA returns the RAM a device transfer of n bytes at addr touches. It fails
// with a *[sim.DMAFault] outside RAM and a *[FreedPage] when the range touches
// an unallocated page of m's heap (the device fails the run with
// [sim.ClassUseAfterFree]). A zero-length transfer touches nothing and
// always succeeds. The returned slice aliases RAM.
func DMA(m *sim.Machine, addr, n uint64) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	b, err := m.Mem.Slice(addr, n)
	if err != nil {
		return nil, err
	}
	end := addr + n
	for p := addr &^ (sim.PageSize - 1); p < end; p += sim.PageSize {
		if m.Heap.Owns(p) && !m.Heap.Allocated(p) {
			return nil, &FreedPage{Page: p, Addr: addr, Len: n}
		}
	}
	return b, nil
}

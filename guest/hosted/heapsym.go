package hosted

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/xv6/kern"
	"github.com/nicsim/nicsim/sim"
)

// mbuf fields of xv6's net.h (2020-2023): next@0, head@8, len@16, buf@20
// (guest/xv6/kern lays mbufs out the same way).
var mbufFields = []struct {
	name string
	off  uint64
}{{"next", 0}, {"head", 8}, {"len", 16}, {"buf", 20}}

// heapName names an address inside a kalloc page: the fields of the mbuf
// a page holds for the mbuf ABI ("mbuf(0x80fef000).head",
// "mbuf(0x80fef000).buf[128]"), "page(0x80fef000)+16" otherwise; "" outside
// the heap. Traces are rendered after the run, so the name does not depend
// on whether the page is allocated now.
func heapName(m *sim.Machine, abi guest.ABI, addr uint64) string {
	p := addr &^ (sim.PageSize - 1)
	if !m.Heap.Owns(addr) {
		return ""
	}
	off := addr - p
	if abi != guest.ABIXV6 {
		return fmt.Sprintf("page(%#x)+%d", p, off)
	}
	for i := len(mbufFields) - 1; i >= 0; i-- {
		f := mbufFields[i]
		if off < f.off {
			continue
		}
		switch {
		case f.name == "buf" && off < f.off+kern.MbufSize:
			return fmt.Sprintf("mbuf(%#x).buf[%d]", p, off-f.off)
		case f.name == "buf":
			return fmt.Sprintf("page(%#x)+%d", p, off)
		case off == f.off:
			return fmt.Sprintf("mbuf(%#x).%s", p, f.name)
		default:
			return fmt.Sprintf("mbuf(%#x).%s+%d", p, f.name, off-f.off)
		}
	}
	return ""
}

// describeWith is the trace's symboliser: the image's symbols first, then
// the kernel heap's objects.
func (h *Host) describeWith(m *sim.Machine) func(uint64) string {
	syms, abi := h.img.symbols(), h.img.ABI()
	return func(addr uint64) string {
		s := syms.describe(addr)
		if len(s) > 1 && s[:2] == "0x" {
			if n := heapName(m, abi, addr); n != "" {
				return n
			}
		}
		return s
	}
}

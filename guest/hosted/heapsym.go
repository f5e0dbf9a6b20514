package hosted

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// heapName names an address inside a kalloc page by the kit's HeapName,
// else "page(0x80fef000)+16"; "" outside the heap. Traces are rendered
// after the run, so the name does not depend on whether the page is
// allocated now.
func heapName(m *sim.Machine, kit *guest.HostedKit, addr uint64) string {
	p := addr &^ (sim.PageSize - 1)
	if !m.Heap.Owns(addr) {
		return ""
	}
	off := addr - p
	if kit != nil && kit.HeapName != nil {
		if n := kit.HeapName(p, off); n != "" {
			return n
		}
	}
	return fmt.Sprintf("page(%#x)+%d", p, off)
}

// describeWith is the trace's symboliser: the image's symbols first, then
// the kernel heap's objects.
func (h *Host) describeWith(m *sim.Machine) func(uint64) string {
	syms, kit := h.img.symbols(), h.img.kit
	return func(addr uint64) string {
		s := syms.describe(addr)
		if len(s) > 1 && s[:2] == "0x" {
			if n := heapName(m, kit, addr); n != "" {
				return n
			}
		}
		return s
	}
}

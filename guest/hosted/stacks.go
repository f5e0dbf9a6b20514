package hosted

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
)

// Coroutine stacks sit at fixed guest addresses, right above the image's
// RAM, so that a stack address that reaches the trace (a DMA from a stack
// buffer, printf("%p") of a local, a stack overflow) is the same in every
// run, process and machine. Each stack has a PROT_NONE guard page below it:
// deep recursion faults on the guard page and becomes a "stack overflow"
// verdict instead of overwriting a neighbour. The last slot is the spare
// stack the crash landing runs on.
//
// runtime/rt.h mirrors the layout (NICSIM_STACKS_BASE, NICSIM_STACKS_SIZE;
// a kit's layout sets them with -D);
// TestStackLayoutMatchesRuntime checks that they agree. Only C runs on these
// stacks: Go is never called from the image.
const (
	stackSlot  = stackSize + pageSize
	stackSlots = nCoro + 1
	stacksSize = stackSlot * stackSlots
)

// stacksBase is where the coroutine stacks start: right above RAM.
func (h *Host) stacksBase() uint64 { return h.img.lay.Virt + ramSize }

// memEnd ends the driver's memory (RAM, then the stacks): an instrumented
// access outside [Virt, memEnd) and the register window is a wild access.
func (h *Host) memEnd() uint64 { return h.stacksBase() + stacksSize }

// mapStacks maps the coroutine stacks at stacksBase and makes the first
// page of every slot a guard page.
func (h *Host) mapStacks() error {
	var err error
	if h.stacks, err = mapFixed(h.stacksBase(), stacksSize); err != nil {
		return fmt.Errorf("hosted: coroutine stacks: %w", err)
	}
	for i := uint64(0); i < stackSlots; i++ {
		if err := h.stacks.guard(i*stackSlot, pageSize); err != nil {
			return err
		}
	}
	return nil
}

// stackLo is the lowest usable address of coroutine i's stack.
func (h *Host) stackLo(i int) uint64 { return h.stacksBase() + uint64(i)*stackSlot + pageSize }

// guardOf returns the coroutine slot whose guard page holds addr.
func (h *Host) guardOf(addr uint64) (int, bool) {
	if addr < h.stacksBase() || addr >= h.memEnd() {
		return 0, false
	}
	off := addr - h.stacksBase()
	return int(off / stackSlot), off%stackSlot < pageSize
}

// inCode reports whether addr lies in the image's code.
func (h *Host) inCode(addr uint64) bool {
	for _, s := range h.img.segs {
		if s.code && addr >= s.vaddr && addr < s.vaddr+s.memsz {
			return true
		}
	}
	return false
}

// DriverMemory is the address range of the code, data, heap and stacks of
// a loaded image of xv6's layout: code there is the driver's, and the
// sandbox traps the system calls it makes (see package sandbox). An image
// of another layout says its own ([Image.DriverMemory]).
func DriverMemory() (lo, hi uint64) { return memoryOf(guest.DefaultHostedLayout) }

// DriverMemory is the address range of the image's code, data, heap and
// stacks once loaded.
func (img *Image) DriverMemory() (lo, hi uint64) { return memoryOf(img.lay) }

func memoryOf(l guest.HostedLayout) (lo, hi uint64) {
	return l.Virt, l.Virt + ramSize + stacksSize
}

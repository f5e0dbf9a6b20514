package hosted

import "testing"

// The coroutine stacks sit below 4 GiB, like the image: a 32-bit kernel's
// driver may hand the device a (uint32_t) pointer to a stack buffer.
func TestStacksBelow4GiB(t *testing.T) {
	h := host(t, "ref:xv6")
	if lo, hi := h.stacks.addr(), h.stacks.addr()+uint64(len(h.stacks.p)); hi > 1<<32 || lo != stacksBase {
		t.Errorf("stacks at [%#x, %#x), want them at %#x", lo, hi, uint64(stacksBase))
	}
}

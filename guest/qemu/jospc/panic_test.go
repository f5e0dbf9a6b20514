package jospc

import (
	"strings"
	"testing"
)

// TestPanics: JOS's own panic, with its message and the driver's frames, and
// a CPU trap, both judged panic.
func TestPanics(t *testing.T) {
	needTools(t)
	// PADDR of an address that is already physical.
	lab := reshape(t, [2]string{"tx_ring[i].addr = PADDR(tx_bufs[i]);", "tx_ring[i].addr = PADDR((void *)PADDR(tx_bufs[i]));"})
	res := run(t, BuildConfig{Lab: lab})
	if res.Verdict.Class != Panic ||
		!strings.HasPrefix(res.Verdict.Message, "kernel panic on CPU 0 at kern/e1000.c:") ||
		!strings.Contains(res.Verdict.Message, "PADDR called with invalid kva 00") ||
		!strings.Contains(res.Verdict.Message, "e1000_attach <- attach") {
		t.Fatalf("PADDR(physical): verdict %v\n%s", res.Verdict, tail(res.Console))
	}
	// The frame read through the descriptor's physical address (no KADDR):
	// JOS maps nothing at low addresses once booted, so it faults.
	lab = reshape(t, [2]string{"memmove(buf, rx_bufs[next], n);", "memmove(buf, (void *)(uint32_t)d->addr, n);"})
	res = run(t, BuildConfig{Lab: lab})
	if res.Verdict.Class != Panic || !strings.Contains(res.Verdict.Message, "trap 14 (page fault)") ||
		!strings.Contains(res.Verdict.Message, "e1000_receive") {
		t.Fatalf("physical address as a pointer: verdict %v\n%s", res.Verdict, tail(res.Console))
	}
}

// TestNoMMIOMap: BAR0 used as a pointer without mmio_map_region does not
// fault under JOS: 0xFEBxxxxx is above KERNBASE, where JOS maps the first 256
// MiB of physical memory, so the driver reads zeros from RAM that is not there
// (STATUS reads 0) and the device never sees a register write.
func TestNoMMIOMap(t *testing.T) {
	needTools(t)
	lab := reshape(t, [2]string{"e1000 = mmio_map_region(pcif->reg_base[0], pcif->reg_size[0]);",
		"e1000 = (volatile uint32_t *)pcif->reg_base[0];"})
	res := run(t, BuildConfig{Lab: lab})
	if res.Verdict.Class != Missing || !strings.Contains(res.Console, "e1000: status 00000000") {
		t.Fatalf("no mmio_map_region: verdict %v\n%s", res.Verdict, tail(res.Console))
	}
}

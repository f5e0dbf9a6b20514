package main

import (
	"testing"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// A finding is explained kernel first: a JOS dma-fault for a kernel
// virtual address gets JOS's PADDR row, another JOS dma-fault JOS's own
// DMA row, and xv6's dma-faults keep the e1000's row (xv6 registers none).
func TestExplainKernelFirst(t *testing.T) {
	for _, c := range []struct {
		kernel, msg, title string
	}{
		{"jos", "TX descriptor 0 (tx_ring[0].addr) holds the kernel virtual address 0xf01a4000 (tx_bufs[0][0]) after attach", "kernel virtual address in a descriptor: use PADDR"},
		{"jos", "TDBAL = 0xf0120000 after attach: a kernel virtual address (tx_ring), not a physical one", "kernel virtual address in a descriptor: use PADDR"},
		{"jos", "the device read TX data at 0x9000000, outside RAM", "DMA outside RAM"},
		{"xv6", "TX descriptor 3 holds the kernel virtual address 0xf01a4000", "DMA outside RAM"},
	} {
		f := &harness.Finding{Verdict: &sim.Verdict{Class: sim.ClassDMAFault, Message: c.msg}, Tier: diag.Lab,
			Kernel: c.kernel, Device: "e1000", Result: &harness.Result{Faults: "none"}}
		e := explain(f)
		if e.Title != c.title {
			t.Errorf("%s %q: explained as %q, want %q", c.kernel, c.msg, e.Title, c.title)
		}
		if c.kernel == "xv6" {
			want, _ := diag.Lookup(sim.ClassDMAFault, "e1000")
			if e.Why != want.Why {
				t.Errorf("xv6 dma-fault: why %q, want the e1000 row's %q", e.Why, want.Why)
			}
		}
		if c.kernel == "jos" && c.title == "DMA outside RAM" {
			if want, _ := diag.Lookup(sim.ClassDMAFault, "e1000"); e.Why == want.Why {
				t.Errorf("jos dma-fault explained with the e1000 row: %q", e.Why)
			}
		}
	}
}

// A finding's run says what it sent: the datagrams configured, or, for a
// workload that counts them (JOS), the frames the driver took and the
// pings asked.
func TestPacketsLine(t *testing.T) {
	for _, c := range []struct {
		sent, packets int
		want          string
	}{
		{-1, 64, ", 64 packets"},
		{0, 1, ", 0 frames sent (1 ping asked)"},
		{1, 64, ", 1 frame sent (64 pings asked)"},
	} {
		f := &harness.Finding{Config: harness.Config{Packets: c.packets}, Result: &harness.Result{Sent: c.sent}}
		if got := packets(f); got != c.want {
			t.Errorf("packets(sent %d, packets %d) = %q, want %q", c.sent, c.packets, got, c.want)
		}
	}
}

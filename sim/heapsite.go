package sim

import (
	"fmt"
	"sort"
	"strings"
)

// NoteSite records the code address that allocated page p (the driver's
// kalloc or mbufalloc call), so that a leak can say where the pages it
// finds came from.
func (h *Heap) NoteSite(p, pc uint64) {
	if p < h.base || p >= h.end {
		return
	}
	if h.sitePC == nil {
		h.sitePC = make([]uint64, len(h.allocated))
	}
	h.sitePC[(p-h.base)/PageSize] = pc
}

// NoteFree records the code address that freed page p (the driver's kfree
// or mbuffree call), so that a later DMA into the page can say who freed it.
func (h *Heap) NoteFree(p, pc uint64) {
	if p < h.base || p >= h.end || p%PageSize != 0 {
		return
	}
	if h.freePC == nil {
		h.freePC = make([]uint64, len(h.allocated))
	}
	h.freePC[(p-h.base)/PageSize] = pc
}

// FreedAt renders where the driver freed the page holding addr, as
// " (freed at e1000.c:152 (e1000_transmit))", or "" when unknown.
func (m *Machine) FreedAt(addr uint64) string {
	if t := m.FreedSite(addr); t != "" {
		return " (freed at " + t + ")"
	}
	return ""
}

// FreedSite is where the driver freed the page holding addr,
// "e1000.c:152 (e1000_transmit)", or "" when unknown.
func (m *Machine) FreedSite(addr uint64) string {
	h := &m.Heap
	if h.freePC == nil || addr < h.base || addr >= h.end {
		return ""
	}
	pc := h.freePC[(addr-h.base)/PageSize]
	if pc == 0 {
		return ""
	}
	return m.SiteText(Where{PCs: [12]uint64{pc}, N: 1})
}

// SiteCount is a number of allocated pages and the code that allocated them.
type SiteCount struct {
	PC    uint64 // 0: allocated by the kernel model, not by the driver
	Pages int
}

// InUseBySite groups the allocated pages by allocating code, most first
// (ties by address, so the order is deterministic). Pages for which held
// returns true are left out (nil keeps every page).
func (h *Heap) InUseBySite(held func(page uint64) bool) []SiteCount {
	n := map[uint64]int{}
	for i, a := range h.allocated {
		if a && (held == nil || !held(h.base+uint64(i)*PageSize)) {
			var pc uint64
			if h.sitePC != nil {
				pc = h.sitePC[i]
			}
			n[pc]++
		}
	}
	out := make([]SiteCount, 0, len(n))
	for pc, c := range n {
		out = append(out, SiteCount{PC: pc, Pages: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pages != out[j].Pages {
			return out[i].Pages > out[j].Pages
		}
		return out[i].PC < out[j].PC
	})
	return out
}

// AllocSites renders InUseBySite(held) for a leak message, most pages first:
// "44 at e1000.c:174 (rx_take), 16 at e1000.c:75 (rx_ring_init), 3 outside the
// driver (buffers handed to it)".
func (m *Machine) AllocSites(held func(page uint64) bool) string {
	var parts []string
	for _, s := range m.Heap.InUseBySite(held) {
		where := "outside the driver (buffers handed to it)"
		if s.PC != 0 {
			if t := m.SiteText(Where{PCs: [12]uint64{s.PC}, N: 1}); t != "" {
				where = "at " + t
			} else {
				where = fmt.Sprintf("at %#x", s.PC)
			}
		}
		parts = append(parts, fmt.Sprintf("%d %s", s.Pages, where))
	}
	return strings.Join(parts, ", ")
}

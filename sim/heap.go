package sim

import "fmt"

// PageSize is the allocator's page size (xv6's PGSIZE).
const PageSize = 4096

// Heap is the kernel page allocator (xv6's kalloc/kfree) over a region of
// RAM: LIFO free list, junk fill on allocate (5) and free (1), and the checks
// xv6's kfree makes, as verdicts.
type Heap struct {
	m          *Machine
	base, end  uint64
	free       []uint64 // freed pages, reused last-freed first
	fresh      uint64   // pages below fresh were never handed out
	allocated  []bool
	sitePC     []uint64 // the code that allocated each page, if noted (heapsite.go)
	freePC     []uint64 // the code that last freed each page, if noted
	inUse      int
	FailAllocs bool // every allocation fails (fault injection)
	// FailOneIn, when > 1, fails each allocation with probability 1/FailOneIn,
	// drawn from the fault stream (swarm fault injection).
	FailOneIn int
	// Failed counts allocations that failed (exhaustion or injection).
	Failed int
	// LastFailInjected says whether the last failed allocation was an
	// injected fault rather than exhaustion.
	LastFailInjected bool
}

func (h *Heap) init(m *Machine, base, end uint64) {
	base = (base + PageSize - 1) &^ (PageSize - 1)
	h.m, h.base, h.end = m, base, end
	n := int((end - base) / PageSize)
	h.allocated = make([]bool, n)
	h.free = h.free[:0]
	h.fresh = base + uint64(n)*PageSize
}

// Alloc is kalloc: a junk-filled page, or 0 when memory is exhausted.
func (h *Heap) Alloc() uint64 {
	p := h.AllocUnfilled()
	if p != 0 {
		fill(h.m, p, 5)
	}
	return p
}

// AllocExempt is Alloc exempt from injected failures (FailAllocs,
// FailOneIn), drawing nothing from the fault stream: for pages the modelled
// kernel gives a workload, not the driver. It returns 0 only when memory is
// exhausted.
func (h *Heap) AllocExempt() uint64 {
	failAll, oneIn := h.FailAllocs, h.FailOneIn
	h.FailAllocs, h.FailOneIn = false, 0
	p := h.Alloc()
	h.FailAllocs, h.FailOneIn = failAll, oneIn
	return p
}

// AllocUnfilled is Alloc for a caller that writes every byte of the page
// itself (mbufalloc: header and buffer zeroed, the rest junk).
func (h *Heap) AllocUnfilled() uint64 {
	if len(h.free) == 0 && h.fresh == h.base {
		h.Failed++
		h.LastFailInjected = false
		return 0
	}
	if h.FailAllocs || (h.FailOneIn > 1 && h.m.Intn(StreamFault, h.FailOneIn) == h.FailOneIn-1) {
		h.Failed++
		h.LastFailInjected = true
		return 0
	}
	// As a LIFO list that starts with every page in address order: freed
	// pages first, then untouched pages from the top down.
	var p uint64
	if n := len(h.free); n > 0 {
		p, h.free = h.free[n-1], h.free[:n-1]
	} else {
		h.fresh -= PageSize
		p = h.fresh
	}
	h.allocated[(p-h.base)/PageSize] = true
	if h.sitePC != nil {
		h.sitePC[(p-h.base)/PageSize] = 0
	}
	h.inUse++
	return p
}

// Junk is the byte kalloc fills pages with.
const Junk = 5

// JunkFill fills b with kalloc's junk byte.
func JunkFill(b []byte) {
	for len(b) > 0 {
		b = b[copy(b, junk[0][:]):]
	}
}

// Free is kfree; a bad or double free fails the run.
func (h *Heap) Free(p uint64, where string) {
	if p%PageSize != 0 || p < h.base || p >= h.end {
		h.m.Fail(ClassBadFree, "panic: kfree: %#x is not a page from the allocator (in %s)", p, where)
	}
	i := (p - h.base) / PageSize
	if !h.allocated[i] {
		h.m.Fail(ClassDoubleFree, "panic: kfree: page %#x freed twice (in %s)", p, where)
	}
	h.allocated[i] = false
	h.inUse--
	fill(h.m, p, 1)
	h.free = append(h.free, p)
}

// Allocated reports whether page p is allocated.
func (h *Heap) Allocated(p uint64) bool {
	if p < h.base || p >= h.end {
		return false
	}
	return h.allocated[(p-h.base)/PageSize]
}

// InUse is the number of allocated pages.
func (h *Heap) InUse() int { return h.inUse }

// Owns reports whether addr lies in the heap region.
func (h *Heap) Owns(addr uint64) bool { return addr >= h.base && addr < h.end }

// junk pages: copying one is much faster than a byte loop.
var junk = [2][PageSize]byte{pattern(5), pattern(1)}

func pattern(b byte) (p [PageSize]byte) {
	for i := range p {
		p[i] = b
	}
	return p
}

func fill(m *Machine, p uint64, b byte) {
	s, err := m.Mem.Slice(p, PageSize)
	if err != nil {
		panic(fmt.Sprintf("sim: heap page %#x outside RAM", p))
	}
	if b == 5 {
		copy(s, junk[0][:])
	} else {
		copy(s, junk[1][:])
	}
}

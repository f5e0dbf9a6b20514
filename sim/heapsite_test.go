package sim

import "testing"

// Pages remember who allocated and freed them; the sites of pages no one
// holds are grouped, most first.
func TestHeapSites(t *testing.T) {
	m := New(Config{NCPU: 1, RAMSize: 1 << 20}, NewTape(NewSeedSource(1)))
	a, b, c := m.Heap.Alloc(), m.Heap.Alloc(), m.Heap.Alloc()
	m.Heap.NoteSite(a, 0x100)
	m.Heap.NoteSite(b, 0x100)
	m.Heap.NoteSite(c, 0x200)
	got := m.Heap.InUseBySite(nil)
	if len(got) != 2 || got[0] != (SiteCount{PC: 0x100, Pages: 2}) || got[1] != (SiteCount{PC: 0x200, Pages: 1}) {
		t.Errorf("InUseBySite = %v", got)
	}
	held := func(p uint64) bool { return p == a }
	if got := m.Heap.InUseBySite(held); len(got) != 2 || got[0].Pages != 1 || got[1].Pages != 1 {
		t.Errorf("InUseBySite(held) = %v", got)
	}
	m.Heap.Free(c, "test")
	m.Heap.NoteFree(c, 0x300)
	if p := m.Heap.Alloc(); p != c {
		t.Fatalf("Alloc = %#x, want the freed page %#x back (LIFO)", p, c)
	}
	if got := m.Heap.InUseBySite(nil); len(got) != 2 || got[1] != (SiteCount{PC: 0, Pages: 1}) {
		t.Errorf("a reallocated page keeps its old site: %v", got)
	}
}

// The lazy free list hands out pages in the order a full LIFO list would:
// freed pages first, then untouched pages from the top down.
func TestHeapOrder(t *testing.T) {
	m := New(Config{NCPU: 1, RAMSize: 1 << 20}, NewTape(NewSeedSource(1)))
	top := m.Heap.Alloc()
	next := m.Heap.Alloc()
	if next != top-PageSize {
		t.Fatalf("second page %#x, want %#x", next, top-PageSize)
	}
	m.Heap.Free(top, "test")
	if p := m.Heap.Alloc(); p != top {
		t.Errorf("after a free: %#x, want %#x", p, top)
	}
	if p := m.Heap.Alloc(); p != next-PageSize {
		t.Errorf("then %#x, want %#x", p, next-PageSize)
	}
}

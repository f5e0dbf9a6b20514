package sim

import "testing"

// A store no fence published is visible to a device's DMA read under weak
// memory order, and never under total store order.
func TestUnpublishedFollowsMemoryOrder(t *testing.T) {
	for _, tso := range []bool{false, true} {
		m := New(Config{NCPU: 1, TSO: tso}, NewTape(NewSeedSource(1)))
		c := m.CPUs[0]
		c.NoteStore(RAMBase+0x100, 16, Where{})
		_, got := m.Unpublished(RAMBase+0x108, 4)
		if got == tso {
			t.Errorf("TSO=%v: Unpublished = %v", tso, got)
		}
		c.Fence()
		if _, got := m.Unpublished(RAMBase+0x108, 4); got {
			t.Errorf("TSO=%v: a fenced store is still unpublished", tso)
		}
	}
}

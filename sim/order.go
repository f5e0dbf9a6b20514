package sim

import (
	"fmt"
	"strings"
)

// Weak-memory publication (RVWMO): a CPU's plain stores are not known to
// be visible to a device until the CPU executes a fence (xv6's
// __sync_synchronize, also inside acquire and release). Each CPU keeps the
// ranges it stored since its last fence; a strict device that DMA-reads an
// overlapping range has seen a store nobody published. Under total store
// order (Config.TSO, x86) there is no such store.

const storeSlots = 8

type store struct {
	addr, n uint64
	where   Where
}

// NoteStore records a plain store by the CPU's running context.
func (c *CPU) NoteStore(addr, n uint64, where Where) {
	if c.nstores == storeSlots {
		copy(c.stores[:], c.stores[1:])
		c.nstores--
	}
	c.stores[c.nstores] = store{addr: addr, n: n, where: where}
	c.nstores++
}

// Fence publishes the CPU's stores.
func (c *CPU) Fence() { c.nstores = 0 }

// Unpublished reports a store into [addr, addr+n) that its CPU has not
// fenced since, as a description for a failure message.
func (m *Machine) Unpublished(addr, n uint64) (string, bool) {
	if m.cfg.TSO {
		return "", false
	}
	for _, c := range m.CPUs {
		for i := c.nstores - 1; i >= 0; i-- {
			s := &c.stores[i]
			if s.addr < addr+n && addr < s.addr+s.n {
				chain := s.where.Render(m.Trace.Symbolize)
				if at := m.At(s.where); at != "" && !strings.Contains(chain, " <- ") {
					chain = "" // the site says it all
				} else {
					chain = " (in " + chain + ")"
				}
				return fmt.Sprintf("cpu%d's store to %s%s%s", c.ID, m.dataRange(s.addr, s.n), m.At(s.where), chain), true
			}
		}
	}
	return "", false
}

// dataRange names n bytes at addr: "tx_ring[0].status (0x8000826c, 1 byte)"
// when the driver's debug information names them, "0x8000826c..0x8000826d"
// otherwise.
func (m *Machine) dataRange(addr, n uint64) string {
	if m.Trace.SymbolizeData != nil {
		if s := m.Trace.SymbolizeData(addr); s != "" {
			unit := "bytes"
			if n == 1 {
				unit = "byte"
			}
			return fmt.Sprintf("%s (%#x, %d %s)", s, addr, n, unit)
		}
	}
	return fmt.Sprintf("%#x..%#x", addr, addr+n)
}

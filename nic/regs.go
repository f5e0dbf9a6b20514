package nic

import "fmt"

// Space is an address space in which a device decodes register accesses.
type Space uint8

const (
	// MMIO is the memory-mapped register window (a BAR in memory space).
	MMIO Space = iota
	// Port is the I/O port window (a BAR in I/O space, reached by inb/outb).
	Port
)

func (s Space) String() string {
	switch s {
	case MMIO:
		return "mmio"
	case Port:
		return "port"
	}
	return fmt.Sprintf("space(%d)", uint8(s))
}

// Reg is one register as the datasheet names it.
type Reg struct {
	Name  string // "TDT", "SCB.STATACK"
	Space Space
	Off   uint32 // byte offset into its window
	Width int    // bytes: 1, 2 or 4
}

// Window is one register window of the device.
type Window struct {
	Space Space
	Size  uint32 // bytes
	// Align is the smallest access the device decodes: 4 when it decodes
	// whole dwords only (the 82540EM), 1 when byte registers are separate
	// (the 82557). A host widens narrower accesses to it.
	Align int
}

// RegArray is a run of equal registers named with an index ("MTA[3]").
type RegArray struct {
	Name   string // "MTA"
	Space  Space
	Off    uint32 // the first register's offset
	Count  int
	Stride uint32 // bytes between registers
}

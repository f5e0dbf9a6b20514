package sim

import (
	"encoding/binary"
	"fmt"
)

// Guest physical layout, as in xv6 on QEMU's virt machine.
const (
	RAMBase  uint64 = 0x80000000 // KERNBASE
	MMIOBase uint64 = 0x40000000 // e1000 BAR0 as xv6's pci_init sets it
	MMIOSize uint64 = 0x20000    // 128 KiB register window
)

// Layout is where RAM sits: at Phys on the device's bus (the addresses a
// driver puts in descriptors and base registers) and at Virt for the
// kernel's CPUs. xv6 maps it at 0x80000000 with physical = virtual; JOS
// at KERNBASE (0xF0000000) over physical 0, so PADDR(va) = va - KERNBASE.
type Layout struct {
	Phys, Virt uint64
}

// DefaultLayout is xv6's: RAM at RAMBase, physical = virtual.
var DefaultLayout = Layout{Phys: RAMBase, Virt: RAMBase}

// Virtual is the CPU address of bus address pa.
func (l Layout) Virtual(pa uint64) uint64 { return pa - l.Phys + l.Virt }

// Physical is the bus address of CPU address va.
func (l Layout) Physical(va uint64) uint64 { return va - l.Virt + l.Phys }

// Memory is simulated physical RAM at [Base, Base+len(B)). For hosted C
// drivers B is the real mapping at the guest's addresses, so descriptor
// addresses read the same as in the real kernel.
type Memory struct {
	Base uint64
	B    []byte
	// Touched, when set, records the pages every Slice hands out (see
	// [Touched]); Config.RAMTouched sets it.
	Touched *Touched
}

// Contains reports whether [addr, addr+n) lies in RAM.
func (m *Memory) Contains(addr, n uint64) bool {
	return addr >= m.Base && n <= uint64(len(m.B)) && addr-m.Base <= uint64(len(m.B))-n
}

// Slice returns the bytes at [addr, addr+n), or an error naming the range.
func (m *Memory) Slice(addr, n uint64) ([]byte, error) {
	if !m.Contains(addr, n) {
		return nil, &DMAFault{Addr: addr, Len: n}
	}
	o := addr - m.Base
	if m.Touched != nil {
		m.Touched.mark(o, n)
	}
	return m.B[o : o+n : o+n], nil
}

// Read copies RAM at addr into p.
func (m *Memory) Read(addr uint64, p []byte) error {
	s, err := m.Slice(addr, uint64(len(p)))
	if err != nil {
		return err
	}
	copy(p, s)
	return nil
}

// Write copies p into RAM at addr.
func (m *Memory) Write(addr uint64, p []byte) error {
	s, err := m.Slice(addr, uint64(len(p)))
	if err != nil {
		return err
	}
	copy(s, p)
	return nil
}

// U64 reads a little-endian uint64 (0 and an error outside RAM).
func (m *Memory) U64(addr uint64) (uint64, error) {
	s, err := m.Slice(addr, 8)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(s), nil
}

// DMAFault is an access outside simulated RAM.
type DMAFault struct {
	Addr, Len uint64
}

func (f *DMAFault) Error() string {
	return fmt.Sprintf("DMA to %#x..%#x outside RAM", f.Addr, f.Addr+f.Len)
}

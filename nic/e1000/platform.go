package e1000

import (
	"fmt"

	"github.com/nicsim/nicsim/nic"
)

var _ nic.Device = (*Device)(nil)

// RegRead implements [nic.Device]. The 82540EM decodes whole dwords: a
// narrower read returns its bytes of the dword, as QEMU's memory core does.
func (d *Device) RegRead(s nic.Space, off uint32, width int) uint32 {
	if s != nic.MMIO {
		return 0
	}
	v := d.Read(off)
	if width >= 4 {
		return v
	}
	return (v >> (8 * (off & 3))) & (1<<(8*width) - 1)
}

// RegWrite implements [nic.Device]. A narrower write reaches the dword with
// zeros in the bytes it does not cover, as QEMU's memory core widens it.
func (d *Device) RegWrite(s nic.Space, off uint32, width int, v uint32) {
	if s != nic.MMIO {
		return
	}
	if width < 4 {
		v = (v & (1<<(8*width) - 1)) << (8 * (off & 3))
	}
	d.Write(off, v)
}

// ringDeclRegs are TDBAL, TDLEN, RDBAL, RDLEN, whose writes declare the
// rings to the host.
var ringDeclRegs = [4]uint32{TDBAL, TDLEN, RDBAL, RDLEN}

// declare follows the ring base and length registers as the driver writes
// them and declares each ring they describe as memory the device will DMA
// (bases rounded down to 16 bytes, as the device reads them).
func (d *Device) declare(off, v uint32) {
	if d.dmaVisible == nil {
		return
	}
	for i, r := range ringDeclRegs {
		if r != off {
			continue
		}
		d.decl[i] = v
		for j := 0; j < 4; j += 2 {
			if base, n := uint64(d.decl[j]&^0xF), uint64(d.decl[j+1]); base != 0 && n != 0 {
				d.dmaVisible(base, n)
			}
		}
	}
}

// Capacity implements [nic.Device]: the descriptors of each ring.
func (d *Device) Capacity() (tx, rx int) {
	return int(d.r.td.size()), int(d.r.rd.size())
}

// Overran implements [nic.Device]: frames dropped for want of descriptors
// or room in the packet buffer, or QEMU's hold-back queue overflowing.
func (d *Device) Overran() bool { return d.stats.RXOverrun > 0 || d.stats.RXQueueFull > 0 }

// Summary implements [nic.Device].
func (d *Device) Summary() string {
	_, tn, th, tt := d.TXRing()
	_, rn, rh, rt := d.RXRing()
	s := d.stats
	return fmt.Sprintf("device: TX ring of %d TDH=%d TDT=%d, %d frames sent; RX ring of %d RDH=%d RDT=%d, %d frames received, %d dropped, %d waiting; %d interrupts%s",
		tn, th, tt, s.TXFrames, rn, rh, rt, s.RXFrames, s.RXDropped, d.Pending(), s.Interrupts, d.cmdSummary())
}

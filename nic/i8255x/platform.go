package i8255x

import (
	"fmt"

	"github.com/nicsim/nicsim/nic"
)

var (
	_ nic.Device       = (*Device)(nil)
	_ nic.StallChecker = (*Device)(nil)
)

// RegRead implements [nic.Device] ([Device.Read]).
func (d *Device) RegRead(s nic.Space, off uint32, width int) uint32 { return d.Read(s, off, width) }

// RegWrite implements [nic.Device] ([Device.Write]).
func (d *Device) RegWrite(s nic.Space, off uint32, width int, v uint32) { d.Write(s, off, width, v) }

// Capacity implements [nic.Device]: the CBs of the CBL and the RFDs of the
// RFA as walked from the last CU start and RU start.
func (d *Device) Capacity() (tx, rx int) {
	if d.cu.start != 0 {
		tx = len(d.listView("CBL").Slots)
	}
	if d.ru.start != 0 {
		rx = len(d.listView("RFA").Slots)
	}
	return tx, rx
}

// Overran implements [nic.Device]: frames dropped because the RU was not
// ready (no RFDs) or the strict receive FIFO was full.
func (d *Device) Overran() bool { return d.stats.RXNoResources > 0 || d.stats.RXOverrun > 0 }

// Summary implements [nic.Device].
func (d *Device) Summary() string {
	s := d.stats
	return fmt.Sprintf("device: CU %s next CB %#x, %d CBs done, %d frames sent; RU %s next RFD %#x, %d frames received, %d dropped (%d RU not ready), %d waiting; %d RNR, %d interrupts",
		cuName(d.cus), d.cuAddr(), s.CBs, s.TXFrames, ruName(d.rus), d.ruAddr(), s.RXFrames, s.RXDropped, s.RXNoResources, d.Pending(), s.RNR, s.Interrupts) + d.blindNote()
}

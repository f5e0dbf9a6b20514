package i8255x

import "github.com/nicsim/nicsim/nic"

// Read returns width bytes (1, 2 or 4) of the CSR at byte offset off of a
// window (SpaceMMIO or SpaceIO; the CSR decodes the same through both),
// little-endian. Offsets past the CSR read 0. Reading the EEPROM control
// register samples EEDO (QEMU also returns it for a dword read at 0x0C).
func (d *Device) Read(space nic.Space, off uint32, width int) uint32 {
	off &= d.windowMask(space)
	if width == 4 && off == FlashCtl && !d.strict() {
		// QEMU eepro100_read4: a dword at 0x0C is the EEPROM register.
		return d.Read(space, EEPROMCtl, 2)
	}
	var v uint32
	for i := width - 1; i >= 0; i-- {
		v = v<<8 | uint32(d.readByte(off+uint32(i), width))
	}
	return v
}

// Write stores the width low bytes of v (1, 2 or 4) at byte offset off of a
// window with the side effects QEMU's eepro100_write1/2/4 give that access
// (spec §8): a byte at 0x01 or a word at 0x00 acknowledges causes, the
// command byte issues commands, the high byte of PORT, MDI and the EEPROM
// register act. A dword at 0x00 stores all four bytes in QEMU without
// acting; strict applies each byte's meaning (the status byte is
// read-only).
func (d *Device) Write(space nic.Space, off uint32, width int, v uint32) {
	off &= d.windowMask(space)
	if off >= csrSize {
		return
	}
	switch width {
	case 1:
		d.write1(off, uint8(v))
	case 2:
		d.write2(off, uint16(v))
	case 4:
		d.write4(off, v)
	}
}

// windowMask folds an offset into the window (both BARs are powers of two).
func (d *Device) windowMask(space nic.Space) uint32 {
	if space == SpaceIO {
		return IOSize - 1
	}
	return MMIOSize - 1
}

func (d *Device) readByte(off uint32, width int) uint8 {
	if off >= csrSize {
		return 0
	}
	switch {
	case off == SCBStatus:
		return d.cus<<6 | d.rus<<2
	case off == EEPROMCtl:
		return d.csr[off]&^EEDO | d.ee.do()*EEDO
	case off >= PORT && off < PORT+4:
		return 0 // QEMU: PORT reads 0
	case off == MDICtl+3 && !d.strict():
		return d.csr[off] | MDIReady>>24 // QEMU: MDI reads show ready
	case off == GenStatus && !d.strict():
		return 0x07
	case off == SCBStatAck && (width == 1 || d.irq.entered):
		// The causes the handler acts on: its first read of STAT/ACK, and
		// every read of the STAT/ACK byte alone (a word read at 0x00 later
		// in the handler is most often for the CU or RU state).
		d.irq.fresh, d.irq.entered = 0, false
	case off == SCBIntMask && d.strict():
		return d.csr[off] &^ IntSI // SI reads 0 (it triggers, it does not stay)
	}
	return d.csr[off]
}

// store puts bytes of v into the CSR without side effects.
func (d *Device) store(off uint32, v uint32, n int) {
	for i := 0; i < n && off+uint32(i) < csrSize; i++ {
		d.csr[off+uint32(i)] = uint8(v >> (8 * i))
	}
}

// write1 is a byte write (QEMU eepro100_write1).
func (d *Device) write1(off uint32, v uint8) {
	switch off {
	case SCBStatus:
		return // read-only
	case SCBStatAck:
		d.acknowledge(v)
	case SCBCmd:
		d.writeCommand(v)
	case SCBIntMask:
		d.writeIntMask(v)
	case PORT + 3:
		d.store(off, uint32(v), 1)
		d.writePORT()
	case EEPROMCtl:
		d.store(off, uint32(v), 1)
		d.writeEEPROM(v)
	case MDICtl + 3:
		d.store(off, uint32(v), 1)
		d.writeMDI()
	default:
		d.checkPointerWrite(off, uint32(v), 1)
		d.store(off, uint32(v), 1)
	}
}

// write2 is a word write (QEMU eepro100_write2).
func (d *Device) write2(off uint32, v uint16) {
	switch off {
	case SCBStatus:
		d.acknowledge(uint8(v >> 8))
	case SCBCmd:
		d.writeCommand(uint8(v))
		d.writeIntMask(uint8(v >> 8))
	case PORT + 2:
		d.store(off, uint32(v), 2)
		d.writePORT()
	case EEPROMCtl:
		d.store(off, uint32(v), 2)
		d.writeEEPROM(uint8(v))
	case MDICtl + 2:
		d.store(off, uint32(v), 2)
		d.writeMDI()
	default:
		d.writeBytes(off, uint32(v), 2)
	}
}

// write4 is a dword write (QEMU eepro100_write4).
func (d *Device) write4(off uint32, v uint32) {
	switch off {
	case SCBStatus:
		if d.strict() {
			d.writeBytes(off+1, v>>8, 3)
			return
		}
		d.writeSCBRaw(v)
	case PORT:
		d.store(off, v, 4)
		d.writePORT()
	case FlashCtl:
		d.store(off, v, 4)
		d.writeEEPROM(uint8(v >> 16))
	case MDICtl:
		d.store(off, v, 4)
		d.writeMDI()
	default:
		d.writeBytes(off, v, 4)
	}
}

// writeBytes is an access with no meaning of its own: QEMU stores it
// (except into the read-only status byte); strict gives each byte the
// meaning of a byte write, so that an acknowledgement or command is never
// silently bypassed.
func (d *Device) writeBytes(off uint32, v uint32, n int) {
	d.checkPointerWrite(off, v, n)
	for i := 0; i < n && off+uint32(i) < csrSize; i++ {
		o, b := off+uint32(i), uint8(v>>(8*i))
		if d.strict() || o <= SCBIntMask {
			d.write1(o, b)
		} else {
			d.store(o, uint32(b), 1)
		}
	}
}

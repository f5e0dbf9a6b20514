package i8255x

// phyRegs is how many PHY registers the model keeps (QEMU models 0-6).
const phyRegs = 8

// phyAddr is the MII address of the only PHY (EEPROM word 6).
const phyAddr = 1

// phyDefault are the PHY registers after reset (QEMU eepro100_mdi_default):
// BMCR, BMSR, the PHY ID 0x02A8/0x0154, advertisement.
var phyDefault = [phyRegs]uint16{0x3000, 0x780d, 0x02a8, 0x0154, 0x05e1, 0x0000, 0x0000, 0x0000}

// phyReadOnly are the bits of each register a write keeps (QEMU
// eepro100_mdi_mask).
var phyReadOnly = [phyRegs]uint16{0x0000, 0xffff, 0xffff, 0xffff, 0xc01f, 0xffff, 0xffff, 0x0000}

func (d *Device) resetPHY() { d.phy = phyDefault }

// writeMDI runs the MDI cycle the control register describes (QEMU
// eepro100_write_mdi): only PHY address 1 answers, registers 0-6; the cycle
// completes at once, setting R and latching the MDI cause, which raises
// the interrupt when IE is set (strict latches it only then).
func (d *Device) writeMDI() {
	v := le.Uint32(d.csr[MDICtl:])
	op, phy, reg := v>>26&3, v>>21&0x1F, v>>16&0x1F
	data := uint16(v)
	if phy != phyAddr || (op != mdiOpWrite && op != mdiOpRead) || reg > 6 {
		d.m.Emit(d.src, kindMDI, uint64(op), uint64(phy)<<8|uint64(reg), 0xFFFF)
		return
	}
	if op == mdiOpWrite {
		d.writePHY(reg, data)
	}
	if reg == 1 {
		d.phy[1] |= 0x0020 // autonegotiation complete
	}
	if reg == 5 {
		d.phy[5] = 0x41fe // link partner ability
	}
	data = d.phy[reg]
	v = v&0xFFFF0000 | MDIReady | uint32(data)
	le.PutUint32(d.csr[MDICtl:], v)
	d.m.Emit(d.src, kindMDI, uint64(op), uint64(phy)<<8|uint64(reg), uint64(data))
	switch {
	case v&MDIIE != 0:
		d.raise(MDI)
	case !d.strict():
		d.csr[SCBStatAck] |= MDI // QEMU latches it without touching the pin
	}
}

// writePHY stores a PHY register write; BMCR reset (bit 15) restores BMCR
// and BMSR, and restart-autonegotiation (bit 9) completes at once.
func (d *Device) writePHY(reg uint32, data uint16) {
	if reg == 0 {
		if data&0x8000 != 0 {
			d.phy[0], d.phy[1] = phyDefault[0], phyDefault[1]
			return
		}
		data &^= 0x0200
	}
	d.phy[reg] = d.phy[reg]&phyReadOnly[reg] | data&^phyReadOnly[reg]
}

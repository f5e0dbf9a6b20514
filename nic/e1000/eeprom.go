package e1000

// eepromWords is the size of the 82540EM's EEPROM in 16-bit words.
const eepromWords = 64

// eepromSum is what the 16-bit sum of all EEPROM words must be (Linux
// EEPROM_SUM); word 0x3F is chosen to make it so.
const eepromSum = 0xBABA

// eepromTemplate is QEMU's e1000_eeprom_template: words 0-2 are filled with
// the MAC and word 0x3F with the checksum; 0x0B and 0x0D hold the device ID.
var eepromTemplate = [eepromWords]uint16{
	0x0000, 0x0000, 0x0000, 0x0000, 0xffff, 0x0000, 0x0000, 0x0000,
	0x3000, 0x1000, 0x6403, 0x100e, 0x8086, 0x100e, 0x8086, 0x3040,
	0x0008, 0x2000, 0x7e14, 0x0048, 0x1000, 0x00d8, 0x0000, 0x2700,
	0x6cc9, 0x3150, 0x0722, 0x040b, 0x0984, 0x0000, 0xc000, 0x0706,
	0x1008, 0x0000, 0x0f04, 0x7fff, 0x4d01, 0xffff, 0xffff, 0xffff,
	0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff,
	0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff,
	0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0x0000,
}

// eepromImage is the EEPROM contents for a MAC (QEMU
// e1000x_core_prepare_eeprom): word i of 0-2 is MAC[2i] | MAC[2i+1]<<8.
func eepromImage(mac [6]byte) [eepromWords]uint16 {
	e := eepromTemplate
	for i := 0; i < 3; i++ {
		e[i] = uint16(mac[2*i]) | uint16(mac[2*i+1])<<8
	}
	var sum uint16
	for _, w := range e[:eepromWords-1] {
		sum += w
	}
	e[eepromWords-1] = eepromSum - sum
	return e
}

// readEERD computes an EEPROM read at read time, as QEMU's flash_eerd_read
// does: DONE is visible on the first read after START is written. Without
// START the stored value is returned; past the last word, DONE and no data.
func (d *Device) readEERD() uint32 {
	v := d.r.eerd
	if v&eerdStart == 0 {
		return v
	}
	r := v &^ eerdStart
	addr := r >> eerdAddrShift
	if addr >= eepromWords {
		return eerdDone | r
	}
	return uint32(d.eeprom[addr])<<eerdDataShift | eerdDone | r
}

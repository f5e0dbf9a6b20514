package i8255x

// eepromWords is the size of the 82557's EEPROM (6 address bits).
const (
	eepromWords    = 64
	eepromAddrBits = 6
	eepromSum      = 0xBABA // the 16-bit sum of all words
)

// eeprom is a 93C46-style Microwire serial EEPROM as QEMU's eeprom93xx
// models it: on each rising edge of EESK with EECS high it shifts in EEDI:
// a start bit, two opcode bits (10 = read), the address, then it shifts
// the word out on EEDO, most significant bit first, after a dummy 0.
type eeprom struct {
	words   [eepromWords]uint16
	cs, sk  bool
	out     bool // EEDO
	tick    int
	command uint8
	address uint16
	data    uint16
}

// load fills the image for a MAC (QEMU's eepro100 image for the 82557B:
// words 0-2 the MAC, word 5 0x0100, word 6 the PHY at MII address 1, the
// last word making the sum 0xBABA) and idles the interface.
func (e *eeprom) load(mac [6]byte) {
	e.words = [eepromWords]uint16{}
	for i := 0; i < 3; i++ {
		e.words[i] = uint16(mac[2*i]) | uint16(mac[2*i+1])<<8
	}
	e.words[5] = 0x0100
	e.words[6] = 0x0001
	var sum uint16
	for _, w := range e.words[:eepromWords-1] {
		sum += w
	}
	e.words[eepromWords-1] = eepromSum - sum
	e.cs, e.sk, e.out, e.tick = false, false, true, 0
}

func (e *eeprom) do() uint8 {
	if e.out {
		return 1
	}
	return 0
}

// write applies a write of the EEPROM control byte.
func (e *eeprom) write(cs, sk, di bool) (read bool, addr uint16) {
	switch {
	case cs && !e.cs:
		e.tick, e.command, e.address = 0, 0, 0
	case !cs && e.cs:
		e.out = true // DO is tristate: reads 1
	case cs && !e.sk && sk:
		read, addr = e.clock(di)
	}
	e.cs, e.sk = cs, sk
	return read, addr
}

// clock shifts one bit in (and out), reporting when a read command has
// received its address.
func (e *eeprom) clock(di bool) (bool, uint16) {
	bit := uint16(0)
	if di {
		bit = 1
	}
	switch {
	case e.tick == 0:
		// Wait for the start bit (QEMU: a 1 right away is taken as the
		// second start bit, for Linux).
		e.tick = 1
		if di {
			e.tick = 2
		}
	case e.tick == 1:
		if di {
			e.tick = 2
		}
	case e.tick < 4:
		e.tick++
		e.command = e.command<<1 | uint8(bit)
	case e.tick < 4+eepromAddrBits:
		e.tick++
		e.address = e.address<<1 | bit
		if e.tick == 4+eepromAddrBits {
			return e.addressed()
		}
	case e.tick < 4+eepromAddrBits+16:
		e.tick++
		if e.command == 2 {
			e.out = e.data&0x8000 != 0
		}
		e.data = e.data<<1 | bit
	}
	return false, 0
}

// addressed ends the address phase: a read drives the dummy 0 and latches
// the word.
func (e *eeprom) addressed() (bool, uint16) {
	e.address %= eepromWords
	if e.command == 0 {
		return false, 0 // EWDS/WRAL/ERAL/EWEN: the image is read-only here
	}
	e.data = e.words[e.address]
	if e.command == 2 {
		e.out = false
		return true, e.address
	}
	return false, 0
}

// writeEEPROM is a write of the EEPROM control register's low byte.
func (d *Device) writeEEPROM(v uint8) {
	read, addr := d.ee.write(v&EECS != 0, v&EESK != 0, v&EEDI != 0)
	if read {
		d.m.Emit(d.src, kindEEPROM, uint64(addr), uint64(d.ee.words[addr]), 0)
	}
}

package i8255x

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// eeBit clocks one bit into the EEPROM and returns EEDO after the rising
// edge.
func (r *rig) eeBit(di bool) bool {
	v := uint32(EECS)
	if di {
		v |= EEDI
	}
	r.write(EEPROMCtl, 1, v)
	r.write(EEPROMCtl, 1, v|EESK)
	return r.read(EEPROMCtl, 1)&EEDO != 0
}

// eeRead reads a word the way Linux e100_eeprom_read does: chip select,
// start bit and opcode 10, six address bits (the last one answered by a
// dummy 0 on EEDO), sixteen data bits, deselect.
func (r *rig) eeRead(addr int) uint16 {
	r.t.Helper()
	r.write(EEPROMCtl, 1, EECS)
	for _, b := range []bool{true, true, false} {
		r.eeBit(b)
	}
	var do bool
	for i := eepromAddrBits - 1; i >= 0; i-- {
		do = r.eeBit(addr>>i&1 != 0)
	}
	if do {
		r.t.Errorf("EEDO = 1 after the address of word %d, want the dummy 0", addr)
	}
	var w uint16
	for i := 0; i < 16; i++ {
		w <<= 1
		if r.eeBit(false) {
			w |= 1
		}
	}
	r.write(EEPROMCtl, 1, 0)
	return w
}

func TestEEPROMReadsMACAndChecksum(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		var sum uint16
		var words [eepromWords]uint16
		for i := range words {
			words[i] = r.eeRead(i)
			sum += words[i]
		}
		mac := DefaultMAC
		for i := 0; i < 3; i++ {
			if want := uint16(mac[2*i]) | uint16(mac[2*i+1])<<8; words[i] != want {
				t.Errorf("word %d = %#04x, want %#04x", i, words[i], want)
			}
		}
		if words[6] != phyAddr {
			t.Errorf("word 6 = %#x, want the PHY at MII address %d", words[6], phyAddr)
		}
		if sum != eepromSum {
			t.Errorf("sum of 64 words = %#04x, want %#04x", sum, eepromSum)
		}
		if got := len(r.events(kindEEPROM)); got != eepromWords {
			t.Errorf("%d eeprom.read events, want %d", got, eepromWords)
		}
	})
}

func TestEEPROMIdleReadsOne(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		if r.read(EEPROMCtl, 1)&EEDO == 0 {
			t.Error("EEDO = 0 with the chip deselected, want 1 (tristate)")
		}
		want := uint32(EEDO) << 16 // strict: flash word, then the EEPROM word
		if p == QEMU {
			want = EEDO // QEMU: a dword at 0x0C is the EEPROM register
		}
		if got := r.read(FlashCtl, 4); got != want {
			t.Errorf("dword at 0x0C = %#x, want %#x", got, want)
		}
	})
}

func TestEEPROMOtherMAC(t *testing.T) {
	m := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(1)))
	r := &rig{t: t, m: m, d: New(m, Config{MAC: [6]byte{2, 0, 0, 0, 0, 7}}, nil)}
	if got := r.eeRead(2); got != 0x0700 {
		t.Errorf("word 2 = %#04x, want 0x0700", got)
	}
}

func (r *rig) mdi(op, phy, reg uint32, data uint16, ie bool) uint32 {
	v := op<<26 | phy<<21 | reg<<16 | uint32(data)
	if ie {
		v |= MDIIE
	}
	r.write(MDICtl, 4, v)
	return r.read(MDICtl, 4)
}

func TestMDI(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		for _, c := range []struct {
			reg  uint32
			want uint16
		}{{2, 0x02A8}, {3, 0x0154}, {5, 0x41FE}} {
			v := r.mdi(mdiOpRead, phyAddr, c.reg, 0, false)
			if v&MDIReady == 0 || uint16(v) != c.want {
				t.Errorf("read reg %d = %#08x, want ready and %#04x", c.reg, v, c.want)
			}
		}
		if v := r.mdi(mdiOpRead, phyAddr, 1, 0, false); v&0x20 == 0 {
			t.Errorf("BMSR = %#04x, want autonegotiation complete", uint16(v))
		}
		r.mdi(mdiOpWrite, phyAddr, 4, 0x01E1, false)
		if v := r.mdi(mdiOpRead, phyAddr, 4, 0, false); uint16(v) != 0x05E1&0xC01F|0x01E1&^0xC01F {
			t.Errorf("advertisement after write = %#04x", uint16(v))
		}
		if v := r.mdi(mdiOpRead, 2, 2, 0, false); uint16(v) != 0 {
			t.Errorf("PHY address 2 answered %#04x, want nothing", uint16(v))
		}
		if r.m.IRQLine() {
			t.Fatal("line high without IE")
		}
		r.mdi(mdiOpRead, phyAddr, 0, 0, true)
		if r.statack()&MDI == 0 || !r.m.IRQLine() {
			t.Errorf("STAT/ACK %s line %v after a cycle with IE, want MDI and high", cause(r.statack()), r.m.IRQLine())
		}
	})
}

func TestPORTReset(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.rfd(rfdAt(0), CmdEL, rfdAt(0), 1518)
		r.command(RUStart, rfdAt(0))
		r.write(SCBIntMask, 1, IntM)
		r.write(PORT, 4, PortReset)
		if r.d.RU() != RUIdle || r.read(SCBIntMask, 1) != 0 {
			t.Errorf("RU %s mask %#x after PORT reset, want idle and M clear", ruName(r.d.RU()), r.read(SCBIntMask, 1))
		}
		if got := len(r.events(kindPORT)); got != 1 {
			t.Errorf("%d port events, want 1", got)
		}
	})
}

func TestPORTSelfTest(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		res := r.mem(dumpArea, 8)
		le.PutUint32(res[0:], 0)
		le.PutUint32(res[4:], 0xFFFFFFFF)
		r.write(PORT, 4, uint32(dumpArea)|PortSelfTest)
		if p == Strict && le.Uint32(res[4:]) == 0 {
			t.Error("strict self-test done inside the PORT write; it takes time")
		}
		r.run()
		if sig, result := le.Uint32(res[0:]), le.Uint32(res[4:]); sig == 0 || result != 0 {
			t.Errorf("self-test signature %#x result %#x, want non-zero and 0 (pass)", sig, result)
		}
	})
}

func TestDumpStatistics(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.tcb(cbAt(0), CmdEL, cbAt(0), frame(broadcastMAC, 60))
		r.command(CUStart, cbAt(0))
		r.command(CULoadDumpAdr, dumpArea)
		r.command(CUDumpStats, 0)
		area := r.mem(dumpArea, 4*statsDwords+4)
		if tx, done := le.Uint32(area[0:]), le.Uint32(area[64:]); tx != 1 || done != dumpDone {
			t.Errorf("TX good %d completion %#x, want 1 and %#x", tx, done, dumpDone)
		}
		r.command(CUDumpReset, 0)
		r.command(CUDumpStats, 0)
		if tx, done := le.Uint32(area[0:]), le.Uint32(area[64:]); tx != 0 || done != dumpDone {
			t.Errorf("after dump-and-reset: TX good %d completion %#x, want 0 and %#x", tx, done, dumpDone)
		}
	})
}

func TestDumpAddressAlignment(t *testing.T) {
	r := newRig(t, QEMU)
	r.command(CULoadDumpAdr, dumpArea+2)
	if r.d.dumpAddr != uint32(dumpArea) {
		t.Errorf("QEMU dump address = %#x, want the low 2 bits dropped", r.d.dumpAddr)
	}
	s := newRig(t, Strict)
	s.write(SCBPointer, 4, uint32(dumpArea+2))
	s.write(SCBCmd, 1, CULoadDumpAdr)
	s.runFail(ClassMisaligned, "not dword aligned")
}

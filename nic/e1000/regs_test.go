package e1000

import (
	"testing"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

func TestResetValues(t *testing.T) {
	r := newQEMU(t)
	for _, c := range []struct {
		name string
		off  uint32
		want uint32
	}{
		{"CTRL", CTRL, ctrlReset},
		{"RAL0", RAL0, 0x12005452},
		{"RAH0", RAH0, 0x80005634},
		{"IMS", IMS, 0},
		{"RCTL", RCTL, 0},
		{"TDLEN", TDLEN, 0},
		{"unimplemented", 0x1234, 0},
	} {
		if got := r.d.Read(c.off); got != c.want {
			t.Errorf("%s = %#x, want %#x", c.name, got, c.want)
		}
	}
	if r.d.Read(STATUS)&2 == 0 {
		t.Error("STATUS.LU clear at reset, want the link up")
	}
}

func TestICRReadToClear(t *testing.T) {
	r := newQEMU(t)
	r.d.Write(IMS, RXT0)
	r.d.Write(ICS, RXT0|TXQE)
	if !r.m.IRQLine() {
		t.Fatal("line low after ICS of an enabled cause")
	}
	if v := r.d.Read(ICS); v != RXT0|TXQE {
		t.Errorf("ICS reads %#x, want ICR mirrored", v)
	}
	if v := r.d.Read(ICR); v != RXT0|TXQE {
		t.Errorf("ICR = %#x, want RXT0|TXQE", v)
	}
	if v := r.d.Read(ICR); v != 0 || r.m.IRQLine() {
		t.Errorf("second ICR read = %#x line %v, want 0 and low", v, r.m.IRQLine())
	}
}

func TestICRWriteOneToClear(t *testing.T) {
	r := newQEMU(t)
	r.d.Write(IMS, RXT0|TXQE)
	r.d.Write(ICS, RXT0|TXQE)
	r.d.Write(ICR, RXT0)
	if v := r.d.Read(ICS); v != TXQE || !r.m.IRQLine() {
		t.Errorf("ICR = %#x line %v, want TXQE left and the line up", v, r.m.IRQLine())
	}
	r.d.Write(ICR, 0) // writing 0 clears nothing
	r.d.Write(ICR, 0xffffffff)
	if r.d.Read(ICS) != 0 || r.m.IRQLine() {
		t.Error("ICR = 0xffffffff did not acknowledge everything")
	}
}

func TestIMSIMC(t *testing.T) {
	r := newQEMU(t)
	r.d.Write(ICS, RXT0)
	if r.m.IRQLine() {
		t.Fatal("line up with IMS = 0")
	}
	r.d.Write(IMS, RXT0)
	r.d.Write(IMS, TXDW) // IMS writes OR in
	if v := r.d.Read(IMS); v != RXT0|TXDW || !r.m.IRQLine() {
		t.Fatalf("IMS = %#x line %v, want RXT0|TXDW and up", v, r.m.IRQLine())
	}
	r.d.Write(IMC, RXT0)
	if v := r.d.Read(IMS); v != TXDW || r.m.IRQLine() {
		t.Errorf("IMS = %#x line %v after IMC, want TXDW and low", v, r.m.IRQLine())
	}
	if r.d.Read(ICS) != RXT0 {
		t.Error("IMC cleared a cause; it only masks")
	}
}

func TestEERDReadsMACAndChecksum(t *testing.T) {
	mac := [6]byte{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}
	r := newRig(t, Config{MAC: mac})
	var sum uint16
	for addr := uint32(0); addr < eepromWords; addr++ {
		r.d.Write(EERD, addr<<eerdAddrShift|eerdStart)
		v := r.d.Read(EERD)
		if v&eerdDone == 0 {
			t.Fatalf("word %d: DONE not set on the first read", addr)
		}
		w := uint16(v >> eerdDataShift)
		if addr < 3 && w != uint16(mac[2*addr])|uint16(mac[2*addr+1])<<8 {
			t.Errorf("word %d = %#04x, want MAC bytes %d,%d", addr, w, 2*addr, 2*addr+1)
		}
		sum += w
	}
	if sum != eepromSum {
		t.Errorf("EEPROM sum = %#x, want %#x", sum, eepromSum)
	}
	r.d.Write(EERD, 0x40<<eerdAddrShift|eerdStart)
	if v := r.d.Read(EERD); v>>eerdDataShift != 0 || v&eerdDone == 0 {
		t.Errorf("EERD past the end = %#x, want DONE and no data", v)
	}
	if got := r.d.Read(RAL0); got != 0x33221102 {
		t.Errorf("RAL0 = %#x, want the configured MAC", got)
	}
}

func TestCTRLReset(t *testing.T) {
	q := newQEMU(t)
	q.d.Write(IMS, RXT0)
	q.d.Write(CTRL, ctrlReset|ctrlRST)
	if q.d.Read(CTRL) != ctrlReset || q.d.Read(IMS) != RXT0 {
		t.Errorf("QEMU: CTRL %#x IMS %#x, want RST stored-and-cleared, nothing reset", q.d.Read(CTRL), q.d.Read(IMS))
	}
	s := newStrict(t)
	s.setupTX(8)
	s.d.Write(IMS, RXT0)
	s.d.Write(CTRL, ctrlReset|1<<22) // xv6's "reset" bit is SWDPIO0
	if s.d.Read(IMS) != RXT0 {
		t.Fatal("strict reset on bit 22")
	}
	s.d.Write(CTRL, ctrlRST)
	if s.d.Read(CTRL) != ctrlReset || s.d.Read(IMS) != 0 || s.d.Read(TDLEN) != 0 || s.d.Read(RAH0) != 0x80005634 {
		t.Error("strict CTRL.RST did not reset the MAC registers")
	}
}

// The strict device holds CTRL.RST for resetHold, as the manual allows: a
// driver that reads another register before RST reads back 0, or writes
// one and changes it, fails (the device may return garbage or drop the
// write); reading CTRL and STATUS is how it waits, and writes of what the
// reset leaves anyway (IMS = 0, IMC = ~0) pass. QEMU clears RST at once.
func TestCTRLResetHold(t *testing.T) {
	for _, access := range []struct {
		name string
		do   func(d *Device)
		want string
	}{
		{"write IMS", func(d *Device) { d.Write(IMS, RXT0) }, "driver wrote 0x80 to IMS"},
		{"write TDLEN", func(d *Device) { d.Write(TDLEN, 1024) }, "driver wrote 0x400 to TDLEN"},
		{"read TDT", func(d *Device) { d.Read(TDT) }, "driver read TDT"},
	} {
		s := newRig(t, Config{Personality: Strict, HoldReset: true})
		s.d.Write(CTRL, ctrlReset|ctrlRST)
		if got := s.d.Read(CTRL); got != ctrlReset|ctrlRST {
			t.Errorf("CTRL right after RST = %#x, want %#x: RST reads back set while the reset runs", got, ctrlReset|ctrlRST)
		}
		if v := catch(func() {
			s.d.Read(CTRL)
			s.d.Read(STATUS)
			s.d.Write(IMS, 0)
			s.d.Write(IMC, ^uint32(0))
			s.d.Write(TDT, 0)
		}); v != nil {
			t.Fatalf("reading CTRL and STATUS and writes that change nothing during the reset: %v", v)
		}
		wantFail(t, catch(func() { access.do(s.d) }), sim.ClassConfig, access.want, "while the device was still resetting")
		s.m.Clock.After(resetHold, sim.TimerFunc(func(*sim.Machine) {}))
		s.run()
		if got := s.d.Read(CTRL); got != ctrlReset {
			t.Errorf("CTRL after the reset = %#x, want %#x", got, ctrlReset)
		}
		if row := diag.Explain(&sim.Verdict{Class: sim.ClassConfig, Message: "x while the device was still resetting"}, diag.Sites{}, diag.Hardware, "", model.Name); row.Title != "register access during reset" {
			t.Errorf("%s: explained as %q", access.name, row.Title)
		}
	}
	// Writes are taken as if the reset were done: the xv6 2024 skeleton
	// writes IMS and the ring registers right after setting RST.
	s := newStrict(t)
	s.d.Write(CTRL, ctrlReset|ctrlRST)
	if v := catch(func() { s.d.Write(IMS, 0); s.d.Write(TDBAL, 0x1000) }); v != nil {
		t.Errorf("strict: a write during the reset failed: %v", v)
	}
	q := newQEMU(t)
	q.d.Write(CTRL, ctrlReset|ctrlRST)
	if v := catch(func() { q.d.Write(IMC, ^uint32(0)) }); v != nil {
		t.Errorf("QEMU: an access right after CTRL.RST failed: %v", v)
	}
}

func TestTIPG(t *testing.T) {
	q, s := newQEMU(t), newStrict(t)
	q.d.Write(TIPG, 0x0060200A)
	s.d.Write(TIPG, 0x0060200A)
	if q.d.Read(TIPG) != 0 || s.d.Read(TIPG) != 0x0060200A {
		t.Errorf("TIPG QEMU %#x strict %#x, want 0 (not implemented) and stored", q.d.Read(TIPG), s.d.Read(TIPG))
	}
}

func TestRingRegisterMasks(t *testing.T) {
	r := newQEMU(t)
	r.d.Write(RDLEN, 0x12345)
	r.d.Write(RDT, 0xABCDEF)
	if r.d.Read(RDLEN) != 0x12300 || r.d.Read(RDT) != 0xCDEF {
		t.Errorf("RDLEN %#x RDT %#x, want 0x12300 0xcdef", r.d.Read(RDLEN), r.d.Read(RDT))
	}
}

func TestStatisticsReadToClear(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(8)
	r.send(frame(broadcast, 60), txCmdEOP)
	if r.d.Read(GPTC) != 1 || r.d.Read(GPTC) != 0 {
		t.Error("GPTC is not 1 then 0")
	}
}

func TestDefaultConfig(t *testing.T) {
	if c := DefaultConfig(QEMU); !c.Mitigation || c.MAC != DefaultMAC {
		t.Errorf("DefaultConfig(QEMU) = %+v", c)
	}
	if c := DefaultConfig(Strict); c.Mitigation || c.RXFIFO != DefaultRXFIFO {
		t.Errorf("DefaultConfig(Strict) = %+v", c)
	}
}

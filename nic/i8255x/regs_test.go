package i8255x

import "testing"

func TestResetBytes(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		for _, c := range []struct {
			name  string
			off   uint32
			width int
			want  uint32
		}{
			{"status", SCBStatus, 1, 0},
			{"STAT/ACK", SCBStatAck, 1, 0},
			{"command", SCBCmd, 1, 0},
			{"mask", SCBIntMask, 1, 0},
			{"status word", SCBStatus, 2, 0},
			{"PORT", PORT, 4, 0},
			{"past the CSR", 0x30, 4, 0},
		} {
			if got := r.read(c.off, c.width); got != c.want {
				t.Errorf("%s (%#x/%d) = %#x, want %#x", c.name, c.off, c.width, got, c.want)
			}
		}
		if r.d.CU() != CUIdle || r.d.RU() != RUIdle {
			t.Errorf("CU %s RU %s after reset, want idle idle", cuName(r.d.CU()), ruName(r.d.RU()))
		}
	})
}

func TestGeneralStatusQEMU(t *testing.T) {
	if got := newRig(t, QEMU).read(GenStatus, 1); got != 0x07 {
		t.Errorf("QEMU general status = %#x, want 0x07 (link, 100 Mb/s, full duplex)", got)
	}
	if got := newRig(t, Strict).read(GenStatus, 1); got != 0 {
		t.Errorf("strict general status = %#x, want 0 (reserved on the 82557)", got)
	}
}

func TestWindowsDecodeAlike(t *testing.T) {
	r := newRig(t, QEMU)
	r.d.Write(SpaceMMIO, SCBPointer, 4, 0x12345678)
	if got := r.d.Read(SpaceIO, SCBPointer, 4); got != 0x12345678 {
		t.Errorf("pointer through I/O = %#x, want the value written through MMIO", got)
	}
	if got := r.d.Read(SpaceIO, IOSize+SCBPointer, 2); got != 0x5678 {
		t.Errorf("I/O window does not wrap at %d bytes: %#x", IOSize, got)
	}
	if got := r.d.Read(SpaceMMIO, SCBPointer+2, 2); got != 0x1234 {
		t.Errorf("word read at 0x06 = %#x, want 0x1234", got)
	}
}

// latch sets STAT/ACK to causes with the mask set so the pin is not in
// the way of what a test looks at.
func latch(r *rig, causes uint8) {
	r.d.raise(causes)
	if got := r.statack(); got != causes {
		r.t.Fatalf("STAT/ACK = %s after raising %s", cause(got), cause(causes))
	}
}

func cause(v uint8) string { return causes(v) }

func TestAckPerAccess(t *testing.T) {
	const all = CX | FR | CNA | RNR
	for _, c := range []struct {
		name       string
		off        uint32
		width      int
		v          uint32
		qemu, strc uint8 // STAT/ACK after
	}{
		{"byte 0x01 acks CX", SCBStatAck, 1, CX, all &^ CX, all &^ CX},
		{"byte 0x01 0xFF acks all", SCBStatAck, 1, 0xFF, 0, 0},
		{"byte 0x01 0 acks nothing", SCBStatAck, 1, 0, all, all},
		{"byte 0x00 is read-only", SCBStatus, 1, 0xFF, all, all},
		{"word 0x00 acks with its high byte", SCBStatus, 2, FR << 8, all &^ FR, all &^ FR},
		{"word 0x00 low byte is ignored", SCBStatus, 2, 0x00FF, all, all},
		{"dword 0x00 of 0: QEMU stores 0, strict acks nothing", SCBStatus, 4, 0, 0, all},
		{"dword 0x00 acking CNA", SCBStatus, 4, CNA << 8, CNA, all &^ CNA},
	} {
		for _, p := range []Personality{QEMU, Strict} {
			r := newRig(t, p)
			r.write(SCBIntMask, 1, IntM)
			latch(r, all)
			r.write(c.off, c.width, c.v)
			want := c.qemu
			if p == Strict {
				want = c.strc
			}
			if got := r.statack(); got != want {
				t.Errorf("%s/%s: STAT/ACK = %s, want %s", p, c.name, cause(got), cause(want))
			}
		}
	}
}

func TestQEMUDwordAtZeroQuirk(t *testing.T) {
	r := newRig(t, QEMU)
	latch(r, CX|CNA)
	if !r.m.IRQLine() {
		t.Fatal("line low with CX|CNA latched and nothing masked")
	}
	r.write(SCBStatus, 4, 0x00010000) // STAT/ACK 0, command byte RU start, mask 0
	if got := r.statack(); got != 0 {
		t.Errorf("STAT/ACK = %s after the raw store, want 0", cause(got))
	}
	if !r.m.IRQLine() {
		t.Error("QEMU lowered the line on a raw store; it must not")
	}
	if got := r.read(SCBCmd, 1); got != RUStart {
		t.Errorf("command byte = %#x, want the stored RU start (never accepted)", got)
	}
	if r.d.RU() != RUIdle {
		t.Errorf("RU %s: the stored command must not run", ruName(r.d.RU()))
	}
	// QEMU acknowledges against scb_stat: acking nothing brings the old
	// causes back into STAT/ACK.
	r.write(SCBStatAck, 1, 0)
	if got := r.statack(); got != CX|CNA {
		t.Errorf("STAT/ACK = %s after acking 0, want CX|CNA back (QEMU's scb_stat)", cause(got))
	}
	r.write(SCBStatAck, 1, 0xFF)
	if r.m.IRQLine() || r.statack() != 0 {
		t.Errorf("line %v STAT/ACK %s after acking all, want low and 0", r.m.IRQLine(), cause(r.statack()))
	}
}

func TestStrictDwordAtZeroActsPerByte(t *testing.T) {
	r := newRig(t, Strict)
	r.rfd(rfdAt(0), CmdEL, rfdAt(0), 1518)
	r.write(SCBPointer, 4, uint32(rfdAt(0)))
	r.write(SCBStatus, 4, uint32(RUStart)<<16|0xC0) // status byte 0xC0 is ignored
	r.run()
	if r.d.RU() != RUReady || r.d.CU() != CUIdle {
		t.Errorf("CU %s RU %s, want idle ready (command byte taken, status byte ignored)", cuName(r.d.CU()), ruName(r.d.RU()))
	}
}

func TestInterruptMask(t *testing.T) {
	for _, c := range []struct {
		name       string
		mask       uint8
		causes     uint8
		qemu, strc bool // line level
	}{
		{"unmasked", 0, CX, true, true},
		{"M masks all", IntM, CX | SWI, false, false},
		{"CX mask: QEMU honours it, the 82557 has none", 0x80, CX, false, true},
		{"CX mask leaves FR", 0x80, CX | FR, true, true},
		{"masks do not cover MDI (QEMU bits 3:0)", 0xF0, MDI, true, true},
	} {
		for _, p := range []Personality{QEMU, Strict} {
			r := newRig(t, p)
			r.write(SCBIntMask, 1, uint32(c.mask))
			r.d.raise(c.causes)
			want := c.qemu
			if p == Strict {
				want = c.strc
			}
			if got := r.m.IRQLine(); got != want {
				t.Errorf("%s/%s: line = %v, want %v", p, c.name, got, want)
			}
			if got := r.statack(); got != c.causes {
				t.Errorf("%s/%s: STAT/ACK = %s, want %s latched whatever the mask", p, c.name, cause(got), cause(c.causes))
			}
		}
	}
}

func TestUnmaskRaisesPendingLine(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.write(SCBIntMask, 1, IntM)
		r.d.raise(FR)
		if r.m.IRQLine() {
			t.Fatal("line high while masked")
		}
		r.write(SCBIntMask, 1, 0)
		if !r.m.IRQLine() {
			t.Error("line low after clearing M with FR pending")
		}
		r.write(SCBStatAck, 1, FR)
		if r.m.IRQLine() {
			t.Error("line high after acking the only cause")
		}
	})
}

func TestSoftwareInterrupt(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.write(SCBIntMask, 1, IntSI)
		if r.statack() != SWI || !r.m.IRQLine() {
			t.Fatalf("STAT/ACK %s line %v after SI, want SWI and high", cause(r.statack()), r.m.IRQLine())
		}
		want := uint32(IntSI) // QEMU: SI stays set
		if p == Strict {
			want = 0
		}
		if got := r.read(SCBIntMask, 1); got != want {
			t.Errorf("mask byte reads %#x, want %#x", got, want)
		}
	})
}

func TestWordAtCommandSetsMask(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.write(SCBCmd, 2, uint32(IntM)<<8) // NOP + M
		if got := r.read(SCBIntMask, 1); got != IntM {
			t.Errorf("mask = %#x, want M from the high byte of the word at 0x02", got)
		}
	})
}

package i8255x

import (
	"testing"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

func TestRegistered(t *testing.T) {
	m, err := nic.Lookup("i8255x")
	if err != nil {
		t.Fatal(err)
	}
	if m.VendorID != 0x8086 || m.DeviceID != 0x1229 || m.QEMUDevice != "i82557b" {
		t.Errorf("model %s %04x:%04x %s, want 8086:1229 i82557b", m.Name, m.VendorID, m.DeviceID, m.QEMUDevice)
	}
	for _, s := range []nic.Space{nic.Port, nic.MMIO} {
		if got := m.RegName(s, SCBCmd); got != "SCB.CMD" {
			t.Errorf("%s register at 0x02 = %q, want SCB.CMD", s, got)
		}
		if w, ok := m.Window(s); !ok || w.Align != 1 {
			t.Errorf("%s window %+v, want byte-decoded", s, w)
		}
	}
}

func TestBuildThroughRegistry(t *testing.T) {
	mach := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(1)))
	for _, c := range mach.CPUs {
		c.SIE = false
	}
	var declared []uint64
	w := &recWire{}
	env := nic.Env{M: mach, Wire: w, DMAVisible: func(addr, _ uint64) { declared = append(declared, addr) }}
	dev := model.New(env, nic.Config{Personality: nic.Strict, Faults: []int64{1}})
	d := dev.(*Device)
	if d.Personality() != Strict || d.cfg.RXFIFO != smallFIFO {
		t.Errorf("personality %s FIFO %d, want strict and the rx-fifo fault's %d", d.Personality(), d.cfg.RXFIFO, smallFIFO)
	}
	r := &rig{t: t, m: mach, d: d, w: w}
	r.tcb(cbAt(0), CmdEL, 0, frame(broadcastMAC, 60))
	dev.RegWrite(nic.Port, SCBPointer, 4, uint32(cbAt(0)))
	dev.RegWrite(nic.Port, SCBCmd, 1, CUStart)
	r.run()
	if len(w.frames) != 1 || len(declared) == 0 || declared[0] != cbAt(0) {
		t.Errorf("%d frames, declared %x; want 1 and the CB", len(w.frames), declared)
	}
	if tx, rx := dev.Capacity(); tx != 1 || rx != 0 {
		t.Errorf("capacity %d/%d, want 1 CB and no RFA", tx, rx)
	}
	if dev.Overran() || dev.Summary() == "" {
		t.Errorf("overran %v summary %q", dev.Overran(), dev.Summary())
	}
}

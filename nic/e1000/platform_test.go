package e1000

import (
	"testing"

	"github.com/nicsim/nicsim/nic"
)

// The registered constructor declares each ring to the host once its base
// and length are written.
func TestDeclaresRings(t *testing.T) {
	r := newQEMU(t)
	var got [][2]uint64
	d := build(nic.Env{M: r.m, DMAVisible: func(a, n uint64) { got = append(got, [2]uint64{a, n}) }},
		nic.Config{Personality: nic.QEMU}).(*Device)
	d.RegWrite(nic.MMIO, TDBAL, 4, uint32(txRingAddr)|0x7)
	if len(got) != 0 {
		t.Fatalf("declared %v before TDLEN was written", got)
	}
	d.RegWrite(nic.MMIO, TDLEN, 4, 8*descSize)
	if want := [2]uint64{txRingAddr, 8 * descSize}; len(got) != 1 || got[0] != want {
		t.Errorf("declared %v, want [%v]", got, want)
	}
}

// Narrow accesses reach the dword register as QEMU's memory core widens them.
func TestSizedAccess(t *testing.T) {
	r := newQEMU(t)
	r.d.RegWrite(nic.MMIO, TDT+1, 1, 0x02) // byte 1 of TDT: TDT = 0x200
	if got := r.d.Read(TDT); got != 0x200 {
		t.Errorf("TDT after a byte write at +1 = %#x, want 0x200", got)
	}
	if got := r.d.RegRead(nic.MMIO, TDT+1, 1); got != 0x02 {
		t.Errorf("byte read at TDT+1 = %#x, want 0x2", got)
	}
	if got := r.d.RegRead(nic.Port, TDT, 4); got != 0 {
		t.Errorf("the 82540EM model has no port window, read %#x", got)
	}
}

// State shows the rings slot by slot with their owners and descriptor fields.
func TestState(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(8)
	st := r.d.State()
	if st.Device != "e1000" || len(st.Rings) != 2 {
		t.Fatalf("State = %+v", st)
	}
	tx := st.Rings[0]
	if tx.Name != "TX" || len(tx.Slots) != 8 || tx.HeadName != "TDH" || tx.Base != txRingAddr {
		t.Fatalf("TX ring = %+v", tx)
	}
	for _, s := range tx.Slots {
		if s.Owner != nic.OwnerDriver || len(s.Fields) == 0 {
			t.Errorf("slot %d = %+v, want a driver-owned descriptor with fields", s.Index, s)
		}
	}
	var tdt bool
	for _, v := range st.Registers {
		tdt = tdt || v.Name == "TDT"
	}
	if !tdt {
		t.Error("State has no TDT register")
	}
}

package e1000

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

func TestStrictConfigFaults(t *testing.T) {
	cases := []struct {
		name  string
		setup func(r *rig)
		frags []string
	}{
		{"TDBAL-misaligned", func(r *rig) {
			r.setupTX(8)
			r.d.Write(TDBAL, uint32(txRingAddr)+8)
			r.send(frame(broadcast, 60), txCmdEOP)
		}, []string{"TDBAL = 0x80001008 is not 16-byte aligned", "82540EM requires", "QEMU silently reads descriptors from 0x80001000"}},
		{"TDLEN-not-128", func(r *rig) {
			r.setupTX(8)
			r.d.Write(TDLEN, 10*descSize)
			r.send(frame(broadcast, 60), txCmdEOP)
		}, []string{"TDLEN = 160 is not a multiple of 128", "QEMU silently uses 128 bytes = 8 descriptors"}},
		{"TDLEN-zero", func(r *rig) {
			r.setupTX(8)
			r.d.Write(TDLEN, 0)
			r.d.Write(TDT, 1)
		}, []string{"TDLEN is 0 but TDH=0 TDT=1"}},
		{"TDT-outside", func(r *rig) {
			r.setupTX(8)
			r.d.Write(TDT, 8)
		}, []string{"TDT = 8 is outside the ring of 8 descriptors"}},
		{"RDBAL-misaligned", func(r *rig) {
			r.setupRX(8, 0)
			r.d.Write(RDBAL, uint32(rxRingAddr)+4)
			r.d.Receive(frame(DefaultMAC, 60))
		}, []string{"RDBAL = 0x80002004 is not 16-byte aligned"}},
		{"RDT-outside", func(r *rig) {
			r.setupRXTail(8, 8, 0) // xv6 bug 13: RDT = N
			r.d.Receive(frame(DefaultMAC, 60))
		}, []string{"RDT = 8 is outside the ring of 8 descriptors"}},
		{"TDH-written-while-enabled", func(r *rig) {
			r.setupTX(8)
			r.d.Write(TDH, 3)
		}, []string{"TDH written (0 -> 3) while TCTL.EN=1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newStrict(t)
			var v *sim.Verdict
			if v = catch(func() { c.setup(r) }); v == nil {
				v = r.m.Run()
			}
			wantFail(t, v, sim.ClassConfig, c.frags...)
		})
	}
}

// Drivers write the ring registers in any order before enabling the ring:
// nothing is judged until the ring is in force, then it is.
func TestConfigJudgedWhenEnabled(t *testing.T) {
	for _, p := range []Personality{QEMU, Strict} {
		t.Run(p.String(), func(t *testing.T) {
			r := newRig(t, Config{Personality: p})
			if v := catch(func() {
				r.d.Write(RDT, 0xffffffff) // (0-1) % 16 on an int
				r.d.Write(RDBAL, uint32(rxRingAddr))
				r.d.Write(RDLEN, 8*descSize)
			}); v != nil {
				t.Fatalf("verdict before RCTL.EN: %v", v)
			}
			v := catch(func() { r.d.Write(RCTL, rctlEN) })
			wantFail(t, v, sim.ClassConfig, "RDT = 65535 (written as 0xffffffff, kept as its low 16 bits) is outside the ring of 8 descriptors",
				"QEMU never compares it with the ring")
		})
	}
}

// The skeleton's order (RDT before RDLEN) with legal values passes.
func TestConfigLegalOrderPasses(t *testing.T) {
	r := newQEMU(t)
	if v := catch(func() {
		r.d.Write(RDBAL, uint32(rxRingAddr))
		r.d.Write(RDH, 0)
		r.d.Write(RDT, 7)
		r.d.Write(RDLEN, 8*descSize)
		r.d.Write(RCTL, rctlEN)
	}); v != nil {
		t.Fatalf("verdict: %v", v)
	}
}

// Under QEMU the bad configuration is a named finding; with the oracles off
// (what a guest under QEMU shows) the device masks it as QEMU does.
func TestQEMUConfigMaskedWithoutOracles(t *testing.T) {
	r := newRig(t, Config{Personality: QEMU, NoOracles: true})
	r.setupRXTail(8, 8, 0)
	r.d.Receive(frame(DefaultMAC, 60))
	r.run()
	if r.d.Stats().RXFrames != 1 {
		t.Errorf("frames = %d, want QEMU to take it", r.d.Stats().RXFrames)
	}
	q := newQEMU(t)
	wantFail(t, catch(func() { q.setupRXTail(8, 8, 0) }), sim.ClassConfig, "RDT = 8 is outside the ring of 8 descriptors")
}

package e1000

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

func TestOwnershipTXStrict(t *testing.T) {
	r := newStrict(t)
	r.setupTX(8)
	r.send(frame(broadcast, 60), txCmdEOP|txCmdRS)
	addr := txRingAddr + 8           // the length field of descriptor 0
	r.d.DriverAccess(addr, 2, false) // reads are fine (DD polling)
	v := catch(func() { r.d.DriverAccess(addr, 2, true) })
	wantFail(t, v, sim.ClassRingOwnership,
		"driver wrote TX descriptor 0 (0x80001000) while the device owns it",
		"posted at t=0ns by TDT=1", "not yet processed", "TDH=0 TDT=1")

	r.d.stepTX()
	v = catch(func() { r.d.DriverAccess(addr, 2, true) })
	wantFail(t, v, sim.ClassRingOwnership, "fetched by the device and not yet written back")

	r.run()
	r.d.DriverAccess(addr, 2, true) // completed: the driver's again
	r.d.DriverAccess(txRingAddr+16, 16, true)
}

func TestOwnershipTXQEMUIsFreeAfterTheTDTWrite(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(8)
	r.send(frame(broadcast, 60), txCmdEOP) // no RS: still returned
	r.d.DriverAccess(txRingAddr, descSize, true)
}

func TestOwnershipRX(t *testing.T) {
	r := newQEMU(t)
	r.setupRX(8, 0) // device owns 0..6
	v := catch(func() { r.d.DriverAccess(rxRingAddr+3*descSize+12, 1, true) })
	wantFail(t, v, sim.ClassRingOwnership, "driver wrote RX descriptor 3", "posted at t=0ns by RDT=7", "RDH=0 RDT=7")
	r.d.DriverAccess(rxRingAddr+7*descSize+12, 1, true) // RDT's slot is the driver's
}

func TestOwnershipNotArmedBeforeEnable(t *testing.T) {
	r := newStrict(t)
	r.d.Write(RDBAL, uint32(rxRingAddr))
	r.d.Write(RDLEN, 8*descSize)
	r.d.Write(RDT, 7)
	r.d.DriverAccess(rxRingAddr, descSize, true) // RCTL.EN = 0: not watched
	r.d.Write(RCTL, rctlEN)
	wantFail(t, catch(func() { r.d.DriverAccess(rxRingAddr, descSize, true) }), sim.ClassRingOwnership)
}

func TestOwnershipTailRetreat(t *testing.T) {
	r := newStrict(t)
	r.setupTX(8)
	r.fillTX(0, frame(broadcast, 60), txCmdEOP)
	r.fillTX(1, frame(broadcast, 60), txCmdEOP)
	r.d.Write(TDT, 2)
	v := catch(func() { r.d.Write(TDT, 1) })
	wantFail(t, v, sim.ClassRingOwnership, "driver moved TDT back from 2 to 1", "TX descriptor 1")
}

func TestDMAOutsideRAM(t *testing.T) {
	r := newStrict(t)
	r.setupRX(8, 0)
	le.PutUint64(r.rxDesc(0), 0x1000)
	r.d.Receive(frame(DefaultMAC, 60))
	wantFail(t, r.m.Run(), sim.ClassDMAFault,
		"e1000 RX DMA write of the buffer of descriptor 0 (addr 0x1000, 60 bytes)", "outside RAM")
}

// Under the qemu personality a DMA outside RAM moves nothing, as in QEMU:
// the frame vanishes, the descriptor is still written back.
func TestDMAOutsideRAMQEMU(t *testing.T) {
	r := newQEMU(t)
	r.setupRX(8, 0)
	le.PutUint64(r.rxDesc(0), 0x1000)
	r.d.Receive(frame(DefaultMAC, 60))
	if v := r.m.Run(); !v.Pass() {
		t.Fatalf("verdict %v, want pass (QEMU ignores DMA to unassigned memory)", v)
	}
	if st := r.rxDesc(0)[12]; st&rxStaDD == 0 {
		t.Errorf("RX status %#x, want DD: QEMU writes the descriptor back", st)
	}
}

func TestDMARingOutsideRAM(t *testing.T) {
	r := newStrict(t)
	r.setupTX(8)
	r.d.Write(TDBAL, 0x1000)
	r.d.Write(TDT, 1)
	wantFail(t, r.m.Run(), sim.ClassDMAFault, "e1000 TX DMA read of descriptor 0 (0x1000)")
}

// A buffer freed right after the TDT write (bug 17) is caught in strict,
// where the payload is read in a later step; QEMU already read it.
func TestUseAfterFreeTX(t *testing.T) {
	for _, p := range []Personality{QEMU, Strict} {
		t.Run(p.String(), func(t *testing.T) {
			r := newRig(t, Config{Personality: p})
			r.setupTX(8)
			page := r.m.Heap.Alloc()
			f := frame(broadcast, 60)
			copy(r.mem(page, 60), f)
			r.fillTX(0, f, txCmdEOP|txCmdRS)
			le.PutUint64(r.mem(txRingAddr, 8), page)
			r.d.Write(TDT, 1)
			r.m.Heap.Free(page, "test")
			v := r.m.Run()
			if p == QEMU {
				if !v.Pass() || len(r.w.frames) != 1 {
					t.Fatalf("QEMU: verdict %v frames %d, want a pass", v, len(r.w.frames))
				}
				return
			}
			wantFail(t, v, sim.ClassUseAfterFree, "e1000 TX DMA read of the buffer of descriptor 0")
		})
	}
}

// Strict head reads may run ahead of write-back while a descriptor is in
// flight; the choice is on the tape, so the same seed reads the same.
func TestStrictHeadReadsAhead(t *testing.T) {
	seen := map[uint32]bool{}
	for seed := uint64(1); seed <= 16; seed++ {
		m := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(seed)))
		r := &rig{t: t, m: m, d: New(m, Config{Personality: Strict}, nil), w: &recWire{}}
		r.setupTX(8)
		r.send(frame(broadcast, 60), txCmdEOP|txCmdRS)
		if h := r.d.Read(TDH); h != 0 {
			t.Fatalf("TDH = %d with nothing in flight, want exact 0", h)
		}
		r.d.stepTX()
		seen[r.d.Read(TDH)] = true
		if n := len(m.Tape.Decisions()); n != 1 {
			t.Fatalf("decisions = %d, want the one head read in flight", n)
		}
	}
	if !seen[0] || !seen[1] {
		t.Errorf("TDH values seen in flight = %v, want both 0 and 1 across seeds", seen)
	}
}

// A misaligned ring is named at its root cause when the ring is enabled,
// before any descriptor write can look shifted.
func TestMisalignedRingNamedAtEnable(t *testing.T) {
	r := newQEMU(t)
	r.setupRX(8, 0)
	r.d.Write(RCTL, 0)
	r.d.Write(RDBAL, uint32(rxRingAddr)+8)
	v := catch(func() { r.d.Write(RCTL, rctlEN) })
	wantFail(t, v, sim.ClassConfig, "RDBAL = 0x80002008 is not 16-byte aligned", "QEMU silently reads descriptors from 0x80002000")
	r.d.DriverAccess(rxRingAddr, 0, true) // zero-length accesses touch nothing
}

// The handout's algorithm fills every slot: TDT catches up with TDH and the
// message says the ring was full, not that TDT moved back.
func TestOwnershipFullLap(t *testing.T) {
	r := newStrict(t)
	r.setupTX(8)
	for i := uint32(0); i < 7; i++ {
		r.fillTX(i, frame(broadcast, 60), txCmdEOP)
	}
	r.d.Write(TDT, 7)
	r.fillTX(7, frame(broadcast, 60), txCmdEOP)
	v := catch(func() { r.d.Write(TDT, 0) })
	wantFail(t, v, sim.ClassRingOwnership, "TDT caught up with TDH", "while 8 descriptors were pending (the ring holds at most 7)")
	if strings.Contains(v.Message, "moved TDT back") {
		t.Errorf("message %q describes a backwards move", v.Message)
	}
}

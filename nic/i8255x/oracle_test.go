package i8255x

import (
	"testing"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// startStrict writes CU start at cb and lets "nic.scb" accept it, without
// running the CU.
func startStrict(r *rig, cb uint64) {
	r.write(SCBPointer, 4, uint32(cb))
	r.write(SCBCmd, 1, CUStart)
	r.d.acceptCommand()
}

// appendAfter is the MINIX-style append: fill CB 1 with EL, link CB 0 to
// it and clear EL on CB 0 (the write the race is about).
func appendAfter(r *rig) {
	r.tcb(cbAt(1), CmdEL, cbAt(2), frame(broadcastMAC, 61))
	r.d.DriverAccess(cbAt(1), 16+61, true)
	r.d.DriverAccess(cbAt(0)+offCommand, 2, true)
	le.PutUint16(r.mem(cbAt(0)+offCommand, 2), OpTransmit)
}

func TestAppendRaceStrict(t *testing.T) {
	r := newRig(t, Strict)
	r.tcb(cbAt(0), CmdEL, cbAt(1), frame(broadcastMAC, 60))
	startStrict(r, cbAt(0))
	r.d.stepCU() // fetch CB 0 with EL
	appendAfter(r)
	r.run() // the CU acts on EL as fetched
	if len(r.w.frames) != 1 || r.d.CU() != CUIdle || r.d.Stats().StaleStops != 1 {
		t.Fatalf("%d frames, CU %s, %d stale stops; want 1, idle, 1", len(r.w.frames), cuName(r.d.CU()), r.d.Stats().StaleStops)
	}
	if len(r.events(kindCBLRace)) != 1 {
		t.Error("no cbl.race event")
	}
	wantFail(t, sim.Catch(r.d.CheckStall), ClassAppendRace, "EL/S append race", "CU start (EL)")
}

func TestAppendBeforeFetchRuns(t *testing.T) {
	r := newRig(t, Strict)
	r.tcb(cbAt(0), CmdEL, cbAt(1), frame(broadcastMAC, 60))
	startStrict(r, cbAt(0))
	appendAfter(r) // before the fetch: the CU sees the new list
	r.run()
	if len(r.w.frames) != 2 || r.d.Stats().StaleStops != 0 {
		t.Errorf("%d frames, %d stale stops; want 2 and 0", len(r.w.frames), r.d.Stats().StaleStops)
	}
	if v := sim.Catch(r.d.CheckStall); v != nil {
		t.Errorf("CheckStall: %v", v)
	}
}

func TestAppendWithLatchedResume(t *testing.T) {
	// Linux e100: set S on the new CB, clear S on the previous one, CU
	// resume. A resume that arrives while the CU is still active makes it
	// go on past the S it fetched.
	r := newRig(t, Strict)
	r.tcb(cbAt(0), CmdS, cbAt(1), frame(broadcastMAC, 60))
	startStrict(r, cbAt(0))
	r.d.stepCU() // fetch CB 0 with S
	r.tcb(cbAt(1), CmdS, cbAt(2), frame(broadcastMAC, 61))
	le.PutUint16(r.mem(cbAt(0)+offCommand, 2), OpTransmit)
	r.write(SCBCmd, 1, CUResume)
	r.d.acceptCommand()
	r.run()
	if len(r.w.frames) != 2 || r.d.CU() != CUSuspended {
		t.Errorf("%d frames CU %s, want 2 and suspended on CB 1", len(r.w.frames), cuName(r.d.CU()))
	}
	if v := sim.Catch(r.d.CheckStall); v != nil {
		t.Errorf("CheckStall: %v", v)
	}
}

func TestLatchedResumeKeepsARealS(t *testing.T) {
	r := newRig(t, Strict)
	r.tcb(cbAt(0), 0, cbAt(1), frame(broadcastMAC, 60))
	r.tcb(cbAt(1), CmdS, cbAt(2), frame(broadcastMAC, 61))
	r.tcb(cbAt(2), CmdEL, 0, frame(broadcastMAC, 62)) // not yet meant to run
	startStrict(r, cbAt(0))
	r.write(SCBCmd, 1, CUResume)
	r.d.acceptCommand() // while active
	r.run()
	if len(r.w.frames) != 2 || r.d.CU() != CUSuspended {
		t.Errorf("%d frames CU %s, want 2 and suspended at CB 1 (its S is still set)", len(r.w.frames), cuName(r.d.CU()))
	}
}

func TestQEMUHasNoAppendWindow(t *testing.T) {
	r := newRig(t, QEMU)
	r.tcb(cbAt(0), CmdEL, cbAt(1), frame(broadcastMAC, 60))
	r.command(CUStart, cbAt(0))
	appendAfter(r) // the CU is idle already: nothing is owned
	r.command(CUResume, 0)
	if len(r.w.frames) != 2 {
		t.Errorf("%d frames, want 2 (resume from idle picks the appended CB up)", len(r.w.frames))
	}
}

func TestWriteIntoReachableCBFails(t *testing.T) {
	r := newRig(t, Strict)
	r.cb(cbAt(0), OpNOP, cbAt(1), nil) // no EL: CB 1 is reachable
	r.tcb(cbAt(1), CmdEL, 0, frame(broadcastMAC, 60))
	startStrict(r, cbAt(0))
	r.d.stepCU()
	v := sim.Catch(func() { r.d.DriverAccess(cbAt(1)+offData, 4, true) })
	wantFail(t, v, sim.ClassRingOwnership, "inside the CB at", "which the CU owns", "EL/S append race")
	// Its command word may change: it is the block that stops the CU.
	if v := sim.Catch(func() { r.d.DriverAccess(cbAt(1)+offCommand, 2, true) }); v != nil {
		t.Errorf("writing the command word of the last CB: %v", v)
	}
	// The CB in flight is the device's, status included.
	v = sim.Catch(func() { r.d.DriverAccess(cbAt(0), 2, true) })
	wantFail(t, v, sim.ClassRingOwnership, "has fetched it and not yet written its status back")
	// Reads are fine.
	if v := sim.Catch(func() { r.d.DriverAccess(cbAt(1), 16, false) }); v != nil {
		t.Errorf("read: %v", v)
	}
}

func TestNoOraclesTurnsOwnershipOff(t *testing.T) {
	m := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(1)))
	r := &rig{t: t, m: m, w: &recWire{}}
	r.d = New(m, Config{Personality: Strict, NoOracles: true}, r.w)
	r.cb(cbAt(0), OpNOP, cbAt(1), nil)
	r.tcb(cbAt(1), CmdEL, 0, frame(broadcastMAC, 60))
	startStrict(r, cbAt(0))
	if v := sim.Catch(func() { r.d.DriverAccess(cbAt(1)+offData, 4, true) }); v != nil {
		t.Errorf("NoOracles: %v", v)
	}
}

func TestWriteIntoReadyRFDFails(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.rfd(rfdAt(0), 0, rfdAt(1), 1518)
		r.rfd(rfdAt(1), CmdEL, rfdAt(2), 1518)
		r.command(RUStart, rfdAt(0))
		v := sim.Catch(func() { r.d.DriverAccess(rfdAt(1)+offData+10, 4, true) })
		wantFail(t, v, sim.ClassRingOwnership, "RFD at", "which the RU owns")
		// Linux e100's refill: EL, size and link of the last RFD.
		for _, off := range []uint64{offCommand, offLink, offThresh} {
			if v := sim.Catch(func() { r.d.DriverAccess(rfdAt(1)+off, 2, true) }); v != nil {
				t.Errorf("write at +%d of the last RFD: %v", off, v)
			}
		}
		// Once the RU has no resources, everything is the driver's.
		r.d.Receive(frame(r.d.IA(), 60))
		r.d.Receive(frame(r.d.IA(), 60))
		r.run()
		if v := sim.Catch(func() { r.d.DriverAccess(rfdAt(1)+offData, 4, true) }); v != nil || r.d.RU() != RUNoResources {
			t.Errorf("RU %s, write after no resources: %v", ruName(r.d.RU()), v)
		}
	})
}

func TestCBLinkLoopStrictIsLivelock(t *testing.T) {
	r := newRigSeed(t, Strict, sim.Config{MaxSteps: 5000}, 1)
	r.cb(cbAt(0), OpNOP, cbAt(0), nil)
	r.write(SCBPointer, 4, uint32(cbAt(0)))
	r.write(SCBCmd, 1, CUStart)
	r.runFail(sim.ClassLivelock)
}

func TestDMAIntoFreedPage(t *testing.T) {
	r := newRig(t, Strict)
	page := r.m.Heap.Alloc()
	r.tcb(page, CmdEL, 0, frame(broadcastMAC, 60))
	r.m.Heap.Free(page, "test")
	r.write(SCBPointer, 4, uint32(page))
	r.write(SCBCmd, 1, CUStart)
	r.runFail(sim.ClassUseAfterFree, "CB")
}

func TestState(t *testing.T) {
	r := newRig(t, Strict)
	r.tcb(cbAt(0), 0, cbAt(1), frame(broadcastMAC, 60))
	r.tcb(cbAt(1), CmdEL|CmdI, cbAt(0), frame(broadcastMAC, 60))
	r.rfd(rfdAt(0), CmdEL, rfdAt(0), 1518)
	r.command(RUStart, rfdAt(0))
	startStrict(r, cbAt(0))
	r.d.stepCU()
	s := r.d.State()
	if s.Device != "i8255x" || len(s.Rings) != 2 || len(s.Units) != 2 {
		t.Fatalf("state %+v", s)
	}
	if u := s.Units[0]; u.Name != "CU" || u.State != "active" {
		t.Errorf("unit %+v, want CU active", u)
	}
	if u := s.Units[1]; u.Name != "RU" || u.State != "ready" {
		t.Errorf("unit %+v, want RU ready", u)
	}
	cbl := s.Rings[0]
	if cbl.Name != "CBL" || len(cbl.Slots) != 2 {
		t.Fatalf("CBL %+v, want 2 slots (the list ends at EL)", cbl)
	}
	if sl := cbl.Slots[0]; sl.Owner != nic.OwnerDevice || sl.Note != "in flight" || sl.Flags[0] != "transmit" {
		t.Errorf("slot 0 %+v, want the device's, in flight, transmit", sl)
	}
	if sl := cbl.Slots[1]; sl.Owner != nic.OwnerDevice || !hasFlag(sl.Flags, "EL") || !hasFlag(sl.Flags, "I") {
		t.Errorf("slot 1 %+v, want the device's with EL and I", sl)
	}
	r.run()
	s = r.d.State()
	if sl := s.Rings[0].Slots[1]; sl.Owner != nic.OwnerDriver || !hasFlag(sl.Flags, "C") || !hasFlag(sl.Flags, "OK") {
		t.Errorf("after the run slot 1 %+v, want the driver's with C and OK", sl)
	}
	if rfa := s.Rings[1]; rfa.Name != "RFA" || len(rfa.Slots) != 1 || rfa.Slots[0].Owner != nic.OwnerDevice {
		t.Errorf("RFA %+v, want one RFD owned by the ready RU", rfa)
	}
}

func hasFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

// The ownership walk is cached per generation: clearing EL on the last RFD
// (an allowed write) must extend what the RU owns at once.
func TestOwnershipFollowsAllowedWrites(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.rfd(rfdAt(0), CmdEL, rfdAt(1), 1518)
		r.rfd(rfdAt(1), CmdEL, 0, 1518)
		r.command(RUStart, rfdAt(0))
		r.d.DriverAccess(rfdAt(1)+offData, 4, true) // not reachable yet
		r.d.DriverAccess(rfdAt(0)+offCommand, 2, true)
		le.PutUint16(r.mem(rfdAt(0)+offCommand, 2), 0)
		v := sim.Catch(func() { r.d.DriverAccess(rfdAt(1)+offData, 4, true) })
		wantFail(t, v, sim.ClassRingOwnership, "RFD at 0x80010800", "through links without EL or S")
	})
}

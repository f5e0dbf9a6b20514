package i8255x

import (
	"bytes"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

func TestTransmitOneFrame(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		f := frame(broadcastMAC, 60)
		r.tcb(cbAt(0), CmdEL|CmdI, cbAt(1), f)
		r.command(CUStart, cbAt(0))
		if len(r.w.frames) != 1 || !bytes.Equal(r.w.frames[0], f) {
			t.Fatalf("wire = %x, want one frame %x", r.w.frames, f)
		}
		if st := r.u16(cbAt(0)); st != StatC|StatOK {
			t.Errorf("TCB status = %#04x, want C|OK", st)
		}
		if got := r.statack(); got != CX|CNA {
			t.Errorf("STAT/ACK = %s, want CX|CNA", cause(got))
		}
		if r.d.CU() != CUIdle || !r.m.IRQLine() {
			t.Errorf("CU %s line %v, want idle and high", cuName(r.d.CU()), r.m.IRQLine())
		}
		if s := r.d.Stats(); s.TXFrames != 1 || s.TXBytes != 60 || s.CBs != 1 {
			t.Errorf("stats %+v, want 1 frame of 60 bytes, 1 CB", s)
		}
	})
}

func TestQEMUTransmitsInsideTheWrite(t *testing.T) {
	r := newRig(t, QEMU)
	r.tcb(cbAt(0), CmdEL, 0, frame(broadcastMAC, 60))
	r.write(SCBPointer, 4, uint32(cbAt(0)))
	r.write(SCBCmd, 1, CUStart)
	if len(r.w.frames) != 1 || r.read(SCBCmd, 1) != 0 {
		t.Errorf("after the write: %d frames, command byte %#x; want 1 and 0 (synchronous)", len(r.w.frames), r.read(SCBCmd, 1))
	}
}

func TestStrictCommandTakesSteps(t *testing.T) {
	r := newRig(t, Strict)
	r.tcb(cbAt(0), CmdEL, 0, frame(broadcastMAC, 60))
	r.write(SCBPointer, 4, uint32(cbAt(0)))
	r.write(SCBCmd, 1, CUStart)
	if len(r.w.frames) != 0 || r.read(SCBCmd, 1) != CUStart {
		t.Fatalf("after the write: %d frames, command byte %#x; want 0 and CU start pending", len(r.w.frames), r.read(SCBCmd, 1))
	}
	r.run()
	if len(r.w.frames) != 1 || r.read(SCBCmd, 1) != 0 {
		t.Errorf("after the run: %d frames, command byte %#x; want 1 and 0", len(r.w.frames), r.read(SCBCmd, 1))
	}
	if n := len(r.events(kindSCBAccept)); n != 1 {
		t.Errorf("%d scb.accept events, want 1", n)
	}
}

func TestWithoutIBitNoCX(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.cb(cbAt(0), OpNOP, cbAt(1), nil)
		r.tcb(cbAt(1), CmdEL|CmdI, cbAt(2), frame(broadcastMAC, 60))
		r.command(CUStart, cbAt(0))
		if got := r.statack(); got != CX|CNA {
			t.Errorf("STAT/ACK = %s, want CX|CNA", cause(got))
		}
		if n := len(r.events(kindCBDone)); n != 2 {
			t.Errorf("%d CBs done, want 2 (NOP then transmit)", n)
		}
		r.write(SCBStatAck, 1, 0xFF)
		r.cb(cbAt(2), OpNOP|CmdEL, 0, nil)
		r.command(CUStart, cbAt(2))
		if got := r.statack(); got != CNA {
			t.Errorf("STAT/ACK = %s after a NOP without I, want CNA only", cause(got))
		}
	})
}

func TestSuspendAndResume(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.tcb(cbAt(0), CmdS, cbAt(1), frame(broadcastMAC, 60))
		r.tcb(cbAt(1), CmdEL, cbAt(2), frame(broadcastMAC, 70))
		r.command(CUStart, cbAt(0))
		if len(r.w.frames) != 1 || r.d.CU() != CUSuspended || r.statack() != CNA {
			t.Fatalf("%d frames, CU %s, STAT/ACK %s; want 1, suspended, CNA", len(r.w.frames), cuName(r.d.CU()), cause(r.statack()))
		}
		r.write(SCBStatAck, 1, CNA)
		r.command(CUResume, 0)
		if len(r.w.frames) != 2 || len(r.w.frames[1]) != 70 || r.d.CU() != CUIdle {
			t.Errorf("%d frames, CU %s; want 2 (the second of 70 bytes), idle", len(r.w.frames), cuName(r.d.CU()))
		}
	})
}

// idleWithWork leaves the CU idle after a CB with EL whose link names a
// complete-looking CB still to do.
func idleWithWork(t *testing.T, p Personality) *rig {
	r := newRig(t, p)
	r.tcb(cbAt(0), CmdEL, cbAt(1), frame(broadcastMAC, 60))
	r.command(CUStart, cbAt(0))
	r.tcb(cbAt(1), CmdEL, cbAt(2), frame(broadcastMAC, 61))
	return r
}

func TestResumeFromIdle(t *testing.T) {
	r := idleWithWork(t, QEMU)
	r.command(CUResume, 0)
	if len(r.w.frames) != 2 || r.d.Stats().IdleResumes != 1 {
		t.Errorf("qemu: %d frames, %d idle resumes; want 2 and 1 (resume from idle accepted)", len(r.w.frames), r.d.Stats().IdleResumes)
	}

	s := idleWithWork(t, Strict)
	s.command(CUResume, 0)
	if len(s.w.frames) != 1 || s.d.CU() != CUIdle {
		t.Errorf("strict: %d frames, CU %s; want 1 and idle (resume ignored)", len(s.w.frames), cuName(s.d.CU()))
	}
	wantFail(t, catchStall(s), ClassIdleResume, "CU resume on an idle CU", "needs CU start")
}

func TestResumeFromIdleThenStartIsFine(t *testing.T) {
	s := idleWithWork(t, Strict)
	s.command(CUResume, 0)
	s.command(CUStart, cbAt(1))
	if len(s.w.frames) != 2 {
		t.Fatalf("%d frames, want 2", len(s.w.frames))
	}
	if v := catchStall(s); v != nil {
		t.Errorf("CheckStall after a CU start: %v, want nothing", v)
	}
}

func catchStall(r *rig) *sim.Verdict { return sim.Catch(r.d.CheckStall) }

func TestCommandBeforeAcceptanceLost(t *testing.T) {
	s := newRig(t, Strict)
	s.rfd(rfdAt(0), CmdEL, 0, 1518)
	s.cb(cbAt(0), OpNOP|CmdEL, 0, nil)
	s.write(SCBPointer, 4, uint32(cbAt(0)))
	s.write(SCBCmd, 1, CUStart)
	v := sim.Catch(func() { s.write(SCBCmd, 1, RUStart) })
	wantFail(t, v, ClassCommandLost, "SCB command written before the previous one was accepted", "RU start", "CU start")

	q := newRig(t, QEMU)
	q.rfd(rfdAt(0), CmdEL, 0, 1518)
	q.cb(cbAt(0), OpNOP|CmdEL, 0, nil)
	q.write(SCBPointer, 4, uint32(cbAt(0)))
	q.write(SCBCmd, 1, CUStart)
	q.write(SCBPointer, 4, uint32(rfdAt(0)))
	q.write(SCBCmd, 1, RUStart)
	if q.d.RU() != RUReady || q.d.Stats().CBs != 1 {
		t.Errorf("qemu: RU %s, %d CBs; want ready and 1 (both accepted)", ruName(q.d.RU()), q.d.Stats().CBs)
	}
}

func TestPointerRewrittenBeforeAcceptance(t *testing.T) {
	s := newRig(t, Strict)
	s.write(SCBPointer, 4, uint32(cbAt(0)))
	s.write(SCBCmd, 1, CUStart)
	v := sim.Catch(func() { s.write(SCBPointer, 4, uint32(rfdAt(0))) })
	wantFail(t, v, ClassCommandLost, "before the previous one was accepted", "pointer was rewritten (0x80001000 -> 0x80010000)", "CU start")

	// A command that takes no pointer does not care; the same value is fine.
	s = newRig(t, Strict)
	s.write(SCBPointer, 4, uint32(cbAt(0)))
	s.write(SCBCmd, 1, CUDumpStats)
	s.write(SCBPointer, 4, uint32(rfdAt(0)))
	s.write(SCBCmd+1, 1, 0)
	s = newRig(t, Strict)
	s.write(SCBPointer, 4, uint32(cbAt(0)))
	s.write(SCBCmd, 1, CUStart)
	s.write(SCBPointer, 4, uint32(cbAt(0)))
}

func TestCombinedCommandByte(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.cb(cbAt(0), OpNOP|CmdEL, 0, nil)
		r.command(CULoadBase, 0)
		r.command(CUStart|RULoadBase, cbAt(0))
		if r.d.ru.base != uint32(cbAt(0)) || r.d.Stats().CBs != 1 {
			t.Errorf("RU base %#x, %d CBs; want both halves of the byte done", r.d.ru.base, r.d.Stats().CBs)
		}
	})
}

func TestStartWhileActiveStrict(t *testing.T) {
	r := newRig(t, Strict)
	r.cb(cbAt(0), OpNOP, cbAt(0), nil) // a loop: the CU stays active
	r.write(SCBPointer, 4, uint32(cbAt(0)))
	r.write(SCBCmd, 1, CUStart)
	r.d.acceptCommand()
	r.write(SCBCmd, 1, CUStart)
	wantFail(t, sim.Catch(r.d.acceptCommand), ClassStartActive, "CU start while the CU is active")
}

func TestQEMULoopGuard(t *testing.T) {
	r := newRig(t, QEMU)
	r.cb(cbAt(0), OpNOP, cbAt(1), nil)
	r.cb(cbAt(1), OpNOP, cbAt(0), nil)
	r.command(CUStart, cbAt(0))
	if r.d.CU() != CUActive || r.d.Stats().CBs != qemuCBLimit || r.statack() != 0 {
		t.Errorf("CU %s, %d CBs, STAT/ACK %s; want active, %d, nothing raised", cuName(r.d.CU()), r.d.Stats().CBs, cause(r.statack()), qemuCBLimit)
	}
	if len(r.events(kindCULimit)) != 1 {
		t.Error("no cu.limit event")
	}
}

func TestMisalignedCB(t *testing.T) {
	q := newRig(t, QEMU)
	q.tcb(cbAt(0)+1, CmdEL, 0, frame(broadcastMAC, 60))
	q.command(CUStart, cbAt(0)+1)
	if len(q.w.frames) != 1 {
		t.Errorf("qemu: %d frames from a CB at an odd address, want 1 (no check)", len(q.w.frames))
	}
	s := newRig(t, Strict)
	s.tcb(cbAt(0)+1, CmdEL, 0, frame(broadcastMAC, 60))
	s.write(SCBPointer, 4, uint32(cbAt(0)+1))
	s.write(SCBCmd, 1, CUStart)
	s.runFail(ClassMisaligned, "odd address", "word aligned")
	// Word aligned is enough.
	w := newRig(t, Strict)
	w.tcb(cbAt(0)+2, CmdEL, 0, frame(broadcastMAC, 60))
	w.command(CUStart, cbAt(0)+2)
	if len(w.w.frames) != 1 {
		t.Errorf("strict: %d frames from a CB at 2 mod 4, want 1", len(w.w.frames))
	}
}

func TestCUBaseAddsToPointerAndLinks(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.cb(cbAt(0), OpNOP, cbStride, nil) // link relative to the base
		r.tcb(cbAt(1), CmdEL, 0, frame(broadcastMAC, 60))
		r.command(CULoadBase, cblAddr)
		r.command(CUStart, 0)
		if len(r.w.frames) != 1 || r.u16(cbAt(1)) != StatC|StatOK {
			t.Errorf("%d frames, second CB status %#04x; want 1 and C|OK", len(r.w.frames), r.u16(cbAt(1)))
		}
	})
}

func TestIASetupAndConfigure(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		ia := []byte{2, 0, 0, 0, 0, 9}
		conf := make([]byte, configBytes)
		conf[0] = configBytes
		conf[15] = 0x01 // promiscuous
		r.cb(cbAt(0), OpIASetup, cbAt(1), ia)
		r.cb(cbAt(1), OpConfigure|CmdEL, 0, conf)
		r.command(CUStart, cbAt(0))
		if got := r.d.IA(); !bytes.Equal(got[:], ia) {
			t.Errorf("IA = % x, want % x", got, ia)
		}
		if r.d.conf[15] != 0x01 || r.u16(cbAt(1)) != StatC|StatOK {
			t.Errorf("configure byte 15 = %#x, status %#04x; want promiscuous and C|OK", r.d.conf[15], r.u16(cbAt(1)))
		}
	})
}

func TestMulticastSetup(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		group := []byte{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}
		params := append([]byte{6, 0}, group...)
		r.cb(cbAt(0), OpMulticast|CmdEL, 0, params)
		r.command(CUStart, cbAt(0))
		if !r.d.hashHit(group) {
			t.Error("multicast group not in the hash after setup")
		}
		r.rfd(rfdAt(0), CmdEL, 0, 1518)
		r.command(RUStart, rfdAt(0))
		r.d.Receive(frame([6]byte(group), 60))
		r.d.Receive(frame([6]byte{0x01, 0, 0x5e, 0, 0, 0x99}, 60))
		r.run()
		if s := r.d.Stats(); s.RXFrames != 1 || s.RXFiltered != 1 {
			t.Errorf("RX %d frames, %d filtered; want the member in, the other out", s.RXFrames, s.RXFiltered)
		}
	})
}

func TestFlexibleTransmit(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		f := frame(broadcastMAC, 100)
		tbdArr, buf := dumpArea, dumpArea+0x100
		copy(r.mem(buf, 100), f)
		tbd := r.mem(tbdArr, 16)
		le.PutUint32(tbd[0:], uint32(buf))
		le.PutUint32(tbd[4:], 40)
		le.PutUint32(tbd[8:], uint32(buf+40))
		le.PutUint32(tbd[12:], 60|1<<16) // EL
		params := make([]byte, 8)
		le.PutUint32(params[0:], uint32(tbdArr))
		params[7] = 2 // TBD number
		r.cb(cbAt(0), OpTransmit|CmdSF|CmdEL, 0, params)
		r.command(CUStart, cbAt(0))
		if len(r.w.frames) != 1 || !bytes.Equal(r.w.frames[0], f) {
			t.Errorf("wire = %x, want the two TBD buffers as one frame", r.w.frames)
		}
	})
}

func TestQEMUNoCRCInsertionNotSent(t *testing.T) {
	r := newRig(t, QEMU)
	r.tcb(cbAt(0), CmdEL|CmdNC, 0, frame(broadcastMAC, 60))
	r.command(CUStart, cbAt(0))
	if len(r.w.frames) != 0 || r.u16(cbAt(0)) != StatC {
		t.Errorf("%d frames, status %#04x; want none sent and C without OK", len(r.w.frames), r.u16(cbAt(0)))
	}
}

func TestStrictPadsShortFrames(t *testing.T) {
	r := newRig(t, Strict)
	conf := make([]byte, configBytes)
	conf[0] = configBytes
	conf[18] = 0x02 // padding
	r.cb(cbAt(0), OpConfigure, cbAt(1), conf)
	r.tcb(cbAt(1), CmdEL, 0, frame(broadcastMAC, 42))
	r.command(CUStart, cbAt(0))
	if len(r.w.frames) != 1 || len(r.w.frames[0]) != minFrame || r.w.frames[0][59] != 0x7E {
		t.Errorf("wire = %x, want one 60-byte frame padded with 0x7E", r.w.frames)
	}
}

func TestDeclareDMA(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.cb(cbAt(0), OpNOP, cbAt(1), nil)
		r.tcb(cbAt(1), CmdEL, 0, frame(broadcastMAC, 60))
		r.rfd(rfdAt(0), 0, rfdAt(1), 1518)
		r.command(CUStart, cbAt(0))
		r.command(CUStart, cbAt(0))
		r.command(RUStart, rfdAt(0))
		// CB 0 at CU start; CB 1 (header, then header and frame) when CB 0
		// links to it; nothing past CB 1, which has EL and a link of 0; each
		// once. RFD 0 (header, then with its buffer) at RU start.
		want := []uint64{cbAt(0), cbAt(1), cbAt(1), rfdAt(0), rfdAt(0)}
		if len(r.declared) != len(want) {
			t.Fatalf("declared %x, want %x", r.declared, want)
		}
		for i := range want {
			if r.declared[i] != want[i] {
				t.Errorf("declared[%d] = %#x, want %#x", i, r.declared[i], want[i])
			}
		}
	})
}

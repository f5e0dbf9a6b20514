package i8255x

import (
	"bytes"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// rxOne starts the RU on rfds and delivers f.
func rxOne(r *rig, f []byte) {
	r.command(RUStart, rfdAt(0))
	r.d.Receive(f)
	r.run()
}

func TestRXIntoELRFD(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.rfd(rfdAt(0), CmdEL, rfdAt(1), 1518)
		f := frame(r.d.IA(), 100)
		rxOne(r, f)
		status, count := uint16(StatC|StatOK), uint16(100)
		if p == Strict {
			status |= rfdType          // IPv4: a type field, not a length
			count |= countEOF | countF // QEMU leaves them out
		}
		if st := r.u16(rfdAt(0)); st != status {
			t.Errorf("RFD status = %#04x, want %#04x", st, status)
		}
		if got := r.u16(rfdAt(0) + offCount); got != count {
			t.Errorf("actual count = %#04x, want %#04x", got, count)
		}
		if got := r.mem(rfdAt(0)+offData, 100); !bytes.Equal(got, f) {
			t.Errorf("data = %x, want %x", got, f)
		}
		if r.statack() != FR|RNR || r.d.RU() != RUNoResources {
			t.Errorf("STAT/ACK %s RU %s, want FR|RNR and no resources", cause(r.statack()), ruName(r.d.RU()))
		}
	})
}

func TestRXWhileRUIdleDropped(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.d.Receive(frame(r.d.IA(), 60))
		r.d.Receive(frame(r.d.IA(), 60))
		r.run()
		s := r.d.Stats()
		if s.RXNoResources != 2 || s.RXDropped != 2 || s.RXFrames != 0 {
			t.Errorf("stats %+v, want 2 dropped for no resources", s)
		}
		wantRNR := uint64(2) // QEMU: one RNR per dropped frame
		if p == Strict {
			wantRNR = 0 // RNR marks the RU leaving ready, which it never was
		}
		if s.RNR != wantRNR {
			t.Errorf("%d RNR raised, want %d", s.RNR, wantRNR)
		}
	})
}

func TestRXChainAndSuspend(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.rfd(rfdAt(0), 0, rfdAt(1), 1518)
		r.rfd(rfdAt(1), CmdS, rfdAt(2), 1518)
		r.rfd(rfdAt(2), CmdEL, rfdAt(0), 1518)
		r.command(RUStart, rfdAt(0))
		for i := 0; i < 3; i++ {
			r.d.Receive(frame(r.d.IA(), 60+i))
		}
		r.run()
		if s := r.d.Stats(); s.RXFrames != 2 || s.RXNoResources != 1 || r.d.RU() != RUSuspended {
			t.Fatalf("RU %s stats %+v: want 2 frames in, 1 dropped while suspended", ruName(r.d.RU()), s)
		}
		r.command(RUResume, 0)
		r.d.Receive(frame(r.d.IA(), 80))
		r.run()
		if r.u16(rfdAt(2)+offCount)&countMask != 80 || r.d.RU() != RUNoResources {
			t.Errorf("third RFD count %#x RU %s, want 80 and no resources", r.u16(rfdAt(2)+offCount), ruName(r.d.RU()))
		}
	})
}

func TestRXSizeZeroRFD(t *testing.T) {
	q := newRig(t, QEMU)
	q.rfd(rfdAt(0), CmdEL, rfdAt(1), 0)
	rxOne(q, frame(q.d.IA(), 60))
	if st, n := q.u16(rfdAt(0)), q.u16(rfdAt(0)+offCount); st != StatC|StatOK || n != 0 {
		t.Errorf("qemu: status %#04x count %d, want C|OK and 0 (the frame truncated to nothing)", st, n)
	}
	if q.statack() != FR|RNR || q.d.Stats().RXTruncated != 1 {
		t.Errorf("qemu: STAT/ACK %s, want FR|RNR and one truncation", cause(q.statack()))
	}

	s := newRig(t, Strict)
	s.rfd(rfdAt(0), CmdEL, rfdAt(1), 0)
	rxOne(s, frame(s.d.IA(), 60))
	if st, n := s.u16(rfdAt(0)), s.u16(rfdAt(0)+offCount); st != 0 || n != 0 {
		t.Errorf("strict: size-0 RFD written: status %#04x count %#x", st, n)
	}
	if s.statack() != RNR || s.d.RU() != RUNoResources || s.d.Stats().RXNoResources != 1 {
		t.Errorf("strict: STAT/ACK %s RU %s stats %+v, want RNR, no resources, the frame dropped", cause(s.statack()), ruName(s.d.RU()), s.d.Stats())
	}
}

func TestRXSizeZeroWithoutELSkipped(t *testing.T) {
	r := newRig(t, Strict)
	r.rfd(rfdAt(0), 0, rfdAt(1), 0)
	r.rfd(rfdAt(1), CmdEL, rfdAt(0), 1518)
	rxOne(r, frame(r.d.IA(), 60))
	if r.u16(rfdAt(0)) != 0 || r.u16(rfdAt(1)) != StatC|StatOK|rfdType {
		t.Errorf("statuses %#04x %#04x, want the size-0 RFD skipped and the next one used", r.u16(rfdAt(0)), r.u16(rfdAt(1)))
	}
	if len(r.events(kindRFDSkip)) != 1 {
		t.Error("no rfd.skip event")
	}
}

func TestRXTruncated(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.rfd(rfdAt(0), CmdEL, 0, 64)
		rxOne(r, frame(r.d.IA(), 100))
		want := uint16(StatC | StatOK) // QEMU truncates silently
		if p == Strict {
			want = StatC | rfdTooSmall | rfdType
		}
		if st := r.u16(rfdAt(0)); st != want {
			t.Errorf("status %#04x, want %#04x", st, want)
		}
		if n := r.u16(rfdAt(0)+offCount) & countMask; n != 64 {
			t.Errorf("count %d, want 64", n)
		}
	})
}

func TestRXFilter(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.rfd(rfdAt(0), 0, rfdAt(1), 1518)
		r.rfd(rfdAt(1), CmdEL, 0, 1518)
		r.command(RUStart, rfdAt(0))
		r.d.Receive(frame([6]byte{2, 0, 0, 0, 0, 1}, 60)) // someone else
		r.d.Receive(frame(broadcastMAC, 60))
		r.d.Receive(frame(r.d.IA(), 42)) // short: padded
		r.run()
		s := r.d.Stats()
		if s.RXFrames != 2 || s.RXFiltered != 1 {
			t.Fatalf("stats %+v, want 2 in, 1 filtered", s)
		}
		if st := r.u16(rfdAt(0)); st&rfdNoIA == 0 {
			t.Errorf("broadcast RFD status %#04x lacks the no-IA-match bit", st)
		}
		if n := r.u16(rfdAt(1)+offCount) & countMask; n != minFrame {
			t.Errorf("short frame count %d, want padded to %d", n, minFrame)
		}
	})
}

func TestRXMisalignedRFD(t *testing.T) {
	q := newRig(t, QEMU)
	q.rfd(rfdAt(0)+1, CmdEL, 0, 1518)
	q.command(RUStart, rfdAt(0)+1)
	q.d.Receive(frame(q.d.IA(), 60))
	q.run()
	if q.d.Stats().RXFrames != 1 {
		t.Error("qemu: a frame into an RFD at an odd address must land (no check)")
	}
	s := newRig(t, Strict)
	s.rfd(rfdAt(0)+1, CmdEL, 0, 1518)
	s.command(RUStart, rfdAt(0)+1)
	s.d.Receive(frame(s.d.IA(), 60))
	s.runFail(ClassMisaligned, "RFD at", "word aligned")
	// NetBSD places RFDs at 2 mod 4: fine.
	w := newRig(t, Strict)
	w.rfd(rfdAt(0)+2, CmdEL, 0, 1518)
	w.command(RUStart, rfdAt(0)+2)
	w.d.Receive(frame(w.d.IA(), 60))
	w.run()
	if w.d.Stats().RXFrames != 1 {
		t.Error("strict: an RFD at 2 mod 4 must work")
	}
}

func TestRXStrictFIFOOverrun(t *testing.T) {
	r := newRig(t, Strict)
	for i := 0; i < DefaultRXFIFO+2; i++ {
		r.d.Receive(frame(r.d.IA(), 60))
	}
	if s := r.d.Stats(); s.RXOverrun != 2 || r.d.Pending() != DefaultRXFIFO {
		t.Errorf("overruns %d pending %d, want 2 and %d", s.RXOverrun, r.d.Pending(), DefaultRXFIFO)
	}
}

func TestRUAbort(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		r := newRig(t, p)
		r.rfd(rfdAt(0), CmdEL, 0, 1518)
		r.command(RUStart, rfdAt(0))
		r.command(RUAbort, 0)
		if r.d.RU() != RUIdle || r.statack() != RNR {
			t.Errorf("RU %s STAT/ACK %s after abort, want idle and RNR", ruName(r.d.RU()), cause(r.statack()))
		}
	})
}

func TestRXDMAOutsideRAM(t *testing.T) {
	q := newRig(t, QEMU)
	q.command(RUStart, 0x1000) // below RAM: QEMU reads zeros, writes vanish
	q.d.Receive(frame(q.d.IA(), 60))
	q.run()
	if len(q.events(kindDMAUnmapped)) == 0 {
		t.Error("qemu: no dma.unmapped event")
	}
	s := newRig(t, Strict)
	s.command(RUStart, 0x1000)
	s.d.Receive(frame(s.d.IA(), 60))
	s.runFail(sim.ClassDMAFault, "RFD")
}

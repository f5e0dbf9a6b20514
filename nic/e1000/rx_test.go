package e1000

import (
	"bytes"
	"hash/crc32"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

func TestRXQEMUBlackoutThenDelivery(t *testing.T) {
	r := newQEMU(t)
	r.m.Trace.KeepAll(true)
	r.setupRX(16, 0)
	r.d.Write(IMS, RXT0)
	f := frame(DefaultMAC, 42)
	r.d.Receive(f)
	if r.m.Enabled(r.d.rxID) || r.d.Pending() != 1 {
		t.Fatal("frame not held during the RCTL blackout")
	}
	r.run()
	got := r.events(kindRXFrame)
	if len(got) != 1 || got[0].T < sim.Second {
		t.Fatalf("rx.frame events = %v, want one at t >= 1s", got)
	}
	desc := r.rxDesc(0)
	if l := le.Uint16(desc[8:]); l != 60 {
		t.Errorf("length = %d, want 60 (padded, CRC stripped)", l)
	}
	if st := desc[12]; st != rxStaDD|rxStaEOP|rxStaIXSM {
		t.Errorf("status = %#x, want DD|EOP|IXSM", st)
	}
	want := append(bytes.Clone(f), make([]byte, 18)...)
	if !bytes.Equal(r.rxBuf(0, 60), want) {
		t.Errorf("buffer = %x, want %x", r.rxBuf(0, 60), want)
	}
	if h := r.d.Read(RDH); h != 1 {
		t.Errorf("RDH = %d, want 1", h)
	}
	if !r.m.IRQLine() || r.d.Read(ICR)&RXT0 == 0 {
		t.Error("want RXT0 and the line up")
	}
}

func TestRXQEMUEveryRCTLWriteRestartsBlackout(t *testing.T) {
	r := newQEMU(t)
	r.m.Trace.KeepAll(true)
	r.setupRX(16, 0)
	r.m.Clock.After(500*sim.Millisecond, sim.TimerFunc(func(*sim.Machine) {
		r.d.Write(RCTL, r.d.Read(RCTL))
	}))
	r.d.Receive(frame(DefaultMAC, 60))
	r.run()
	if got := r.events(kindRXFrame); len(got) != 1 || got[0].T != 1500*sim.Millisecond {
		t.Fatalf("rx.frame = %v, want one at 1.5s", got)
	}
}

func TestRXQEMUNoBuffersHoldsThenRDTReleases(t *testing.T) {
	r := newQEMU(t)
	r.setupRXTail(8, 0, 0) // RDH == RDT: no buffers
	r.m.Clock.After(2*sim.Second, sim.TimerFunc(func(*sim.Machine) {}))
	r.d.Receive(frame(DefaultMAC, 60))
	r.d.Receive(frame(DefaultMAC, 60))
	r.run()
	if r.d.Pending() != 2 || r.d.Stats().RXDropped != 0 {
		t.Fatalf("pending %d dropped %d, want both held, none dropped", r.d.Pending(), r.d.Stats().RXDropped)
	}
	r.d.Write(RDT, 7)
	r.run()
	if r.d.Pending() != 0 || r.d.Read(RDH) != 2 || r.d.Stats().RXFrames != 2 {
		t.Fatalf("pending %d RDH %d frames %d, want 0 2 2", r.d.Pending(), r.d.Read(RDH), r.d.Stats().RXFrames)
	}
}

func TestRXQEMUKeepsErrorsAndChecksum(t *testing.T) {
	r := newQEMU(t)
	r.setupRX(8, 0)
	r.rxDesc(0)[13] = 0xFF // errors left by the driver
	le.PutUint16(r.rxDesc(0)[10:], 0x1234)
	r.d.Receive(frame(DefaultMAC, 60))
	r.run()
	if d := r.rxDesc(0); d[13] != 0xFF || le.Uint16(d[10:]) != 0x1234 {
		t.Errorf("errors %#x csum %#x, want the driver's 0xff 0x1234 (QEMU does not clear them)", d[13], le.Uint16(d[10:]))
	}
}

func TestRXSpansDescriptors(t *testing.T) {
	for _, p := range []Personality{QEMU, Strict} {
		t.Run(p.String(), func(t *testing.T) {
			r := newRig(t, Config{Personality: p})
			r.setupRX(8, rctlLPE)
			f := frame(DefaultMAC, 3000)
			r.d.Receive(f)
			r.run()
			d0, d1 := r.rxDesc(0), r.rxDesc(1)
			if le.Uint16(d0[8:]) != 2048 || le.Uint16(d1[8:]) != 3000-2048 {
				t.Errorf("lengths %d %d, want 2048 952", le.Uint16(d0[8:]), le.Uint16(d1[8:]))
			}
			if d0[12]&(rxStaDD|rxStaEOP) != rxStaDD || d1[12]&(rxStaDD|rxStaEOP) != rxStaDD|rxStaEOP {
				t.Errorf("status %#x %#x, want DD then DD|EOP", d0[12], d1[12])
			}
			got := append(bytes.Clone(r.rxBuf(0, 2048)), r.rxBuf(1, 952)...)
			if !bytes.Equal(got, f) {
				t.Error("frame bytes differ across the two buffers")
			}
		})
	}
}

func TestRXFilter(t *testing.T) {
	other := [6]byte{0x52, 0x54, 0x00, 0x12, 0x34, 0x99}
	mcast := [6]byte{0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}
	h := (uint32(mcast[5])<<8 | uint32(mcast[4])) >> 4 & 0xFFF
	cases := []struct {
		name  string
		dst   [6]byte
		rctl  uint32
		mta   bool
		taken bool
	}{
		{"own-unicast", DefaultMAC, 0, false, true},
		{"other-unicast", other, 0, false, false},
		{"other-unicast-UPE", other, rctlUPE, false, true},
		{"broadcast-BAM", broadcast, rctlBAM, false, true},
		{"broadcast-no-BAM", broadcast, 0, false, false},
		{"multicast-no-hash", mcast, 0, false, false},
		{"multicast-MTA-hash", mcast, 0, true, true},
		{"multicast-MPE", mcast, rctlMPE, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newStrict(t)
			r.setupRX(8, 0)
			r.d.Write(RCTL, rctlEN|rctlSECRC|c.rctl)
			if c.mta {
				r.d.Write(MTA+4*(h>>5), 1<<(h&31))
			}
			r.d.Receive(frame(c.dst, 60))
			r.run()
			if got := r.d.Stats().RXFrames == 1; got != c.taken {
				t.Errorf("received = %v, want %v (stats %+v)", got, c.taken, r.d.Stats())
			}
		})
	}
}

func TestRXOversize(t *testing.T) {
	r := newQEMU(t)
	r.setupRX(8, 0)
	r.d.Receive(frame(DefaultMAC, maxFrame+1))
	r.d.Receive(frame(DefaultMAC, maxFrame))
	r.run()
	s := r.d.Stats()
	if s.RXOversize != 1 || s.RXFrames != 1 || r.d.Read(ROC) != 1 {
		t.Errorf("stats %+v ROC, want 1 oversize and 1 frame", s)
	}
}

func TestRXQEMUOverrunWhenFrameNeedsMoreDescriptors(t *testing.T) {
	r := newQEMU(t)
	r.setupRXTail(8, 1, rctlLPE) // one descriptor for a two-descriptor frame
	r.d.Receive(frame(DefaultMAC, 3000))
	r.run()
	if s := r.d.Stats(); s.RXOverrun != 1 || r.d.Read(ICR)&RXO == 0 || r.d.Read(MPC) != 1 {
		t.Errorf("stats %+v, want an overrun with RXO and MPC", s)
	}
}

func TestRXStrictStepsAndClearsErrors(t *testing.T) {
	r := newStrict(t)
	r.setupRX(8, 0)
	r.rxDesc(0)[13] = 0xFF
	f := frame(DefaultMAC, 60)
	r.d.Receive(f)
	r.d.stepRX() // fetch
	if !bytes.Equal(r.rxBuf(0, 60), make([]byte, 60)) {
		t.Fatal("buffer written at the fetch step")
	}
	r.d.stepRX() // data
	if !bytes.Equal(r.rxBuf(0, 60), f) || r.rxDesc(0)[12] != 0 {
		t.Fatal("want data written, status not yet")
	}
	r.d.stepRX() // status
	d := r.rxDesc(0)
	if d[12] != rxStaDD|rxStaEOP || d[13] != 0 || le.Uint16(d[8:]) != 60 {
		t.Errorf("status %#x errors %#x len %d, want DD|EOP 0 60", d[12], d[13], le.Uint16(d[8:]))
	}
	if r.d.r.rd.head != 1 || r.d.Read(ICR)&RXT0 == 0 {
		t.Error("want RDH 1 and RXT0")
	}
}

func TestRXStrictStoresFCSWithoutSECRC(t *testing.T) {
	r := newStrict(t)
	r.setupRX(8, 0)
	r.d.Write(RCTL, rctlEN|rctlBAM) // no SECRC
	f := frame(DefaultMAC, 60)
	r.d.Receive(f)
	r.run()
	if l := le.Uint16(r.rxDesc(0)[8:]); l != 64 {
		t.Fatalf("length = %d, want 64", l)
	}
	if got, want := le.Uint32(r.rxBuf(0, 64)[60:]), crc32.ChecksumIEEE(f); got != want {
		t.Errorf("FCS = %#x, want %#x", got, want)
	}
}

func TestRXStrictFIFOOverrun(t *testing.T) {
	r := newRig(t, Config{Personality: Strict, RXFIFO: 2})
	r.setupRXTail(8, 0, 0) // no descriptors: frames pile up in the packet buffer
	r.d.Write(IMS, RXO)
	for i := 0; i < 3; i++ {
		r.d.Receive(frame(DefaultMAC, 60))
	}
	if s := r.d.Stats(); s.RXOverrun != 1 || r.d.Pending() != 2 {
		t.Fatalf("stats %+v pending %d, want 1 overrun and 2 held", s, r.d.Pending())
	}
	if !r.m.IRQLine() || r.d.Read(ICR) != RXO || r.d.Read(MPC) != 1 {
		t.Error("want RXO on the line and MPC = 1")
	}
	r.d.Write(RDT, 7)
	r.run()
	if r.d.Stats().RXFrames != 2 {
		t.Errorf("frames = %d after adding buffers, want 2", r.d.Stats().RXFrames)
	}
}

func TestRXStrictDisabledDrops(t *testing.T) {
	r := newStrict(t)
	r.d.Receive(frame(DefaultMAC, 60))
	if s := r.d.Stats(); s.RXDisabled != 1 || r.d.Pending() != 0 {
		t.Errorf("stats %+v, want the frame dropped", s)
	}
}

func TestRXNoReceiveWhenRDHEqualsRDT(t *testing.T) {
	for _, p := range []Personality{QEMU, Strict} {
		t.Run(p.String(), func(t *testing.T) {
			r := newRig(t, Config{Personality: p})
			r.setupRXTail(8, 0, 0)
			r.d.Receive(frame(DefaultMAC, 60))
			r.run()
			if r.d.Stats().RXFrames != 0 || r.rxDesc(0)[12] != 0 {
				t.Error("device wrote a descriptor with RDH == RDT")
			}
		})
	}
}

func TestRXDMT0(t *testing.T) {
	r := newQEMU(t)
	r.setupRX(8, 0) // RDMTS = 1/2: RXDMT0 when <= 4 descriptors are left
	r.d.Receive(frame(DefaultMAC, 60))
	r.d.Receive(frame(DefaultMAC, 60))
	r.run() // 7 -> 5 left
	if icr := r.d.Read(ICR); icr&RXDMT0 != 0 {
		t.Fatalf("ICR = %s with 5 of 8 left", causes(icr))
	}
	r.d.Receive(frame(DefaultMAC, 60))
	r.run() // 4 left
	if icr := r.d.Read(ICR); icr&RXDMT0 == 0 {
		t.Errorf("ICR = %s, want RXDMT0 with 4 of 8 left", causes(icr))
	}
}

func TestRXStrictDelayTimer(t *testing.T) {
	r := newStrict(t)
	r.m.Trace.KeepAll(true)
	r.setupRX(8, 0)
	r.d.Write(RDTR, 10) // 10.24 us after the last frame
	r.d.Write(IMS, RXT0)
	r.d.Receive(frame(DefaultMAC, 60))
	r.run()
	ev := r.events(kindIRQ)
	if len(ev) != 1 || ev[0].T < 10240 {
		t.Fatalf("irq events %v, want one raised at least 10.24us in", ev)
	}
}

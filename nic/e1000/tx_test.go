package e1000

import (
	"bytes"
	"testing"
)

func TestTXQEMUOneFrame(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(16)
	r.d.Write(IMS, TXDW)
	f := frame(broadcast, 42)
	slot := r.send(f, txCmdEOP|txCmdRS)
	// Synchronous: everything happened inside the TDT write.
	if len(r.w.frames) != 1 || !bytes.Equal(r.w.frames[0], f) {
		t.Fatalf("wire = %x, want one frame %x (QEMU does not pad)", r.w.frames, f)
	}
	if st := r.txStatus(slot); st != txStaDD {
		t.Errorf("status = %#x, want DD", st)
	}
	if h := r.d.Read(TDH); h != 1 {
		t.Errorf("TDH = %d, want 1", h)
	}
	if !r.m.IRQLine() {
		t.Error("IRQ line low, want high (TXDW enabled)")
	}
	if icr := r.d.Read(ICR); icr != TXDW|TXQE {
		t.Errorf("ICR = %s, want TXDW|TXQE", causes(icr))
	}
	if r.m.IRQLine() {
		t.Error("IRQ line still high after reading ICR")
	}
}

func TestTXQEMUNoRSNoDD(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(8)
	slot := r.send(frame(broadcast, 60), txCmdEOP)
	if len(r.w.frames) != 1 {
		t.Fatalf("frames = %d, want 1", len(r.w.frames))
	}
	if st := r.txStatus(slot); st != 0 {
		t.Errorf("status = %#x, want 0 (no RS, no write-back)", st)
	}
	if icr := r.d.Read(ICR); icr != TXQE {
		t.Errorf("ICR = %s, want TXQE only", causes(icr))
	}
}

func TestTXQEMUStagingWithoutEOP(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(8)
	a, b := frame(broadcast, 30), bytes.Repeat([]byte{0xAB}, 20)
	r.send(a, txCmdRS) // no EOP: staged, nothing sent
	if len(r.w.frames) != 0 {
		t.Fatalf("sent %d frames before EOP", len(r.w.frames))
	}
	if st := r.txStatus(0); st != txStaDD {
		t.Errorf("slot 0 status = %#x, want DD (RS is honoured without EOP)", st)
	}
	r.send(b, txCmdEOP|txCmdRS) // a later TDT write completes the packet
	want := append(bytes.Clone(a), b...)
	if len(r.w.frames) != 1 || !bytes.Equal(r.w.frames[0], want) {
		t.Fatalf("wire = %x, want one frame %x", r.w.frames, want)
	}
}

func TestTXQEMUZeroLengthEOPSendsEmptyFrame(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(8)
	r.send(nil, txCmdEOP|txCmdRS)
	if len(r.w.frames) != 1 || len(r.w.frames[0]) != 0 {
		t.Fatalf("wire = %x, want one 0-byte frame", r.w.frames)
	}
}

func TestTXQEMUMisalignedBaseIsRoundedDown(t *testing.T) {
	r := newQEMUMasking(t)
	r.setupTX(8)
	r.d.Write(TDBAL, uint32(txRingAddr)+8) // driver's ring at +8
	if v := r.d.Read(TDBAL); v != uint32(txRingAddr)+8 {
		t.Errorf("TDBAL reads %#x, want the written %#x", v, uint32(txRingAddr)+8)
	}
	f := frame(broadcast, 60)
	r.send(f, txCmdEOP|txCmdRS) // descriptor written at the aligned address
	if len(r.w.frames) != 1 || !bytes.Equal(r.w.frames[0], f) {
		t.Fatalf("wire = %x, want the frame of the descriptor at the rounded-down base", r.w.frames)
	}
	if st := r.txStatus(0); st != txStaDD {
		t.Errorf("DD landed elsewhere: status at rounded base = %#x", st)
	}
}

func TestTXQEMULengthMaskedToZero(t *testing.T) {
	r := newQEMUMasking(t)
	r.setupTX(8)
	r.d.Write(TDLEN, 3*descSize) // 48 bytes: masked to 0
	if v := r.d.Read(TDLEN); v != 0 {
		t.Fatalf("TDLEN reads %d, want 0", v)
	}
	f := frame(broadcast, 60)
	r.fillTX(0, f, txCmdEOP|txCmdRS)
	r.d.Write(TDT, 1) // one descriptor, then TDH wraps to 0
	if h := r.d.Read(TDH); h != 0 || len(r.w.frames) != 1 {
		t.Fatalf("TDH = %d frames = %d, want 0 and 1", h, len(r.w.frames))
	}
	r.d.Write(TDT, 2) // TDH (0) != TDT: descriptor 0 is sent again
	if len(r.w.frames) != 2 || !bytes.Equal(r.w.frames[1], f) {
		t.Fatalf("frames = %d, want the stale descriptor 0 re-sent", len(r.w.frames))
	}
}

func TestTXQEMUTDTOutsideRingLapsOnce(t *testing.T) {
	r := newQEMUMasking(t)
	r.m.Trace.KeepAll(true)
	r.setupTX(8)
	for i := uint32(0); i < 8; i++ {
		r.fillTX(i, frame(broadcast, 60), txCmdEOP|txCmdRS)
	}
	r.d.Write(TDT, 20)
	if len(r.w.frames) != 8 {
		t.Errorf("frames = %d, want one lap of 8", len(r.w.frames))
	}
	if h := r.d.Read(TDH); h != 0 {
		t.Errorf("TDH = %d, want 0 after the lap", h)
	}
	if n := len(r.events(kindWrap)); n != 1 {
		t.Errorf("wraparound events = %d, want 1", n)
	}
}

func TestTXQEMUDisabledThenTCTLKicks(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(8)
	r.d.Write(TCTL, 0)
	if icr := r.d.Read(ICR); icr != TXQE {
		t.Errorf("ICR = %s, want TXQE from enabling TX on an empty ring", causes(icr))
	}
	r.send(frame(broadcast, 60), txCmdEOP|txCmdRS)
	if len(r.w.frames) != 0 || r.d.Read(ICR) != 0 {
		t.Fatal("transmitted or interrupted with TCTL.EN = 0")
	}
	r.d.Write(TCTL, tctlEN)
	if len(r.w.frames) != 1 {
		t.Fatalf("frames = %d after enabling, want 1", len(r.w.frames))
	}
}

func TestTXStrictOneFrameInSteps(t *testing.T) {
	r := newStrict(t)
	r.setupTX(8)
	r.d.Write(IMS, TXDW)
	f := frame(broadcast, 42)
	slot := r.send(f, txCmdEOP|txCmdRS)
	if len(r.w.frames) != 0 || !r.m.Enabled(r.d.txID) {
		t.Fatalf("strict sent inside the TDT write or left nic.tx disabled")
	}
	r.d.stepTX() // fetch
	if len(r.w.frames) != 0 {
		t.Fatal("frame sent at the descriptor fetch")
	}
	r.d.stepTX() // data: on the wire, padded to 60 (PSP)
	if len(r.w.frames) != 1 || len(r.w.frames[0]) != 60 || !bytes.Equal(r.w.frames[0][:42], f) {
		t.Fatalf("wire = %x, want the frame padded to 60", r.w.frames)
	}
	if st := r.txStatus(slot); st != 0 || r.d.r.td.head != 0 {
		t.Fatalf("status %#x TDH %d before the write-back step, want 0 0", st, r.d.r.td.head)
	}
	r.d.stepTX() // write-back
	if st := r.txStatus(slot); st != txStaDD {
		t.Errorf("status = %#x, want DD", st)
	}
	if r.d.r.td.head != 1 || r.m.Enabled(r.d.txID) {
		t.Errorf("TDH = %d enabled = %v, want 1 and idle", r.d.r.td.head, r.m.Enabled(r.d.txID))
	}
	if !r.m.IRQLine() || r.d.Read(ICR) != TXDW|TXQE {
		t.Error("want the line up and ICR = TXDW|TXQE")
	}
}

func TestTXStrictNoRS(t *testing.T) {
	r := newStrict(t)
	r.setupTX(8)
	r.send(frame(broadcast, 60), txCmdEOP)
	r.send(frame(broadcast, 60), txCmdEOP)
	r.run()
	if len(r.w.frames) != 2 || r.txStatus(0) != 0 || r.txStatus(1) != 0 {
		t.Fatalf("frames %d status %#x %#x, want 2 frames and no DD", len(r.w.frames), r.txStatus(0), r.txStatus(1))
	}
	if icr := r.d.Read(ICR); icr != TXQE {
		t.Errorf("ICR = %s, want TXQE", causes(icr))
	}
}

func TestTXStrictNullAddressTransfersNothing(t *testing.T) {
	r := newStrict(t)
	r.setupTX(8)
	r.fillTX(0, frame(broadcast, 60), txCmdRS)
	le.PutUint64(r.mem(txRingAddr, 8), 0) // null buffer, no EOP
	r.fillTX(1, frame(broadcast, 60), txCmdEOP|txCmdRS)
	r.d.Write(TDT, 2)
	r.run()
	if len(r.w.frames) != 1 || len(r.w.frames[0]) != 60 {
		t.Fatalf("wire = %d frames, want one 60-byte frame", len(r.w.frames))
	}
	if r.txStatus(0) != txStaDD {
		t.Error("null descriptor with RS not written back")
	}
}

// QEMU has no null-address check: it DMA-reads address 0, which is not
// RAM, and sends what unassigned memory reads as (zeros).
func TestTXQEMUNullAddressSendsZeros(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(8)
	r.fillTX(0, frame(broadcast, 60), txCmdEOP|txCmdRS)
	le.PutUint64(r.mem(txRingAddr, 8), 0)
	if v := catch(func() { r.d.Write(TDT, 1) }); v != nil {
		t.Fatalf("verdict %v, want none", v)
	}
	if len(r.w.frames) != 1 || len(r.w.frames[0]) != 60 || r.w.frames[0][0] != 0 {
		t.Fatalf("wire = %d frames, want one 60-byte frame of zeros", len(r.w.frames))
	}
}

// QEMU keeps a packet being staged across a TDH write (set_16bit only
// stores the register).
func TestTXQEMUTDHWriteKeepsStaging(t *testing.T) {
	r := newQEMU(t)
	r.setupTX(8)
	a := frame(broadcast, 30)
	r.send(a, txCmdRS) // staged, no EOP
	r.d.Write(TDH, 1)
	b := bytes.Repeat([]byte{0xCD}, 30)
	r.send(b, txCmdEOP)
	if len(r.w.frames) != 1 || !bytes.Equal(r.w.frames[0], append(bytes.Clone(a), b...)) {
		t.Fatalf("wire = %x, want the staged bytes kept", r.w.frames)
	}
}

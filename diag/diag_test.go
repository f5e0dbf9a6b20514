package diag_test

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/diag"
	_ "github.com/nicsim/nicsim/guest/all"
	_ "github.com/nicsim/nicsim/nic/all"
	"github.com/nicsim/nicsim/sim"
)

func v(class, msg string) *sim.Verdict { return &sim.Verdict{Class: class, Message: msg} }

const reentry = "panic: acquire: lock e1000_tx (0x80008030) acquired by cpu%s in e1000_transmit (e1000.c:136) <- net_rx <- e1000_recv (e1000.c:212) <- e1000_intr (e1000.c:220) (interrupt, t=%s)\n  while cpu%s already holds it since cpu%s in e1000_recv (e1000.c:209) <- e1000_intr (e1000.c:220) (interrupt, t=1.100s)"

func fill(f string, a ...string) string {
	for _, x := range a {
		f = strings.Replace(f, "%s", x, 1)
	}
	return f
}

// Schedule noise (CPUs, times, addresses, descriptor indices) does not
// change a signature; another line, lock or ring does.
func TestSignatureIgnoresScheduleNoise(t *testing.T) {
	same := [][2]*sim.Verdict{
		{v(sim.ClassLockReentry, fill(reentry, "0", "1.1s", "0", "0")), v(sim.ClassLockReentry, fill(reentry, "2", "3.4ms", "2", "2"))},
		{v(sim.ClassUnpublished, "e1000 TX DMA read of descriptor 0 (0x80008260) saw cpu2's store to 0x8000826c..0x8000826d in e1000_transmit (e1000.c:149), which no fence"),
			v(sim.ClassUnpublished, "e1000 TX DMA read of descriptor 5 (0x800082b0) saw cpu1's store to 0x800082b0..0x800082b8 in e1000_transmit (e1000.c:143), which no fence")},
		{v(sim.ClassLostPacket, "guest socket received proc=1 seq=5 but seq=0 never arrived"), v(sim.ClassLostPacket, "quiescent at t=1s with work undone:\n  guest socket got 3 of the peer's 22 echoes to proc 0")},
	}
	for _, p := range same {
		if a, b := diag.SignatureOf(p[0]), diag.SignatureOf(p[1]); a != b {
			t.Errorf("signatures differ: %q vs %q", a, b)
		}
	}
	differ := [][2]*sim.Verdict{
		{v(sim.ClassLockReentry, fill(reentry, "0", "1s", "0", "0")), v(sim.ClassLockReentry, strings.Replace(fill(reentry, "0", "1s", "0", "0"), "e1000.c:136", "e1000.c:140", 1))},
		{v(sim.ClassLostPacket, "peer received proc=1 seq=5 but seq=0 never arrived"), v(sim.ClassLostPacket, "guest socket received proc=1 seq=5 but seq=0 never arrived")},
		{v(sim.ClassCrash, "driver crashed: SIGSEGV in rx_take (e1000.c:178) accessing 0x8"), v(sim.ClassCrash, "driver crashed: SIGSEGV in e1000_transmit (e1000.c:148) accessing 0x0")},
	}
	for _, p := range differ {
		if a, b := diag.SignatureOf(p[0]), diag.SignatureOf(p[1]); a == b {
			t.Errorf("different bugs share signature %q", a)
		}
	}
	if s := diag.SignatureOf(v(sim.ClassLockReentry, fill(reentry, "0", "1s", "0", "0"))); s != "lock-reentry e1000_transmit (e1000.c:136) lock=e1000_tx" {
		t.Errorf("signature %q", s)
	}
}

// Every verdict class is explained in all four parts, in every tier, by
// the registered device and kernel models.
func TestEveryClassExplained(t *testing.T) {
	classes := []string{sim.ClassLockReentry, sim.ClassLockRelease, sim.ClassDeadlock, sim.ClassLivelock,
		sim.ClassLostPacket, sim.ClassDuplicate, sim.ClassRingOwnership, sim.ClassDMAFault, sim.ClassDoubleFree,
		sim.ClassUseAfterFree, sim.ClassLeak, sim.ClassLockOrder, sim.ClassUnpublished, sim.ClassBadFree,
		sim.ClassCrash, sim.ClassPanic, sim.ClassCorrupt, sim.ClassConfig, sim.ClassInternal}
	for _, c := range classes {
		if _, ok := diag.Lookup(c, "e1000", "xv6"); !ok {
			t.Errorf("class %s has no registered explanation", c)
		}
		for _, tier := range diag.Tiers {
			e := diag.Explain(v(c, "x"), diag.Sites{}, tier, "kalloc-fails=1/16", "e1000", "xv6")
			for name, part := range map[string]string{"title": e.Title, "what": e.What, "why": e.Why, "qemu": e.QEMU, "fix": e.Fix} {
				if part == "" || strings.Contains(part, "{") {
					t.Errorf("%s/%s: %s is %q", c, tier, name, part)
				}
			}
		}
	}
}

// A missing fence's fix names the line of the tail write that publishes,
// found in the trace.
func TestMissingFenceFixNamesTheTailWrite(t *testing.T) {
	vd := v(sim.ClassUnpublished, "e1000 TX DMA read of descriptor 2 (0x80008280) saw cpu1's store to 0x8000828c..0x8000828d in e1000_transmit (e1000.c:149), which no fence")
	lines := []string{
		"t=2070 cpu2 at e1000_transmit (e1000.c:150)",
		"t=2070 cpu2 mmio.write TDT=0x2",
		"t=2270 cpu1 mem write addr=0x8000828c len=1",
		"t=2280 cpu1 at e1000_transmit (e1000.c:151)",
		"t=2280 cpu1 mmio.write RDT=0x3",
		"t=2280 cpu1 at e1000_transmit (e1000.c:152)",
		"t=2280 cpu1 mmio.write TDT=0x3",
		"t=2290 nic.tx dma.read addr=0x80008280 len=16",
	}
	s := diag.SitesOf(vd)
	diag.Locate(&s, vd, lines)
	if got := s.Publish.Loc(); got != "e1000.c:152" {
		t.Fatalf("publishing write at %q, want e1000.c:152", got)
	}
	if e := diag.Explain(vd, s, diag.Hardware, "none", "e1000", "xv6"); !strings.Contains(e.Fix, "before e1000.c:152") || !strings.HasPrefix(e.QEMU, "QEMU hides") {
		t.Errorf("explanation %+v", e)
	}
}

func TestParseTier(t *testing.T) {
	for _, tier := range diag.Tiers {
		if got, err := diag.ParseTier(tier.String()); err != nil || got != tier {
			t.Errorf("diag.ParseTier(%q) = %v, %v", tier, got, err)
		}
	}
	if _, err := diag.ParseTier("silicon"); err == nil {
		t.Error("diag.ParseTier(silicon) succeeded")
	}
}

// A lost echo is on the receive path: its fix names the last RDT write,
// whatever registers the message's device summary mentions.
func TestLostPacketFixNamesItsRing(t *testing.T) {
	vd := v(sim.ClassLostPacket, "quiescent at t=1.1s with work undone:\n  guest socket got 15 of the peer's 22 echoes to proc 0 (first missing seq=15)\n  device: TX ring of 16 TDH=0 TDT=0; RX ring of 16 RDH=0 RDT=1")
	lines := []string{
		"t=10 cpu0 at e1000_init (e1000.c:83)", "t=10 cpu0 mmio.write RDT=0xf",
		"t=20 cpu1 at e1000_transmit (e1000.c:150)", "t=20 cpu1 mmio.write TDT=0x1",
	}
	s := diag.SitesOf(vd)
	diag.Locate(&s, vd, lines)
	e := diag.Explain(vd, s, diag.Lab, "none", "e1000", "xv6")
	if !strings.Contains(e.Fix, "RDT write at e1000.c:83") || !strings.Contains(e.What, "receive") {
		t.Errorf("explanation %+v", e)
	}
}

// A leak is the same bug whatever order its message lists the sites that
// took the lost pages in.
func TestLeakSignatureIgnoresSiteOrder(t *testing.T) {
	a := v(sim.ClassLeak, "40 pages lost: taken at e1000_recv (e1000.c:180) and e1000_init (e1000.c:70)")
	b := v(sim.ClassLeak, "41 pages lost: taken at e1000_init (e1000.c:70) and e1000_recv (e1000.c:180)")
	if sa, sb := diag.SignatureOf(a), diag.SignatureOf(b); sa != sb {
		t.Errorf("%q vs %q", sa, sb)
	}
}

// A full lap is the same bug whether the message says the tail moved back
// or caught up with the head, and it is explained as a full ring.
func TestFullLapSignature(t *testing.T) {
	back := v(sim.ClassRingOwnership, "driver moved TDT back from 15 to 0, taking TX descriptor 0 from the device (posted at t=1.820us by TDT=1, not yet processed; TDH=0)")
	caught := v(sim.ClassRingOwnership, "TDT caught up with TDH: TDT=0 makes TDT == TDH while 15 descriptors were pending (the ring holds at most 15)")
	if a, b := diag.SignatureOf(back), diag.SignatureOf(caught); a != b {
		t.Errorf("%q vs %q", a, b)
	}
	if e := diag.Explain(caught, diag.SitesOf(caught), diag.Hardware, "none", "e1000", "xv6"); e.Title != "ring full lap" {
		t.Errorf("caught up explained as %q", e.Title)
	}
}

// An RX tail moved onto the head (the off-by-one RDT = i + 1 of a real
// student's e1000_recv, testdata reallab2020/bugs/rx-offbyone) is explained
// as the receive ring handed over whole, not as a transmit ring's full lap.
func TestRXTailBackExplained(t *testing.T) {
	vd := v(sim.ClassRingOwnership, "driver moved RDT back from 15 to 1 at e1000.c:166 (e1000_recv), taking RX descriptor 1 from the device (posted at t=1.630us by RDT=15, not yet processed; RDH=1)")
	e := diag.Explain(vd, diag.SitesOf(vd), diag.Lab, "none", "e1000", "xv6")
	if !strings.Contains(e.Title, "RDT off by one") || strings.Contains(e.What, "never sent") || !strings.Contains(e.Fix, "e1000.c:166") {
		t.Errorf("explanation %+v", e)
	}
}

// Explanations belong to their device and kernel: another model's run gets
// its own, or the generic one, never e1000's.
func TestExplanationsAreOwned(t *testing.T) {
	vd := v(sim.ClassUnpublished, "DMA read saw a store no fence published")
	if e := diag.Explain(vd, diag.Sites{}, diag.Hardware, "none", "e1000", "xv6"); e.Title != "missing fence" {
		t.Errorf("e1000: %q", e.Title)
	}
	if e := diag.Explain(vd, diag.Sites{}, diag.Hardware, "none", "no-such-device", "no-such-kernel"); e.Title == "missing fence" || e.Fix == "" {
		t.Errorf("another device got e1000's explanation: %+v", e)
	}
}

// Findings name their sites as "at file.c:N (func)"; a missing fence names
// the store and then the tail write, which is the line to fix.
func TestSitesInFindingForm(t *testing.T) {
	vd := v(sim.ClassUnpublished, "e1000 TX DMA read of descriptor 1 (0x80008270) = tx_ring[1] saw cpu2's store to tx_ring[1].status (0x8000827c, 1 byte) at e1000.c:148 (e1000_transmit), which no fence (__sync_synchronize) published before TDT=2 at e1000.c:149 (e1000_transmit) handed it to the device")
	s := diag.SitesOf(vd)
	if s.At.String() != "e1000_transmit (e1000.c:148)" || s.Publish.Loc() != "e1000.c:149" {
		t.Errorf("sites %+v", s)
	}
	if sig := diag.SignatureOf(vd); sig != "unpublished-store e1000_transmit ring=TX" {
		t.Errorf("signature %q", sig)
	}
}

// A verdict without a site takes the last driver store of the trace, with
// the function that called it when the trace gives one: a register write in
// a helper (wr16) is named with its caller.
func TestLocateNamesTheCaller(t *testing.T) {
	vd := v("scb-command-lost", "SCB command written before the previous one was accepted")
	lines := []string{
		"t=10 cpu0 at wr16 (eth.c:111) <- command (eth.c:128)",
		"t=10 cpu0 mmio.write SCB.CMD/2=0x160",
	}
	s := diag.SitesOf(vd)
	diag.Locate(&s, vd, lines)
	if got, want := s.At.Chain(), "wr16 (eth.c:111), called from command (eth.c:128)"; got != want {
		t.Errorf("site %q, want %q", got, want)
	}
	if e := diag.Explain(vd, s, diag.Hardware, "none", "i8255x", "eth"); !strings.Contains(e.What, "called from command (eth.c:128)") {
		t.Errorf("explanation %+v does not name the caller", e)
	}
}

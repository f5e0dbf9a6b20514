package agree

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/guest/xv6"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

func needQEMU(tb testing.TB) {
	tb.Helper()
	if err := qemu.Available(); err != nil {
		tb.Skipf("[qemu] skipping: %v", err)
	}
}

func TestCommonVocabulary(t *testing.T) {
	sims := []struct{ class, msg, want string }{
		{sim.ClassPass, "", CommonPass},
		{sim.ClassLockReentry, "panic: acquire: lock e1000 ...", CommonAcquire},
		{sim.ClassLockRelease, "panic: release ...", CommonRelease},
		{sim.ClassDoubleFree, "panic: kfree: page freed twice", CommonKfree},
		{sim.ClassCrash, "driver crashed: SIGSEGV in e1000_transmit", CommonFault},
		{sim.ClassDeadlock, "cpu0 and cpu1 wait for each other", CommonHang},
		{sim.ClassLivelock, "no progress ...\n  cpu1: e1000_intr (interrupt)", CommonHang},
		{sim.ClassLivelock, "no progress ...\n  cpu0: e1000_transmit <- sys_send (proc 0)", CommonLostPacket},
		{sim.ClassLivelock, "interrupt storm: the handler at eth.c:227 (eth_isr) was entered 1000 times in a row", CommonHang},
		{sim.ClassLostPacket, "quiescent with work undone", CommonLostPacket},
		{sim.ClassDuplicate, "peer received proc=0 seq=0 twice", CommonDuplicate},
		{sim.ClassPanic, "panic: pop_off (cpu0: release without acquire)", "panic:pop_off"},
		{sim.ClassRingOwnership, "driver wrote RX descriptor 8", "sim-only:ring-ownership"},
		{"bad-callback", "the command callback got id 0", CommonCallback},
		{"scb-command-lost", "SCB command written before ...", "sim-only:scb-command-lost"},
	}
	for _, c := range sims {
		if got := CommonSim(c.class, c.msg); got != c.want {
			t.Errorf("CommonSim(%s, %q) = %s, want %s", c.class, c.msg, got, c.want)
		}
	}
	qemus := []struct {
		v    qemu.Verdict
		want string
	}{
		{qemu.Verdict{Class: qemu.Pass}, CommonPass},
		{qemu.Verdict{Class: qemu.Panic, Message: "panic: acquire (acquire <- e1000_transmit <- net_rx)"}, CommonAcquire},
		{qemu.Verdict{Class: qemu.Panic, Message: "panic: kfree: not allocated"}, CommonKfree},
		{qemu.Verdict{Class: qemu.Panic, Message: "panic: store page fault (mcause=15 mepc=0x80000100 mtval=0x0)"}, CommonFault},
		{qemu.Verdict{Class: qemu.Hang, Message: "console dead"}, CommonHang},
		{qemu.Verdict{Class: qemu.LostPacket, Message: "guest got 3 of 20 echoes"}, CommonLostPacket},
	}
	for _, c := range qemus {
		if got := CommonQEMU(c.v); got != c.want {
			t.Errorf("CommonQEMU(%v) = %s, want %s", c.v, got, c.want)
		}
	}
}

func pings(seqs ...uint32) [][]byte {
	var out [][]byte
	for _, s := range seqs {
		out = append(out, stack.EncodePing(make([]byte, 32), 0, s, 32))
	}
	return out
}

func TestCompareFramesAndWireCheck(t *testing.T) {
	cases := []struct {
		a, b [][]byte
		want FrameMatch
	}{
		{pings(0, 1, 2), pings(0, 1, 2), FramesSame},
		{nil, nil, FramesSame},
		{pings(0, 1), pings(0, 1, 2), FramesPrefix},
		{pings(0, 1, 2), pings(0), FramesPrefix},
		{pings(0, 2, 1), pings(0, 1, 2), FramesSameSet},
		{pings(0, 1, 3), pings(0, 1, 2), FramesDiffer},
	}
	for i, c := range cases {
		if got := CompareFrames(c.a, c.b); got != c.want {
			t.Errorf("case %d: CompareFrames = %s, want %s", i, got, c.want)
		}
	}
	if class, why := WireCheck(pings(0, 1, 2)); class != "" {
		t.Errorf("WireCheck of clean pings: %s %s", class, why)
	}
	if class, _ := WireCheck(pings(0, 1, 0)); class != CommonDuplicate {
		t.Errorf("WireCheck of a repeated ping = %q, want %s", class, CommonDuplicate)
	}
	if class, _ := WireCheck(append(pings(0), []byte("garbage!!!!!"))); class != CommonCorrupt {
		t.Errorf("WireCheck of a non-ping = %q, want %s", class, CommonCorrupt)
	}
	// SimPayloads keeps only the guest's UDP frames, not the peer's echoes.
	g := stack.NewGlue(xv6.NetPolicy2020)
	guestFrame := g.AppendPing(nil, stack.Ports{Src: 2000, Dst: stack.EchoPort}, 0, 7, 32)
	p := stack.NewParser().Parse(guestFrame)
	if p.Kind != stack.KindUDP || p.Src != stack.GuestMAC {
		t.Fatalf("test frame: %v from %v", p.Kind, p.Src)
	}
	peer := stack.NewPeer(stack.PeerConfig{HoldTimeout: -1})
	frames := []harness.Frame{{Data: guestFrame}}
	for _, o := range peer.OnFrame(0, guestFrame) {
		frames = append(frames, harness.Frame{Data: o.Frame})
	}
	if got := SimPayloads(frames); len(got) != 1 {
		t.Errorf("SimPayloads kept %d payloads of %d frames, want 1", len(got), len(frames))
	}
}

func TestQEMURunConfig(t *testing.T) {
	c := harness.Config{Driver: "zoo:xv6-2024/arp-reentrant", Packets: 7, PayloadSize: 100}
	rc, err := QEMURunConfig(&c)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Build.DriverName != c.Driver || rc.Build.ABI != "xv6-2024" || rc.Scenario.Pings != 7 || rc.Scenario.Size != 100 {
		t.Errorf("QEMURunConfig = %+v", rc)
	}
	for _, bad := range []harness.Config{
		{Driver: "model:xv6"},
		{Driver: "ref:xv6", Bug: "arp-reentrant"},
		{Driver: "ref:xv6", Scenario: "storm"},
		{Driver: "ref:xv6", ABI: "xv6-2024"},
		{Driver: "/no/such/e1000.c"},
	} {
		if _, err := QEMURunConfig(&bad); err == nil {
			t.Errorf("QEMURunConfig(%+v): no error", bad)
		}
	}
}

// coreAgreement are drivers whose verdicts must be the same on both sides,
// word for word in the common vocabulary.
var coreAgreement = map[string]string{
	"ref:xv6":                    CommonPass,
	"ref:xv6-2024":               CommonPass,
	"zoo:xv6/arp-reentrant":      CommonAcquire,
	"zoo:xv6-2024/arp-reentrant": CommonAcquire,
	"zoo:xv6/intr-spin":          CommonHang,
	"zoo:xv6/null-transmit":      CommonFault,
	"ref:eth":                    CommonPass,
	"zoo:eth/id0-reported":       CommonCallback,
	"zoo:eth/no-ru-restart":      CommonLostPacket,
	"zoo:eth/no-statack":         CommonHang,
}

// TestAgreement runs the agreement over the reference drivers and every zoo
// mutant tagged qemu: yes (in -short mode, the core ones only). Every row
// must agree (same verdict, or a simulation-only oracle with a failure under
// QEMU; passing rows must send the same datagrams), and the core drivers
// must have the very same verdict.
func TestAgreement(t *testing.T) {
	needQEMU(t)
	drivers, err := Drivers()
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		var core []string
		for _, d := range drivers {
			if coreAgreement[d] != "" {
				core = append(core, d)
			}
		}
		drivers = core
	}
	start := time.Now()
	rows, err := Run(context.Background(), drivers, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	same, consistent := 0, 0
	var table strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&table, "\n  %-32s sim %-26s qemu %-18s same=%-5v consistent=%-5v frames=%s (%d/%d) sim %v qemu %v",
			r.Driver, r.SimCommon+" ["+r.SimClass+"]", r.QEMUCommon, r.SameVerdict, r.Consistent(), r.Frames,
			r.SimPayloads, r.QEMUPayloads, r.SimWall.Round(time.Millisecond), r.QEMUWall.Round(time.Millisecond))
		if r.SameVerdict {
			same++
		}
		if r.Consistent() {
			consistent++
		}
		if want := coreAgreement[r.Driver]; want != "" && (r.SimCommon != want || r.QEMUCommon != want) {
			t.Errorf("%s: simulation %s, QEMU %s, want %s on both sides\n  sim: %s\n  qemu: %v\n  console:\n%s",
				r.Driver, r.SimCommon, r.QEMUCommon, want, r.SimMessage, r.QEMUVerdict, r.Console)
		}
		if !r.Agrees() {
			t.Errorf("%s disagrees: simulation %s (%s: %s), QEMU %s (%v%s), frames %s",
				r.Driver, r.SimCommon, r.SimClass, r.SimMessage, r.QEMUCommon, r.QEMUVerdict, r.QEMUWire, r.Frames)
		}
	}
	t.Logf("agreement over %d drivers in %v: same verdict %d/%d, consistent %d/%d%s", len(rows),
		time.Since(start).Round(time.Millisecond), same, len(rows), consistent, len(rows), table.String())
	if len(rows) < len(coreAgreement) {
		t.Errorf("only %d drivers compared; the core set has %d", len(rows), len(coreAgreement))
	}
}

// BenchmarkReplayQEMUvsSim measures one replay of the same replay file in
// simulation and under QEMU: the ARP re-entrancy found by a hunt (shrunk, as
// nicsim hunt writes it), and a passing run of the reference driver. QEMU's
// time excludes the (cached) build and includes QEMU's start-up.
func BenchmarkReplayQEMUvsSim(b *testing.B) {
	needQEMU(b)
	for _, driver := range []string{"zoo:xv6/arp-reentrant", "ref:xv6"} {
		b.Run(strings.NewReplacer(":", "-", "/", "-").Replace(driver), func(b *testing.B) {
			c, ds := replayFor(b, driver)
			tg, err := harness.Open(c)
			if err != nil {
				b.Fatal(err)
			}
			defer tg.Close()
			rc, err := QEMURunConfig(c)
			if err != nil {
				b.Fatal(err)
			}
			if rc.ELF, err = qemu.Build(rc.Build); err != nil {
				b.Fatal(err)
			}
			var simT, qemuT time.Duration
			for b.Loop() {
				start := time.Now()
				r, err := harness.Run(tg, c, harness.Options{Tape: sim.NewReplayTape(ds, sim.NewSeedSource(c.Seed))})
				if err != nil {
					b.Fatal(err)
				}
				simT += time.Since(start)
				res, err := qemu.Run(context.Background(), rc)
				if err != nil {
					b.Fatal(err)
				}
				qemuT += res.Wall
				if got, want := CommonQEMU(res.Verdict), CommonSimRun(r); got != want {
					b.Fatalf("QEMU %s (%v), simulation %s", got, res.Verdict, want)
				}
			}
			n := float64(b.N)
			b.ReportMetric(float64(qemuT.Microseconds())/1e3/n, "qemu-ms/op")
			b.ReportMetric(float64(simT.Microseconds())/1e3/n, "sim-ms/op")
			b.ReportMetric(qemuT.Seconds()/simT.Seconds(), "qemu/sim")
		})
	}
}

// replayFor hunts the driver with the default scenario and returns what
// nicsim replay would load from the file nicsim hunt writes; for a driver
// that passes, the recorded decisions of its first schedule.
func replayFor(tb testing.TB, driver string) (*harness.Config, []sim.Decision) {
	tb.Helper()
	h := harness.Hunt{Base: harness.Config{Driver: driver, Seed: 1}, Seeds: 100}
	h.Base.Defaults()
	tg, err := harness.Open(&h.Base)
	if err != nil {
		tb.Fatal(err)
	}
	defer tg.Close()
	res, err := h.Run(tg)
	if err != nil {
		tb.Fatal(err)
	}
	if res.Fail == nil {
		c := h.SeedConfig(0)
		r, err := harness.Run(tg, &c, harness.Options{Record: true})
		if err != nil {
			tb.Fatal(err)
		}
		return &c, r.Decisions
	}
	b, err := harness.ToFile(tg, &res.Config, res.Fail).Marshal()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := corpus.ParseBytes(b)
	if err != nil {
		tb.Fatal(err)
	}
	c, ds, err := harness.FromFile(f)
	if err != nil {
		tb.Fatal(err)
	}
	return c, ds
}

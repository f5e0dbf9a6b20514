package debugger

import (
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/xv6"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// Replays of hosted C zoo mutants: a lock re-entry found under QEMU's
// personality, and a TDT moved back over device-owned slots under strict.
const (
	arpReplay  = "../testdata/nicsim/zoo-xv6-arp-reentrant.replay"
	txDDReplay = "testdata/zoo-xv6-tx-no-dd.replay"
	modelDD    = "../testdata/nicsim/model-xv6-tx-no-dd.replay"
)

func open(t testing.TB, path string) *Engine {
	t.Helper()
	e, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if got, want := fmt.Sprintf("%016x", e.TraceHash()), e.File.TraceHash; got != want {
		t.Fatalf("%s: trace hash %s, want %s: the run no longer reproduces (the driver or the model changed?)", path, got, want)
	}
	return e
}

// script runs a --do script and returns its output.
func script(t *testing.T, e *Engine, s string) string {
	t.Helper()
	var b strings.Builder
	if err := e.Script(s, &b); err != nil {
		t.Fatalf("%s: %v\n%s", s, err, b.String())
	}
	return b.String()
}

// TestBackFromFindingIsTheStepBefore checks that one row back from the
// finding shows the state of a separate replay stopped after that row's
// step: the device's State, the locks and the CPUs.
func TestBackFromFindingIsTheStepBefore(t *testing.T) {
	e := open(t, arpReplay)
	script(t, e, "finding; back 1")
	k := e.Step(e.Cursor())
	if k > e.Steps() {
		t.Fatalf("back 1 from the finding stayed in the failing step %d", k)
	}
	got, err := e.Current()
	if err != nil {
		t.Fatal(err)
	}
	want := replayTo(t, e, k)
	if !reflect.DeepEqual(got.Device, want.Device) {
		t.Errorf("device state at step %d differs from a replay stopped there:\n%s\nwant\n%s", k, RenderRings(&got.Device), RenderRings(&want.Device))
	}
	if !reflect.DeepEqual(got.Locks, want.Locks) || !reflect.DeepEqual(got.CPUs, want.CPUs) {
		t.Errorf("locks and CPUs at step %d:\n%s\n%s\nwant\n%s\n%s", k, RenderLocks(got), RenderCPUs(got), RenderLocks(want), RenderCPUs(want))
	}
	end, _ := e.Snapshot(e.Steps() + 1)
	if reflect.DeepEqual(end.CPUs, got.CPUs) {
		t.Errorf("the finding and the step before it show the same CPUs: the cursor did not move in time")
	}
}

// replayTo runs the engine's replay by hand, stopping after step k.
func replayTo(t *testing.T, e *Engine, k int) *Snapshot {
	var snap *Snapshot
	_, err := e.run(func(l *harness.Live) {
		l.Machine.OnStep = func(m *sim.Machine) {
			if int(m.Steps()) == k {
				snap = &Snapshot{Device: l.Device.State(), Locks: locks(m)}
				for _, c := range m.CPUs {
					v := CPUView{ID: c.ID, Describe: c.Describe(), Idle: c.Idle(), SIE: c.SIE, Noff: c.IntrDepth(), InTrap: c.InTrap, PC: cpuPC(c)}
					v.File, v.Line = e.dw.line(v.PC - 1)
					if v.PC == 0 {
						v.File, v.Line = "", 0
					}
					snap.CPUs = append(snap.CPUs, v)
				}
				panic(stopped)
			}
		}
	})
	if err != nil || snap == nil {
		t.Fatalf("replay to step %d: %v (stopped: %v)", k, err, snap != nil)
	}
	return snap
}

var writtenAt = regexp.MustCompile(`written at step (\d+) by (\S+ [^(]*)\(`)

// TestWhoNamesDeviceDMAForDD checks that the DD bit and the length of a
// received descriptor were written by the receive DMA engine, at the step
// whose state first shows them.
func TestWhoNamesDeviceDMAForDD(t *testing.T) {
	e := open(t, arpReplay)
	out := script(t, e, "finding; who rx_ring[0].length")
	m := writtenAt.FindStringSubmatch(out)
	if m == nil || !strings.HasPrefix(m[2], "nic.rx DMA write") {
		t.Fatalf("who rx_ring[0].length does not name the receive DMA:\n%s", out)
	}
	out = script(t, e, "step "+m[1]+"; who RX[0].DD; rings")
	dd := writtenAt.FindStringSubmatch(out)
	if dd == nil || dd[1] != m[1] || !strings.HasPrefix(dd[2], "nic.rx DMA write") {
		t.Fatalf("at step %s, who RX[0].DD does not name that step's receive DMA:\n%s", m[1], out)
	}
	if !regexp.MustCompile(`\[0\] +driver .* DD EOP`).MatchString(out) {
		t.Errorf("rings at step %s do not show RX[0] with DD and EOP, owned by the driver:\n%s", m[1], out)
	}
	// Under QEMU's personality the device transmits inside the TDT write:
	// the step is the CPU's, the DD write-back is the transmit engine's.
	tx := script(t, e, "finding; back-to TDT; who TX[0].DD")
	if !strings.Contains(tx, "by nic.tx DMA write inside cpu0's step") {
		t.Errorf("who TX[0].DD after the TDT write does not name the transmit DMA:\n%s", tx)
	}
	back := script(t, e, "step "+m[1]+"; back 1; who RX[0].DD")
	if strings.Contains(back, "written at step "+m[1]) {
		t.Errorf("one row before the DMA step, who still names it:\n%s", back)
	}
}

// TestWhoNamesTheTailStore checks that who on a tail register names the
// CPU's MMIO write and a source line that writes that register.
func TestWhoNamesTheTailStore(t *testing.T) {
	for _, c := range []struct{ path, driver, reg string }{
		{arpReplay, "zoo:xv6/arp-reentrant", "RDT"},
		{txDDReplay, "zoo:xv6/tx-no-dd", "TDT"},
	} {
		t.Run(c.reg, func(t *testing.T) { checkTailWriter(t, c.path, c.driver, c.reg) })
	}
}

func checkTailWriter(t *testing.T, path, driver, reg string) {
	e := open(t, path)
	out := script(t, e, "finding; who "+reg)
	m := regexp.MustCompile(`by cpu\d MMIO write \(.*\) at e1000\.c:(\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("%s: who %s names no CPU MMIO write with a line:\n%s", path, reg, out)
	}
	src, err := xv6.Driver(driver)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(m[1])
	if line := splitLines(src)[n-1]; !strings.Contains(line, "E1000_"+reg) {
		t.Errorf("%s: who %s names e1000.c:%d, which does not write %s: %q", path, reg, n, reg, line)
	}
}

// TestPrintShowsTheDeclaredFields checks print against the declaration of
// struct rx_desc and struct tx_desc in the lab's header.
func TestPrintShowsTheDeclaredFields(t *testing.T) {
	e := open(t, txDDReplay)
	out := script(t, e, "finding; print rx_ring[0]; print tx_ring[15]; print tx_ring[3].length; print tx_mbufs")
	for _, re := range []string{
		`rx_ring\[0\] = \(struct rx_desc\) \{addr = 0x[0-9a-f]+, length = \d+, csum = \d+, status = \d+, errors = \d+, special = \d+\}`,
		`tx_ring\[15\] = \(struct tx_desc\) \{addr = 0x80fe0094, length = 74, cso = 0, cmd = 9, status = 0, css = 0, special = 0\}`,
		`tx_ring\[3\]\.length = \(uint16\) 74`,
		`tx_mbufs = \(struct mbuf \* \[16\]\) \{0x`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("print output does not match %s:\n%s", re, out)
		}
	}
	for _, bad := range []string{"print tx_ring[16]", "print nosuch", "print tx_ring.x", "who NOSUCH", "until", "frobnicate", "next -1"} {
		if _, err := e.Exec(bad); err == nil {
			t.Errorf("%q ran without an error", bad)
		} else if !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: the error does not name the command: %v", bad, err)
		}
	}
}

// TestModelDriver checks the Go model driver: rings, who and print by
// reflection.
func TestModelDriver(t *testing.T) {
	e := open(t, modelDD)
	out := script(t, e, "finding; rings; print n; print txBufs[0]")
	for _, want := range []string{"TX at 0x", "<- TDH", "n = (uint32) 16", "txBufs[0] = (uint64) 0x"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := e.Exec("print nosuch"); err == nil {
		t.Error("print nosuch ran without an error")
	}
}

// TestUntil checks moving to register writes, source lines and kernel
// services, forward and back.
func TestUntil(t *testing.T) {
	e := open(t, arpReplay)
	out := script(t, e, "start; until TDT")
	if !strings.Contains(out, "mmio.write TDT=") {
		t.Errorf("until TDT did not stop at a TDT write:\n%s", out)
	}
	out = script(t, e, "until e1000.c:201")
	if s, _ := e.Current(); !strings.Contains(out, "e1000.c:201") || s == nil {
		t.Errorf("until e1000.c:201 did not stop at that line:\n%s", out)
	}
	out = script(t, e, "end; back-to mbufalloc; where")
	k := e.Step(e.Cursor())
	found := false
	for _, c := range e.calls {
		found = found || c.Step == k && c.Name == "mbufalloc"
	}
	if !found {
		t.Errorf("back-to mbufalloc stopped at step %d, where no mbufalloc was called:\n%s", k, out)
	}
	if out := script(t, e, "start; next cpu0; next nic"); !strings.Contains(out, "nic") {
		t.Errorf("next nic did not reach a NIC row:\n%s", out)
	}
}

// TestRingsNameOwnersAndFlags checks the ring picture on the strict TX
// failure: the slot the driver took back and the flags it set.
func TestRingsNameOwnersAndFlags(t *testing.T) {
	e := open(t, txDDReplay)
	out := script(t, e, "start; rings; finding; rings")
	for _, want := range []string{"TX at 0x0, 0 slots", "(not set up)", "TX at 0x80008260, 16 slots, TDH=0 TDT=0, device owns 0",
		"EOP RS  <- TDH <- TDT", "RX at 0x800080e0, 16 slots, RDH=0 RDT=15, device owns 15", "[15]  driver  0x80ff0014"} {
		if !strings.Contains(out, want) {
			t.Errorf("rings lack %q:\n%s", want, out)
		}
	}
	s, err := e.Current()
	if err != nil {
		t.Fatal(err)
	}
	rx := s.Device.Rings[1]
	if rx.Slots[0].Owner != nic.OwnerDevice || rx.Slots[15].Owner != nic.OwnerDriver {
		t.Errorf("RX owners: slot 0 %v, slot 15 %v; want device, driver", rx.Slots[0].Owner, rx.Slots[15].Owner)
	}
}

// TestGateMissesNoChange indexes each replay twice, reading the device's
// State after every step and only when the step's events or the slots'
// bytes say something may have changed: both must find the same changes.
func TestGateMissesNoChange(t *testing.T) {
	for _, path := range []string{arpReplay, txDDReplay, modelDD} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			gated := open(t, path)
			full := &Engine{Config: gated.Config, ds: gated.ds, target: gated.target, cache: map[int]*Snapshot{},
				dw: gated.dw, everyStep: true}
			if err := full.index(); err != nil {
				t.Fatal(err)
			}
			if len(full.changes) == 0 || !reflect.DeepEqual(gated.changes, full.changes) {
				t.Errorf("gated indexing found %d changes, reading every step %d", len(gated.changes), len(full.changes))
				for i := range min(len(gated.changes), len(full.changes)) {
					if !reflect.DeepEqual(gated.changes[i], full.changes[i]) {
						t.Fatalf("first difference at %d: %+v, want %+v", i, gated.changes[i], full.changes[i])
					}
				}
			}
		})
	}
}

// TestXV62024 checks the 2024 lab's interface: char * buffers, kfree as
// the kernel call, and the source line of the free the finding names.
func TestXV62024(t *testing.T) {
	e := open(t, "testdata/zoo-xv6-2024-tx-free-early.replay")
	out := script(t, e, "finding; source; print tx_bufs; back-to kfree; who TDT")
	for _, want := range []string{"FINDING use-after-free", "cpu0 ran e1000.c:153", "kfree(buf);", "tx_bufs = (char * [16]) {",
		"(nicsim) back-to kfree\nrow ", "by cpu0 MMIO write"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestLocksNameSpinners checks the locks pane on a machine where cpu1 spins
// on a lock cpu0 holds.
func TestLocksNameSpinners(t *testing.T) {
	m := sim.New(sim.Config{NCPU: 3}, sim.NewTape(sim.NewSeedSource(1)))
	l := m.Lock(0x80001000, "e1000_lock")
	if !m.Acquire(m.CPUs[0], l, sim.Where{}) || m.Acquire(m.CPUs[1], l, sim.Where{}) {
		t.Fatal("cpu0 should take the lock and cpu1 spin")
	}
	got := RenderLocks(&Snapshot{Locks: locks(m)})
	if want := "e1000_lock   held by cpu0, cpu1 spins"; got != want {
		t.Errorf("locks pane %q, want %q", got, want)
	}
}

package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/xv6"
	"github.com/nicsim/nicsim/sim"
)

// huntIn hunts driver under one personality with c's knobs.
func huntIn(t *testing.T, c Config, personality string, seeds int) *HuntResult {
	t.Helper()
	c.Seed = 1
	c.Defaults()
	h := Hunt{Base: c, Seeds: seeds, Personality: personality, NoShrink: true}
	tg, err := Open(&h.Base)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	res, err := h.Run(tg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// lineOf is "e1000.c:N" for the first line of driver's source holding s.
func lineOf(t *testing.T, driver, s string) string {
	t.Helper()
	src, err := xv6.Driver(driver)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, s) {
			return fmt.Sprintf("e1000.c:%d", i+1)
		}
	}
	t.Fatalf("%s has no line with %q", driver, s)
	return ""
}

// Root causes are named at the driver's own line, in both personalities
// where QEMU can show them.
func TestRootCausesNamedAtTheirLine(t *testing.T) {
	cases := []struct {
		driver, personality, class, line string
		mention                          []string
	}{
		{"zoo:xv6/rdt-minus-one", "qemu", sim.ClassConfig, "(0 - 1) % RX_RING_SIZE",
			[]string{"RDT = 65535 (written as 0xffffffff", "outside the ring of 16 descriptors", "QEMU never compares it"}},
		{"zoo:xv6/rdt-minus-one", "strict", sim.ClassConfig, "(0 - 1) % RX_RING_SIZE", []string{"RDT = 65535"}},
		{"zoo:xv6/tx-free-before-dd", "strict", sim.ClassUseAfterFree, "mbuffree(m); /* queued",
			[]string{"mbuffree of the buffer in tx_ring[", "while the device owns it", "DD not yet set"}},
		{"zoo:xv6/tx-free-before-post", "qemu", sim.ClassUseAfterFree, "mbuffree(m); /* the descriptor",
			[]string{"the buffer of tx_ring[", "before TDT=", "handed it to the device"}},
		{"zoo:xv6/tx-free-before-post", "strict", sim.ClassUseAfterFree, "mbuffree(m); /* the descriptor", nil},
		{"zoo:xv6/tx-full-lap", "strict", sim.ClassRingOwnership, "regs[E1000_TDT] = (slot + 1) % TX_RING_SIZE;",
			[]string{"TDT caught up with TDH", "while 16 descriptors were pending (the ring holds at most 15)"}},
	}
	for _, c := range cases {
		res := huntIn(t, Config{Driver: c.driver}, c.personality, 200)
		if res.Fail == nil {
			t.Errorf("%s (%s): nothing found", c.driver, c.personality)
			continue
		}
		v := res.Fail.Verdict
		if v.Class != c.class {
			t.Errorf("%s (%s): %s, want %s: %s", c.driver, c.personality, v.Class, c.class, v.Message)
			continue
		}
		want := lineOf(t, c.driver, c.line)
		if sites := sim.SitesIn(v.Message); len(sites) == 0 || sites[0] != want {
			t.Errorf("%s (%s): sites %v, want %s first: %s", c.driver, c.personality, sites, want, v.Message)
		}
		for _, s := range c.mention {
			if !strings.Contains(v.Message, s) {
				t.Errorf("%s (%s): message does not mention %q: %s", c.driver, c.personality, s, v.Message)
			}
		}
		if strings.Contains(v.Message, "moved TDT back") {
			t.Errorf("%s: %s", c.driver, v.Message)
		}
	}
}

// A fresh mbuf whose head points at the frame inside another mbuf's page is
// read as xv6 reads it; the page it strands is a leak, not a corrupt frame.
func TestLeakingHeadIsALeak(t *testing.T) {
	for _, p := range []string{"qemu", "strict"} {
		res := huntIn(t, Config{Driver: "zoo:xv6/rx-head-leak"}, p, 50)
		if res.Fail == nil || res.Fail.Verdict.Class != sim.ClassLeak {
			t.Errorf("%s: %v, want a leak", p, res.Fail)
		}
	}
}

// A 2024-generation driver file runs without --abi; a wrong --abi names
// the ABI the file looks like instead of gcc's errors.
func TestABIDetectedFromTransmitSignature(t *testing.T) {
	src, err := xv6.Driver("ref:xv6-2024")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "e1000.c")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	c := Config{Driver: path, Seed: 1}
	c.Defaults()
	tg, err := Open(&c)
	if err != nil {
		t.Fatalf("no --abi: %v", err)
	}
	tg.Close()
	if c.ABI != "xv6-2024" || !strings.Contains(c.ABIFrom, "e1000_transmit(char *, int)") {
		t.Errorf("ABI %q from %q, want xv6-2024 from e1000_transmit's signature", c.ABI, c.ABIFrom)
	}
	w := Config{Driver: path, ABI: "xv6", Seed: 1}
	w.Defaults()
	_, err = Open(&w)
	if err == nil || !strings.Contains(err.Error(), "looks like xv6-2024") || strings.Contains(err.Error(), "error:") {
		t.Errorf("--abi xv6 on a 2024 driver: %v, want it to name xv6-2024 and no gcc errors", err)
	}
}

// The reference drivers pass outside the default size, in both
// personalities: many packets (the qemu personality queues as QEMU does;
// strict overruns are legal drops) and big rings (the heap holds them).
func TestReferenceDriversAtScale(t *testing.T) {
	seeds := 3
	if testing.Short() {
		seeds = 1
	}
	for _, d := range []string{"ref:xv6", "ref:xv6-2024", "model:xv6"} {
		for _, packets := range []int{16, 150, 500} {
			for _, ring := range []int{8, 256} {
				for _, p := range []string{"qemu", "strict"} {
					c := Config{Driver: d, Packets: packets, Ring: ring}
					res := huntIn(t, c, p, seeds)
					if res.Fail != nil {
						t.Errorf("%s packets=%d ring=%d %s: seed %d: %v", d, packets, ring, p, res.Config.Seed, res.Fail.Verdict)
					}
				}
			}
		}
	}
}

// A driver with two bugs gets both: the leak is found alongside the
// lost packets of one-packet-per-interrupt, and names where the leaked
// pages were allocated.
func TestLeakFoundAlongsideAnotherBug(t *testing.T) {
	src, err := xv6.Driver("zoo:xv6/rx-head-leak")
	if err != nil {
		t.Fatal(err)
	}
	const drain = "  while (rx_next(&m)) {\n    if (m)\n      net_rx(m);\n  }\n"
	if !strings.Contains(string(src), drain) {
		t.Fatal("the reference's drain loop changed")
	}
	src = []byte(strings.Replace(string(src), drain, "  if (rx_next(&m) && m)\n    net_rx(m);\n", 1))
	path := filepath.Join(t.TempDir(), "e1000.c")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	res := huntIn(t, Config{Driver: path, Packets: 150}, "qemu", 20)
	if res.Fail == nil || res.Fail.Verdict.Class != sim.ClassLostPacket {
		t.Fatalf("first finding %v, want the lost packets of one packet per interrupt", res.Fail)
	}
	leak := res.Fail.Leak
	if leak == nil {
		t.Fatalf("no leak found alongside %v", res.Fail.Verdict)
	}
	want := "at " + lineOf(t, "zoo:xv6/rx-head-leak", "struct mbuf *fresh = mbufalloc(0);")
	if leak.Class != sim.ClassLeak || !strings.Contains(leak.Message, want) {
		t.Errorf("leak %v, want one naming the allocation %s", leak, want)
	}
}

// A missing fence names the store and the tail write that published it
// anyway, in that order: the fix is a fence before the second site.
func TestMissingFenceNamesTheTailWrite(t *testing.T) {
	const d = "zoo:xv6/no-tx-barrier"
	res := huntIn(t, Config{Driver: d}, "strict", 50)
	if res.Fail == nil || res.Fail.Verdict.Class != sim.ClassUnpublished {
		t.Fatalf("%v, want unpublished-store", res.Fail)
	}
	msg := res.Fail.Verdict.Message
	want := []string{lineOf(t, d, "d->status = 0;"), lineOf(t, d, "regs[E1000_TDT] = (slot + 1) % TX_RING_SIZE;")}
	if got := sim.SitesIn(msg); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("sites %v, want %v: %s", got, want, msg)
	}
	if !strings.Contains(msg, "tx_ring[") {
		t.Errorf("the descriptor is not named: %s", msg)
	}
}

// A crash after an injected allocation failure names the allocation that
// returned 0, and says it was injected.
func TestCrashNamesTheFailedAllocation(t *testing.T) {
	const d = "zoo:xv6/rx-refill-null"
	res := huntIn(t, Config{Driver: d}, "both", 300)
	if res.Fail == nil || res.Fail.Verdict.Class != sim.ClassCrash {
		t.Fatalf("%v, want a crash", res.Fail)
	}
	msg := res.Fail.Verdict.Message
	alloc := lineOf(t, d, "struct mbuf *fresh = mbufalloc(0);")
	for _, want := range []string{"mbufalloc returned 0 at " + alloc, "an injected allocation failure"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
}

package harness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/internal/labvariant"
)

// studentLab is the hand-written student-layout JOS driver of
// guest/jos/testdata/student (kern/e1000.c, kern/e1000.h, inc/error.h).
const studentLab = "../guest/jos/testdata/student"

// writeStudent copies the student lab into a fresh folder with the
// variant's blocks applied to kern/e1000.c (none: the driver as written)
// and returns the path of its kern/e1000.c.
func writeStudent(t *testing.T, variant *csrc.Mutant) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"kern/e1000.c", "kern/e1000.h", "inc/error.h"} {
		b, err := os.ReadFile(filepath.Join(studentLab, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if variant != nil && p == "kern/e1000.c" {
			if b, err = variant.ApplyTo(b); err != nil {
				t.Fatalf("variant %s: %v", variant.Name, err)
			}
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "kern", "e1000.c")
}

// studentConfig is the configuration a user gives the student driver:
// --abi jos --tx e1000_transmit --rx e1000_receive.
func studentConfig(driver string) Config {
	c := Config{Driver: driver, ABI: "jos", TX: "e1000_transmit", RX: "e1000_receive", Seed: 1}
	c.Defaults()
	return c
}

// huntJOS hunts a JOS driver for seeds schedules of both personalities,
// unshrunk.
func huntJOS(t *testing.T, c Config, seeds int) *HuntResult {
	t.Helper()
	tg, err := Open(&c)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	res, err := (&Hunt{Base: c, Seeds: seeds, NoShrink: true}).Run(tg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The reference JOS driver and the hand-written student driver pass a
// hunt of both personalities, faults included: the workload's ARP, pings
// and the burst that fills the TX ring come through every schedule.
func TestJOSDriversPass(t *testing.T) {
	ref := Config{Driver: "ref:jos", Seed: 1}
	ref.Defaults()
	for _, c := range []Config{ref, studentConfig(writeStudent(t, nil))} {
		res := huntJOS(t, c, 48)
		if res.Fail != nil {
			t.Errorf("%s: seed %d (%s): %v", c.Driver, res.Config.Seed, res.Config.Personality, res.Fail.Verdict)
		}
		if res.Schedules != 48 {
			t.Errorf("%s: %d schedules, want 48", c.Driver, res.Schedules)
		}
	}
}

// Each variant of the student driver (testdata/student/variants, in the
// zoo's format) is found with the class it is tagged with.
func TestJOSStudentVariants(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(studentLab, "variants", "*.mutant"))
	if err != nil || len(files) < 6 {
		t.Fatalf("student variants: %v (%d files, want 6)", err, len(files))
	}
	for _, f := range files {
		m := labvariant.ReadMutant(t, f)
		res := huntJOS(t, studentConfig(writeStudent(t, &m)), 100)
		if res.Fail == nil {
			t.Errorf("%s: not found in %d schedules, want %s", m.Name, res.Schedules, m.Verdict)
			continue
		}
		if got := res.Fail.Verdict.Class; got != m.Verdict {
			t.Errorf("%s: found as %s (seed %d, %s), want %s: %s", m.Name, got, res.Config.Seed, res.Config.Personality, m.Verdict, res.Fail.Verdict.Message)
		}
	}
}

// A JOS run is a function of its seed: the same seed and personality give
// the same trace hash, run after run and target after target.
func TestJOSDeterminism(t *testing.T) {
	for _, pers := range []string{"qemu", "strict"} {
		var hashes []uint64
		for range 2 {
			c := studentConfig(writeStudent(t, nil))
			c.Seed, c.Personality = 7, pers
			tg, err := Open(&c)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				r, err := Run(tg, &c, Options{})
				if err != nil {
					tg.Close()
					t.Fatal(err)
				}
				if r.Failed() {
					t.Fatalf("%s seed 7: %v", pers, r.Verdict)
				}
				hashes = append(hashes, r.TraceHash)
			}
			tg.Close()
		}
		for _, h := range hashes[1:] {
			if h != hashes[0] {
				t.Errorf("%s seed 7: trace hashes %x differ", pers, hashes)
				break
			}
		}
	}
}

// Every JOS zoo mutant the ping scenario can express is found with its
// tagged class; those that need the environments' scenarios (testinput,
// testoutput) or a compiler that reorders stores pass and say so; the
// summary counts them under the e1000.
func TestJOSZoo(t *testing.T) { checkZoo(t, "jos", 15, 100, "e1000") }

// The page-allocated student lab of the real guest's tests (jospc's
// testdata/pagelab: rings and buffers from page_alloc, page2kva, page2pa)
// passes under QEMU's behaviour; under the strict device, slower than the
// workload's burst, its transmit fills all 32 slots, so TDT catches up
// with TDH and the device sees an empty ring: a real-hardware finding that
// QEMU, which transmits inside the TDT write, never shows.
func TestJOSPageAllocLab(t *testing.T) {
	c := Config{Driver: "../guest/qemu/jospc/testdata/pagelab/kern/e1000.c", ABI: "jos", Seed: 1}
	c.Defaults()
	tg, err := Open(&c)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	for _, pers := range []string{"qemu", "strict"} {
		res, err := (&Hunt{Base: c, Seeds: 24, NoShrink: true, Personality: pers}).Run(tg)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case pers == "qemu" && res.Fail != nil:
			t.Errorf("qemu: seed %d: %v", res.Config.Seed, res.Fail.Verdict)
		case pers == "strict" && (res.Fail == nil || res.Fail.Verdict.Class != "ring-ownership" ||
			!strings.Contains(res.Fail.Verdict.Message, "TDT caught up with TDH")):
			t.Errorf("strict: %v, want the TX ring's full lap", res.Fail)
		}
	}
}

package fuzz

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// FuzzPingModel runs the ping scenario of the correct Go model driver with
// the fuzz input as the tape (see [Ping]). The driver is correct, so any
// verdict but pass is a bug in nicsim or in the model: the target fails
// with the verdict and writes the replay file into t.ArtifactDir() (kept
// with go test -artifacts). Seeds live in testdata/fuzz/FuzzPingModel.
func FuzzPingModel(f *testing.F) {
	tg := open(f, PingConfig("model:xv6", ""))
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, data []byte) {
		base := PingConfig("model:xv6", "")
		if r := runPing(t, tg, base, data); r.Failed() {
			t.Fatal(reportPing(t, tg, base, data))
		}
	})
}

// FuzzPingDriver is FuzzPingModel for the C driver NICSIM_FUZZ_DRIVER names
// ("ref:xv6", "zoo:xv6/NAME" or the path of an e1000.c); without it the
// target is skipped. Any verdict but pass fails. Native fuzzing
// instruments the Go side only (device and kernel models, oracles), never
// the C driver:
//
//	NICSIM_FUZZ_DRIVER=ref:xv6 go test -run '^$' -fuzz '^FuzzPingDriver$' -fuzztime 60s ./fuzz/
func FuzzPingDriver(f *testing.F) {
	drv := os.Getenv(DriverEnv)
	if drv == "" {
		f.Skip(DriverEnv + " is not set: name the C driver to fuzz")
	}
	tg := open(f, PingConfig(drv, ""))
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, data []byte) {
		base := PingConfig(drv, "")
		if r := runPing(t, tg, base, data); r.Failed() {
			t.Fatal(reportPing(t, tg, base, data))
		}
	})
}

// bugEnv names the planted bug FuzzPingBug hunts.
const bugEnv = "NICSIM_FUZZ_BUG"

// FuzzPingBug demonstrates that go test -fuzz finds a planted bug of the
// model driver; it runs only when NICSIM_FUZZ_BUG names one, for example
//
//	NICSIM_FUZZ_BUG=tx-no-lock go test -run '^$' -fuzz '^FuzzPingBug$' -fuzztime 60s ./fuzz/
//
// and then fails with the shrunk input in testdata/fuzz/FuzzPingBug/.
func FuzzPingBug(f *testing.F) {
	bug := os.Getenv(bugEnv)
	if bug == "" {
		f.Skip(bugEnv + " is not set: this target exists to demonstrate finding a planted bug")
	}
	tg := open(f, PingConfig("model:xv6", bug))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		base := PingConfig("model:xv6", bug)
		if r := runPing(t, tg, base, data); r.Failed() {
			t.Fatal(reportPing(t, tg, base, data))
		}
	})
}

// A handful of byte strings find planted bugs, as the fuzzer would: the
// empty input (no preemption at all) already re-enters the lock in the ARP
// path, and a few pseudo-random tapes make two unlocked transmits collide.
func TestFuzzFindsPlantedBugs(t *testing.T) {
	for _, tc := range []struct {
		bug     string
		classes []string
	}{
		{"arp-reentrant", []string{sim.ClassLockReentry}},
		{"tx-no-lock", []string{sim.ClassLostPacket, sim.ClassRingOwnership, sim.ClassDuplicate, sim.ClassDoubleFree}},
	} {
		t.Run(tc.bug, func(t *testing.T) {
			base := PingConfig("model:xv6", tc.bug)
			tg := open(t, base)
			for i, data := range tapes(32, 64) {
				if r := runPing(t, tg, base, data); r.Failed() {
					if !slices.Contains(tc.classes, r.Verdict.Class) {
						t.Fatalf("tape %d: %s, want one of %v: %s", i, r.Verdict.Class, tc.classes, r.Verdict.Message)
					}
					t.Logf("tape %d (%d bytes): %s", i, len(data), reportPing(t, tg, base, data))
					return
				}
			}
			t.Fatalf("no tape found %s", tc.bug)
		})
	}
}

// tapes returns n inputs: the empty one, then pseudo-random ones of size
// bytes (a fixed PCG, so the test is deterministic).
func tapes(n, size int) [][]byte {
	out := [][]byte{{}}
	x := uint64(0x9e3779b97f4a7c15)
	for len(out) < n {
		b := make([]byte, size)
		for i := 0; i < size; i += 8 {
			x = x*6364136223846793005 + 1442695040888963407
			var w [8]byte
			binary.LittleEndian.PutUint64(w[:], x^x>>29)
			copy(b[i:], w[:])
		}
		out = append(out, b)
	}
	return out
}

func open(tb testing.TB, c harness.Config) harness.Target {
	tb.Helper()
	tg, err := harness.Open(&c)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = tg.Close() })
	return tg
}

func runPing(t *testing.T, tg harness.Target, base harness.Config, data []byte) *harness.Result {
	t.Helper()
	r, _, err := Ping(tg, base, data, false)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// reportPing re-runs a failing input with recording, writes its replay file
// into t.ArtifactDir() and returns the report.
func reportPing(t *testing.T, tg harness.Target, base harness.Config, data []byte) string {
	t.Helper()
	r, c, err := Ping(tg, base, data, true)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[nicsim] FAIL %s: driver=%s bug=%q personality=%s, %d-byte tape, %d steps, t=%s\n%s\n",
		r.Verdict.Class, c.Driver, c.Bug, c.Personality, len(data), r.Steps, sim.FormatTime(r.Verdict.T), r.Verdict.Message)
	path := filepath.Join(t.ArtifactDir(), r.Verdict.Class+"-"+c.Personality+".replay")
	if err := harness.ToFile(tg, c, r).Save(path); err != nil {
		fmt.Fprintf(&b, "[nicsim] could not write the replay file: %v", err)
	} else {
		fmt.Fprintf(&b, "[nicsim] replay: nicsim replay %s", path)
	}
	return b.String()
}

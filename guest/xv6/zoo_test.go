package xv6

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/sim"
)

// TestMutants checks every mutant of the zoo: well-formed tags, a verdict
// that nicsim can report, a patch that applies to its reference driver and
// changes it, and that Driver returns exactly that.
func TestMutants(t *testing.T) {
	ms, err := Mutants()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, name := range Names() {
		if strings.HasPrefix(name, "zoo:") {
			names = append(names, name)
		}
	}
	if len(ms) != len(names) {
		t.Fatalf("Mutants() lists %d mutants, Names() %d", len(ms), len(names))
	}
	rows := map[int]bool{}
	for i, m := range ms {
		if m.Name != names[i] {
			t.Errorf("Mutants()[%d] is %s, want %s", i, m.Name, names[i])
		}
		if gen, _ := DriverGen(m.Name); m.ABI != gen {
			t.Errorf("%s: ABI %q, want %q", m.Name, m.ABI, gen)
		}
		if !slices.Contains(sim.Classes(), m.Verdict) || !slices.Contains(csrc.Oracles, m.Oracle) ||
			(m.Strict != "" && !slices.Contains(sim.Classes(), m.Strict)) {
			t.Errorf("%s: verdict %q strict %q oracle %q", m.Name, m.Verdict, m.Strict, m.Oracle)
		}
		if m.Bug == "" || m.Scenario == "" || m.QEMU == "" || len(m.Blocks) == 0 {
			t.Errorf("%s: incomplete: %+v", m.Name, m)
		}
		ref, _ := Driver("ref:" + m.ABI)
		src, err := m.ApplyTo(ref)
		if err != nil {
			t.Errorf("%s: %v", m.Name, err)
			continue
		}
		if bytes.Equal(src, ref) {
			t.Errorf("%s: applied, it is the reference driver", m.Name)
		}
		if got, err := Driver(m.Name); err != nil || !bytes.Equal(got, src) {
			t.Errorf("Driver(%s) differs from the applied mutant (err %v)", m.Name, err)
		}
		if got, err := LookupMutant(m.Name); err != nil || got.Name != m.Name || got.Verdict != m.Verdict {
			t.Errorf("LookupMutant(%s) = %+v, %v", m.Name, got, err)
		}
		if m.Needs == "" {
			rows[m.Row] = true
		}
	}
	delete(rows, 0)
	if len(rows) < 20 {
		t.Errorf("the zoo covers %d rows of notes/bugs.md with mutants the scenario can express, want at least 20", len(rows))
	}
	want := csrc.Mutant{Name: "zoo:xv6/arp-reentrant", ABI: "xv6", Row: 1, Verdict: "lock-reentry", Oracle: "lock",
		QEMU: "yes", Scenario: "ping"}
	got, err := LookupMutant("zoo:xv6/arp-reentrant")
	if err != nil || got.Name != want.Name || got.ABI != want.ABI || got.Row != want.Row || got.Verdict != want.Verdict ||
		got.Oracle != want.Oracle || got.QEMU != want.QEMU || got.Scenario != want.Scenario || !strings.Contains(got.Bug, "net_rx") {
		t.Errorf("LookupMutant(arp-reentrant) = %+v, %v", got, err)
	}
	if _, err := LookupMutant("zoo:xv6/no-such-mutant"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LookupMutant(missing) error = %v, want fs.ErrNotExist", err)
	}
	if _, err := LookupMutant("ref:xv6"); err == nil {
		t.Errorf("LookupMutant(ref:xv6) succeeded")
	}
}

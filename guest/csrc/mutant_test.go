package csrc

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

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
	real := map[string]bool{}
	for _, c := range []string{sim.ClassLockReentry, sim.ClassLockRelease, sim.ClassDeadlock, sim.ClassLivelock,
		sim.ClassLostPacket, sim.ClassDuplicate, sim.ClassRingOwnership, sim.ClassDMAFault, sim.ClassDoubleFree,
		sim.ClassUseAfterFree, sim.ClassLeak, sim.ClassLockOrder, sim.ClassUnpublished, sim.ClassBadFree,
		sim.ClassCrash, sim.ClassPanic, sim.ClassCorrupt, sim.ClassConfig} {
		real[c] = true
	}
	for _, c := range ModelClasses {
		real[c] = true
	}
	for _, c := range VerdictClasses {
		if !real[c] {
			t.Errorf("VerdictClasses has %q, which is not a class of sim/verdict.go", c)
		}
	}
	rows := map[int]bool{}
	for i, m := range ms {
		if m.Name != names[i] {
			t.Errorf("Mutants()[%d] is %s, want %s", i, m.Name, names[i])
		}
		if abi, _ := DriverABI(m.Name); m.ABI != abi {
			t.Errorf("%s: ABI %q, want %q", m.Name, m.ABI, abi)
		}
		if !slices.Contains(VerdictClasses, m.Verdict) || !slices.Contains(Oracles, m.Oracle) ||
			(m.Strict != "" && !slices.Contains(VerdictClasses, m.Strict)) {
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
	want := Mutant{Name: "zoo:xv6/arp-reentrant", ABI: "xv6", Row: 1, Verdict: "lock-reentry", Oracle: "lock",
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

const goodHeader = "row: 3\nbug: b\nverdict: livelock\noracle: liveness\nqemu: yes\nscenario: ping\n"

func TestParseMutant(t *testing.T) {
	m, err := ParseMutant([]byte("row: -\nbug: a bug\nverdict: crash\noracle: crash\nqemu: no\nscenario: ping\n" +
		"params: payload=1400 cpus=2\nstrict: config-fault\nneeds: more\n" +
		"--- replace\nold 1\n\nold 2\n+++ with\nnew\n--- replace\ngone\n+++ with\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Mutant{Row: 0, Bug: "a bug", Verdict: "crash", Oracle: "crash", QEMU: "no", Scenario: "ping",
		Params: [][2]string{{"payload", "1400"}, {"cpus", "2"}}, Strict: "config-fault", Needs: "more",
		Blocks: []Block{{Line: 10, Old: "old 1\n\nold 2\n", New: "new\n"}, {Line: 16, Old: "gone\n", New: ""}}}
	if !equalMutant(m, want) {
		t.Errorf("ParseMutant = %+v\nwant %+v", m, want)
	}
	if m.Param("payload") != "1400" || m.Param("ring") != "" {
		t.Errorf("Param: %q %q", m.Param("payload"), m.Param("ring"))
	}
	bad := []struct{ text, err string }{
		{"", "newline"},
		{goodHeader + "--- replace\na\n+++ with\nb", "newline"},
		{goodHeader, "no \"--- replace\" block"},
		{"bug: b\n" + goodHeader[7:] + "--- replace\na\n+++ with\nb\n", `"bug" where "row" must come`},
		{"row: 40\n" + goodHeader[7:] + "--- replace\na\n+++ with\nb\n", "1-39"},
		{"row: 03\n" + goodHeader[7:] + "--- replace\na\n+++ with\nb\n", "1-39"},
		{strings.Replace(goodHeader, "livelock", "hang", 1) + "--- replace\na\n+++ with\nb\n", `"hang" is not one of`},
		{strings.Replace(goodHeader, "liveness", "fault", 1) + "--- replace\na\n+++ with\nb\n", `"fault" is not one of`},
		{strings.Replace(goodHeader, "qemu: yes", "qemu: maybe", 1) + "--- replace\na\n+++ with\nb\n", `"maybe"`},
		{strings.Replace(goodHeader, "ping", "flood", 1) + "--- replace\na\n+++ with\nb\n", `"flood"`},
		{strings.Replace(goodHeader, "scenario: ping\n", "", 1) + "--- replace\na\n+++ with\nb\n", `missing "scenario"`},
		{goodHeader + "row: 4\n--- replace\na\n+++ with\nb\n", "unknown, repeated or misplaced"},
		{goodHeader + "color: red\n--- replace\na\n+++ with\nb\n", "unknown, repeated or misplaced"},
		{goodHeader + "needs: x\nparams: ring=8\n--- replace\na\n+++ with\nb\n", "unknown, repeated or misplaced"},
		{goodHeader + "params: speed=9\n--- replace\na\n+++ with\nb\n", `"speed" is not one of`},
		{goodHeader + "params: payload=big\n--- replace\na\n+++ with\nb\n", "key=number"},
		{goodHeader + "params: ring=8 ring=16\n--- replace\na\n+++ with\nb\n", "twice"},
		{goodHeader + "strict: livelock\n--- replace\na\n+++ with\nb\n", "repeats verdict"},
		{goodHeader + "bug:  x\n--- replace\na\n+++ with\nb\n", "want \"key: value\""},
		{strings.Replace(goodHeader, "bug: b", "bug: b ", 1) + "--- replace\na\n+++ with\nb\n", "trailing space"},
		{strings.Replace(goodHeader, "bug: b", "bug:", 1) + "--- replace\na\n+++ with\nb\n", "want \"key: value\""},
		{goodHeader + "\n--- replace\na\n+++ with\nb\n", "want \"key: value\""},
		{goodHeader + "--- replace\n+++ with\nb\n", "empty replace text"},
		{goodHeader + "--- replace\na\n", "has no \"+++ with\""},
		{goodHeader + "--- replace\na\n--- replace\nb\n+++ with\nc\n", "without \"+++ with\""},
		{goodHeader + "--- replace\na\n+++ with\nb\n+++ with\nc\n", "second \"+++ with\""},
		{goodHeader + "--- replace\na\n+++ with\na\n", "changes nothing"},
	}
	for _, b := range bad {
		_, err := ParseMutant([]byte(b.text))
		if err == nil || !strings.Contains(err.Error(), b.err) {
			t.Errorf("ParseMutant(%q) error = %v, want one containing %q", b.text, err, b.err)
		}
	}
}

func equalMutant(a, b Mutant) bool {
	return a.Name == b.Name && a.ABI == b.ABI && a.Row == b.Row && a.Bug == b.Bug && a.Verdict == b.Verdict &&
		a.Oracle == b.Oracle && a.QEMU == b.QEMU && a.Scenario == b.Scenario && slices.Equal(a.Params, b.Params) &&
		a.Strict == b.Strict && a.Needs == b.Needs && slices.Equal(a.Blocks, b.Blocks)
}

func TestApply(t *testing.T) {
	ref := []byte("int a;\nint b;\n  int b;\nint c;\nint a2;\n")
	mut := func(blocks ...string) *Mutant {
		m := &Mutant{Name: "zoo:xv6/t", ABI: "xv6"}
		for i := 0; i < len(blocks); i += 2 {
			m.Blocks = append(m.Blocks, Block{Line: 7 + i, Old: blocks[i], New: blocks[i+1]})
		}
		return m
	}
	ok := []struct {
		m    *Mutant
		want string
	}{
		{mut("int c;\n", "int d;\n"), "int a;\nint b;\n  int b;\nint d;\nint a2;\n"},
		{mut("int c;\n", "", "int a;\n", "int x;\nint y;\n"), "int x;\nint y;\nint b;\n  int b;\nint a2;\n"},
		{mut("int b;\n  int b;\n", "int b;\n"), "int a;\nint b;\nint c;\nint a2;\n"},
		// "int b;\n" also occurs inside "  int b;\n", but not at a line start.
		{mut("int b;\n", "long b;\n"), "int a;\nlong b;\n  int b;\nint c;\nint a2;\n"},
	}
	for _, tt := range ok {
		got, err := tt.m.ApplyTo(ref)
		if err != nil || string(got) != tt.want {
			t.Errorf("ApplyTo(%+v) = %q, %v; want %q", tt.m.Blocks, got, err, tt.want)
		}
	}
	bad := []struct {
		m   *Mutant
		err string
	}{
		{mut("int z;\n", "x\n"), "block 1 (line 7 of t.mutant): its replace text occurs 0 times"},
		{mut("int c;\n", "x\n", "int a", "x\n"), "block 2 (line 9 of t.mutant): its replace text occurs 2 times"},
		{mut("nt c;\n", "x\n"), "occurs 0 times"},
		{mut("int b;\n  int b;\n", "x\n", "  int b;\nint c;\n", "y\n"), "overlaps"},
	}
	for _, tt := range bad {
		_, err := tt.m.ApplyTo(ref)
		if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "zoo:xv6/t") {
			t.Errorf("ApplyTo(%+v) error = %v, want one naming the mutant and containing %q", tt.m.Blocks, err, tt.err)
		}
	}
}

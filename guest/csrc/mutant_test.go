package csrc

import (
	"slices"
	"strings"
	"testing"
)

const goodHeader = "row: 3\nbug: b\nverdict: livelock\noracle: liveness\nqemu: yes\nscenario: ping\n"

func TestParseMutant(t *testing.T) {
	m, err := ParseMutant([]byte("row: -\nbug: a bug\nverdict: crash\noracle: crash\nqemu: no\nscenario: ping\n" +
		"params: payload=1400 cpus=2\nstrict: config-fault\nneeds: more\nfile: kernel/net.c\n" +
		"--- replace\nold 1\n\nold 2\n+++ with\nnew\n--- replace\ngone\n+++ with\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Mutant{Row: 0, Bug: "a bug", Verdict: "crash", Oracle: "crash", QEMU: "no", Scenario: "ping",
		Params: [][2]string{{"payload", "1400"}, {"cpus", "2"}}, Strict: "config-fault", Needs: "more", File: "kernel/net.c",
		Blocks: []Block{{Line: 11, Old: "old 1\n\nold 2\n", New: "new\n"}, {Line: 17, Old: "gone\n", New: ""}}}
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
		{strings.Replace(goodHeader, "livelock", "Hang", 1) + "--- replace\na\n+++ with\nb\n", `"Hang": want a lower-case name`},
		{strings.Replace(goodHeader, "liveness", "fault", 1) + "--- replace\na\n+++ with\nb\n", `"fault" is not one of`},
		{strings.Replace(goodHeader, "qemu: yes", "qemu: maybe", 1) + "--- replace\na\n+++ with\nb\n", `"maybe"`},
		{strings.Replace(goodHeader, "ping", "flood ping", 1) + "--- replace\na\n+++ with\nb\n", `"flood ping"`},
		{strings.Replace(goodHeader, "scenario: ping\n", "", 1) + "--- replace\na\n+++ with\nb\n", `missing "scenario"`},
		{goodHeader + "row: 4\n--- replace\na\n+++ with\nb\n", "unknown, repeated or misplaced"},
		{goodHeader + "file: ../net.c\n--- replace\na\n+++ with\nb\n", "want a slash path"},
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

// Check holds a mutant's classes and scenario against the ones given.
func TestCheck(t *testing.T) {
	m, err := ParseMutant([]byte(goodHeader + "strict: config-fault\n--- replace\na\n+++ with\nb\n"))
	if err != nil {
		t.Fatal(err)
	}
	classes, scenarios := []string{"livelock", "config-fault"}, []string{"ping"}
	if err := m.Check(classes, scenarios); err != nil {
		t.Errorf("Check: %v", err)
	}
	for _, tt := range []struct {
		classes, scenarios []string
		err                string
	}{
		{classes[1:], scenarios, `verdict: "livelock" is not one of config-fault`},
		{classes[:1], scenarios, `strict: "config-fault" is not one of livelock`},
		{classes, []string{"eth"}, `scenario: "ping" is not one of eth`},
	} {
		if err := m.Check(tt.classes, tt.scenarios); err == nil || err.Error() != tt.err {
			t.Errorf("Check(%v, %v) = %v, want %q", tt.classes, tt.scenarios, err, tt.err)
		}
	}
}

func equalMutant(a, b Mutant) bool {
	return a.Name == b.Name && a.ABI == b.ABI && a.Row == b.Row && a.Bug == b.Bug && a.Verdict == b.Verdict &&
		a.Oracle == b.Oracle && a.QEMU == b.QEMU && a.Scenario == b.Scenario && slices.Equal(a.Params, b.Params) &&
		a.Strict == b.Strict && a.Needs == b.Needs && a.File == b.File && slices.Equal(a.Blocks, b.Blocks)
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

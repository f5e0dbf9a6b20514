package jos

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/sim"
)

// TestMutants checks every mutant of the zoo: tags from the csrc lists, a
// patch that applies to the reference lab and changes each file it names,
// and a Lab tree that is the reference with exactly those files replaced.
func TestMutants(t *testing.T) {
	ms, err := Mutants()
	if err != nil {
		t.Fatal(err)
	}
	names := Names()
	if names[0] != "ref:"+ABI || len(ms) != len(names)-1 {
		t.Fatalf("Names() = %v; Mutants() lists %d", names, len(ms))
	}
	ref, err := Lab("ref:" + ABI)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.Name != names[i+1] || m.ABI != ABI {
			t.Errorf("Mutants()[%d] is %s (ABI %q), want %s", i, m.Name, m.ABI, names[i+1])
		}
		classes := append(sim.Classes(), KernelModel.Classes...)
		if !slices.Contains(classes, m.Verdict) || !slices.Contains(csrc.Oracles, m.Oracle) {
			t.Errorf("%s: verdict %q oracle %q", m.Name, m.Verdict, m.Oracle)
		}
		if len(m.Files) != len(m.Blocks) {
			t.Errorf("%s: %d files for %d blocks", m.Name, len(m.Files), len(m.Blocks))
			continue
		}
		patched, err := m.Apply()
		if err != nil {
			t.Errorf("%s: %v", m.Name, err)
			continue
		}
		for p, src := range patched {
			if bytes.Equal(src, ref[p]) {
				t.Errorf("%s: %s is unchanged", m.Name, p)
			}
		}
		lab, err := Lab(m.Name)
		if err != nil {
			t.Errorf("Lab(%s): %v", m.Name, err)
			continue
		}
		checkLab(t, m.Name, lab, ref, patched)
	}
}

// checkLab checks that lab is ref with the files of patched replaced.
func checkLab(t *testing.T, name string, lab, ref, patched map[string][]byte) {
	t.Helper()
	if !slices.Equal(slices.Sorted(maps.Keys(lab)), slices.Sorted(maps.Keys(ref))) {
		t.Errorf("Lab(%s) has files %v, want %v", name, slices.Sorted(maps.Keys(lab)), slices.Sorted(maps.Keys(ref)))
	}
	for p, src := range lab {
		want, ok := patched[p]
		if !ok {
			want = ref[p]
		}
		if !bytes.Equal(src, want) {
			t.Errorf("Lab(%s): %s differs from the applied mutant", name, p)
		}
	}
}

// TestZooCoverage checks that the zoo plants what issue 13 asks for: one
// mutant per applicable row of notes/bugs.md, and the bugs of the network
// server's environments.
func TestZooCoverage(t *testing.T) {
	ms, err := Mutants()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int]bool{}
	byName := map[string]Mutant{}
	for _, m := range ms {
		rows[m.Row] = true
		byName[strings.TrimPrefix(m.Name, "zoo:"+ABI+"/")] = m
	}
	for _, row := range []int{6, 7, 8, 9, 10, 11, 13, 14, 23, 24, 25, 27} {
		if !rows[row] {
			t.Errorf("no mutant plants row %d of notes/bugs.md", row)
		}
	}
	for name, file := range map[string]string{
		"input-reuse-page": "net/input.c", "output-drop-full": "net/output.c",
		"syscall-no-check": "kern/syscall.c", "regs-not-volatile": "kern/e1000.c",
		"no-secrc": "kern/e1000.c", "tx-ring-60": "kern/e1000.h",
	} {
		if m, ok := byName[name]; !ok || !slices.Contains(m.Files, file) {
			t.Errorf("mutant %s patches %v, want it to exist and patch %s", name, m.Files, file)
		}
	}
}

// TestLookupMutantErrors checks the errors for names that are not mutants.
func TestLookupMutantErrors(t *testing.T) {
	if _, err := LookupMutant("zoo:" + ABI + "/no-such-bug"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LookupMutant of a missing mutant: %v, want fs.ErrNotExist", err)
	}
	for _, name := range []string{"zoo:xv6/no-rs", "zoo:jos/No_RS", "ref:jos", "no-rs"} {
		if _, err := LookupMutant(name); err == nil || !strings.Contains(err.Error(), "bad mutant name") {
			t.Errorf("LookupMutant(%q): %v, want a bad-name error", name, err)
		}
		if _, err := Lab(name); err == nil && name != "ref:jos" {
			t.Errorf("Lab(%q) succeeded", name)
		}
	}
}

// TestBlockFile checks how a block finds its file: exactly one occurrence
// at the start of a line, in exactly one file.
func TestBlockFile(t *testing.T) {
	tree := map[string][]byte{
		"a.c": []byte("int x;\nint y;\n  int x;\n"),
		"b.c": []byte("int y;\nint z;\nint z;\n"),
	}
	for _, tc := range []struct{ old, file, err string }{
		{"int x;\n", "a.c", ""},
		{"  int x;\n", "a.c", ""},
		{"int y;\n", "", "a.c (1 times), b.c (1 times)"},
		{"int z;\n", "", "b.c (2 times)"},
		{"int w;\n", "", "no file"},
		{"nt x;\n", "", "no file"},
	} {
		f, err := blockFile(tree, tc.old)
		switch {
		case tc.err == "" && (err != nil || f != tc.file):
			t.Errorf("blockFile(%q) = %q, %v; want %q", tc.old, f, err, tc.file)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("blockFile(%q) = %q, %v; want an error naming %q", tc.old, f, err, tc.err)
		}
	}
}

// TestOverlayOnlyAdds checks that the reference lab's copies of skeleton
// headers (inc/*.h: what a student edits) keep every line of the stand-in,
// in order, and only add lines.
func TestOverlayOnlyAdds(t *testing.T) {
	ref, _ := Lab("ref:" + ABI)
	n := 0
	for p, over := range ref {
		base, err := FS.ReadFile(IncludeDir + "/" + p)
		if err != nil || !strings.HasPrefix(p, "inc/") {
			continue
		}
		n++
		if extra, ok := onlyAdds(string(base), string(over)); !ok {
			t.Errorf("%s/%s drops or changes lines of %s/%s", RefDir, p, IncludeDir, p)
		} else if extra == 0 {
			t.Errorf("%s/%s adds nothing to %s/%s", RefDir, p, IncludeDir, p)
		}
	}
	if n != 3 {
		t.Errorf("%d overlay headers under inc/, want 3 (error.h, lib.h, syscall.h)", n)
	}
}

// onlyAdds reports whether every line of base occurs in over in order,
// and how many lines over adds.
func onlyAdds(base, over string) (int, bool) {
	bl, ol := strings.Split(base, "\n"), strings.Split(over, "\n")
	i := 0
	for _, l := range ol {
		if i < len(bl) && l == bl[i] {
			i++
		}
	}
	return len(ol) - len(bl), i == len(bl)
}

package labvariant

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every variant of the real-lab trees (guest/xv6/testdata/reallab*) is
// made: its mutants parse, name their file and apply, and a folder's whole
// files come along.
func TestRealLabVariants(t *testing.T) {
	labs, err := filepath.Glob("../../guest/xv6/testdata/reallab*")
	if err != nil || len(labs) == 0 {
		t.Fatalf("no real-lab trees: %v", err)
	}
	n := 0
	for _, lab := range labs {
		for _, kind := range []string{"bugs", "styles", "quirks"} {
			ents, _ := os.ReadDir(filepath.Join(lab, kind))
			for _, e := range ents {
				name := kind + "/" + strings.TrimSuffix(e.Name(), ".mutant")
				dir := Variant(t, lab, name)
				files, err := os.ReadDir(dir)
				if err != nil || len(files) == 0 {
					t.Errorf("%s %s: no files (%v)", lab, name, err)
				}
				n++
			}
		}
	}
	if n < 20 {
		t.Errorf("%d variants, want the 20 or more of the trees", n)
	}
}

// A mutant file's edit lands under its file's base name beside the
// folder's whole files.
func TestVariantFolder(t *testing.T) {
	lab := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(lab, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("kernel/e1000.c", "int a;\nint b;\n")
	write("quirks/own/e1000.mutant", "row: -\nbug: b\nverdict: pass\noracle: delivery\nqemu: yes\nscenario: ping\nfile: kernel/e1000.c\n--- replace\nint b;\n+++ with\n#include \"own.h\"\nint c;\n")
	write("quirks/own/own.h", "#define X 1\n")
	dir := Variant(t, lab, "quirks/own")
	for name, want := range map[string]string{"e1000.c": "int a;\n#include \"own.h\"\nint c;\n", "own.h": "#define X 1\n"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != want {
			t.Errorf("%s = %q (%v), want %q", name, b, err, want)
		}
	}
}

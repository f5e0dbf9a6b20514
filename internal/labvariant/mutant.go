package labvariant

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/csrc"
)

// Variant makes the variant name (a slash path, "bugs/no-eop") of the lab
// tree lab in a temporary folder of t, and returns that folder. The
// variant is the mutant file lab/name.mutant, or the folder lab/name: its
// *.mutant files, each naming with "file:" the file of the lab tree it
// edits ("kernel/e1000.c"), and whole files, copied as they are. A mutant's
// edited file lands in the folder under its base name; its header is the
// zoo's (csrc.ParseMutant). A mutant that does not parse or apply, or a
// variant that is neither, fails the test.
func Variant(t testing.TB, lab, name string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(lab, filepath.FromSlash(name))
	var mutants []string
	if _, err := os.Stat(src + ".mutant"); err == nil {
		mutants = append(mutants, src+".mutant")
	} else if ents, err := os.ReadDir(src); err != nil {
		t.Fatalf("variant %s: neither %s.mutant nor a folder: %v", name, src, err)
	} else {
		for _, e := range ents {
			p := filepath.Join(src, e.Name())
			switch {
			case e.IsDir():
				t.Fatalf("variant %s: folder %s in it", name, p)
			case strings.HasSuffix(e.Name(), ".mutant"):
				mutants = append(mutants, p)
			default:
				copyFile(t, p, filepath.Join(dir, e.Name()))
			}
		}
	}
	for _, p := range mutants {
		applyMutant(t, lab, p, dir)
	}
	return dir
}

// applyMutant writes the file of lab that the mutant file p edits, edited,
// into dir.
func applyMutant(t testing.TB, lab, p, dir string) {
	t.Helper()
	m := ReadMutant(t, p)
	if m.File == "" {
		t.Fatalf("%s: no \"file:\" naming the file of %s it edits", p, lab)
	}
	m.Name = filepath.Base(p)
	ref, err := os.ReadFile(filepath.Join(lab, filepath.FromSlash(m.File)))
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	b, err := m.ApplyTo(ref)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	dst := filepath.Join(dir, path.Base(m.File))
	if _, err := os.Stat(dst); err == nil {
		t.Fatalf("%s: %s is in the variant twice", p, path.Base(m.File))
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ReadMutant reads and parses the mutant file path (the zoo's format,
// csrc.ParseMutant) and names it after the file; a file that cannot be
// read or parsed fails the test.
func ReadMutant(t testing.TB, path string) csrc.Mutant {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := csrc.ParseMutant(text)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	m.Name = strings.TrimSuffix(filepath.Base(path), ".mutant")
	return m
}

package hosted

import (
	"os"
	"path/filepath"
	"testing"
)

// The include directories' headers are in the image key one level of
// subdirectories down (a lab's inc/*.h and kern/*.h under its root), and
// only headers count.
func TestHashDirSubdirectories(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		t.Helper()
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum := func() string {
		t.Helper()
		k := newKey("test")
		if err := hashDir(k, dir); err != nil {
			t.Fatal(err)
		}
		return k.sum()
	}
	write("top.h", "#define A 1\n")
	write("inc/error.h", "enum { E_TX_FULL = 16 };\n")
	write("inc/notes.txt", "x\n")
	base := sum()
	write("inc/error.h", "enum { E_TX_FULL = 17 };\n")
	if sum() == base {
		t.Error("a change of inc/error.h left the key unchanged")
	}
	changed := sum()
	write("inc/notes.txt", "y\n")
	if sum() != changed {
		t.Error("a change of a file that is not a header changed the key")
	}
	write("top.h", "#define A 2\n")
	if sum() == changed {
		t.Error("a change of top.h left the key unchanged")
	}
}

// Package labvariant makes variants of a lab folder for tests: a copy with
// the text of some files replaced, as a student's bug would change it.
package labvariant

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Edit replaces the first Old in File (a slash path in the folder) with New.
type Edit struct {
	File, Old, New string
}

// InputPageReuse makes the JOS hand-written lab's input environment
// (guest/jos/testdata/handlab's net/input.c) allocate its page once and
// receive every frame into the one page it sent: the lab's hint, ignored.
var InputPageReuse = []Edit{
	{"net/input.c", "\twhile (1) {\n\t\twhile ((len",
		"\tif ((i = sys_page_alloc(0, &nsipcbuf, PTE_P | PTE_U | PTE_W)) < 0)\n\t\tpanic(\"alloc\");\n\twhile (1) {\n\t\twhile ((len"},
	{"net/input.c", "\t\tif ((i = sys_page_alloc(0, &nsipcbuf, PTE_P | PTE_U | PTE_W)) < 0)\n\t\t\tpanic(\"input: sys_page_alloc: %e\", i);\n", ""},
}

// Copy copies the folder src into a temporary folder of t with the edits
// made in order, and returns that folder. An edit whose Old text is not in
// its file fails the test.
func Copy(t testing.TB, src string, edits ...Edit) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, e := range edits {
			if filepath.ToSlash(rel) != e.File {
				continue
			}
			if !bytes.Contains(b, []byte(e.Old)) {
				t.Fatalf("%s lacks %q", e.File, e.Old)
			}
			b = bytes.Replace(b, []byte(e.Old), []byte(e.New), 1)
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

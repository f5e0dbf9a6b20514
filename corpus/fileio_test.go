package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ping.nicsim")
	if err := goodFile().Save(path); err != nil {
		t.Fatalf("Save = %v", err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	if want := goodFile(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Load(Save(f)):\n got %#v\nwant %#v", got, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("Stat(%s) = %v, %v, want mode 0644", path, fi, err)
	}
}

func TestSaveReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.nicsim")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := goodFile().Save(path); err != nil {
		t.Fatalf("Save = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != goodText {
		t.Fatalf("file after Save:\n%s\nwant goodText", b)
	}
	wantDir(t, dir, "x.nicsim")
}

func TestSaveInvalidWritesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.nicsim")
	f := goodFile()
	f.Seed, f.Driver = 1, ""
	err := f.Save(path)
	if err == nil || !strings.Contains(err.Error(), path+": corpus: invalid replay file: driver: missing") {
		t.Fatalf("Save of a file without driver = %v, want an error naming the path and the field", err)
	}
	wantDir(t, dir)
}

func TestSaveToMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir.nicsim")
	if err := goodFile().Save(path); err == nil {
		t.Fatalf("Save(%s) = nil, want an error", path)
	}
}

func TestLoadErrorNamesPathAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.nicsim")
	if err := os.WriteFile(path, []byte(strings.Replace(goodText, "abi: xv6", "foo: bar", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	want := path + `: line 5: unknown header key "foo"`
	if err == nil || err.Error() != want {
		t.Fatalf("Load = %v, want %s", err, want)
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 5 {
		t.Fatalf("Load error %v does not unwrap to a *ParseError on line 5", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.nicsim")
	_, err := Load(path)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Load(missing) = %v, want a not-exist error naming the path", err)
	}
}

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir)
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), dir+": line 1: read error") {
		t.Fatalf("Load(dir) = %v, want %s: line 1: read error: ...", err, dir)
	}
}

// wantDir fails t unless dir holds exactly the named files.
func wantDir(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Fatalf("files in %s = %q, want %q (a temporary file left behind?)", dir, got, names)
	}
}

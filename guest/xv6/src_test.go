package xv6

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"testing"
)

func TestNames(t *testing.T) {
	got := Names()
	if len(got) < 2 || got[0] != "ref:xv6" || got[1] != "ref:xv6-2024" {
		t.Fatalf("Names() = %q, want the references first", got)
	}
	if !sort.StringsAreSorted(got[2:]) {
		t.Errorf("Names() = %q: the zoo is not sorted", got)
	}
	for _, want := range []string{"zoo:xv6/arp-reentrant", "zoo:xv6/null-transmit", "zoo:xv6/intr-spin", "zoo:xv6-2024/arp-reentrant"} {
		if !slices.Contains(got, want) {
			t.Errorf("Names() lacks %s (other packages use it)", want)
		}
	}
	for _, name := range got {
		if _, err := Driver(name); err != nil {
			t.Errorf("Driver(%q): %v", name, err)
		}
	}
}

func TestDriverPath(t *testing.T) {
	tests := []struct{ name, path, abi string }{
		{"ref:xv6", "drivers/xv6/ref/e1000.c", "xv6"},
		{"ref:xv6-2024", "drivers/xv6-2024/ref/e1000.c", "xv6-2024"},
		{"zoo:xv6/arp-reentrant", "zoo/xv6/arp-reentrant.mutant", "xv6"},
		{"zoo:xv6-2024/no-such", "zoo/xv6-2024/no-such.mutant", "xv6-2024"},
		{"ref:jos", "", ""},
		{"ref:xv6/x", "", ""},
		{"zoo:xv6", "", ""},
		{"zoo:xv6/", "", ""},
		{"zoo:xv6/../ref", "", ""},
		{"zoo:xv6/a/b", "", ""},
		{"zoo:xv6/Arp", "", ""},
		{"zoo:xv6/arp-", "", ""},
		{"zoo:xv6/a.mutant", "", ""},
		{"xv6", "", ""},
		{"mut:xv6/a", "", ""},
	}
	for _, tt := range tests {
		p, err := DriverPath(tt.name)
		if p != tt.path || (err == nil) != (tt.path != "") {
			t.Errorf("DriverPath(%q) = %q, %v; want %q", tt.name, p, err, tt.path)
		}
		abi, _ := DriverGen(tt.name)
		if abi != tt.abi {
			t.Errorf("DriverGen(%q) = %q, want %q", tt.name, abi, tt.abi)
		}
	}
	if _, err := Driver("zoo:xv6/no-such-mutant"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Driver(missing) error = %v, want fs.ErrNotExist", err)
	}
}

func TestIncludeDir(t *testing.T) {
	for _, abi := range Generations() {
		dir := IncludeDir(abi)
		if _, err := fs.Stat(FS, dir+"/defs.h"); err != nil {
			t.Errorf("IncludeDir(%q) = %q: %v", abi, dir, err)
		}
	}
	if got := IncludeDir("jos"); got != "" {
		t.Errorf(`IncludeDir("jos") = %q, want ""`, got)
	}
}

// TestHeaderSet checks that each generation offers every header a driver
// includes, and nothing a student might define themselves.
func TestHeaderSet(t *testing.T) {
	headers := []string{"types.h", "param.h", "memlayout.h", "riscv.h", "spinlock.h",
		"proc.h", "defs.h", "e1000_dev.h", "net.h"}
	for _, abi := range Generations() {
		for _, h := range headers {
			if _, err := fs.Stat(FS, IncludeDir(abi)+"/"+h); err != nil {
				t.Errorf("%s: %v", abi, err)
			}
		}
	}
	banned := []struct {
		re  *regexp.Regexp
		why string
	}{
		{regexp.MustCompile(`(?m)^\s*#\s*include\s*<`), "no system headers: the guest build is -nostdlib"},
		{regexp.MustCompile(`(?m)^\s*#\s*define\s+(NULL|bool|true|false)\b`), "xv6 has no NULL/bool; students define their own"},
		{regexp.MustCompile(`\b(size_t|uintptr_t|int64_t)\b`), "xv6 types only (uint64, uint)"},
	}
	fs.WalkDir(FS, "include", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, _ := FS.ReadFile(p)
		for _, b := range banned {
			if loc := b.re.FindIndex(src); loc != nil {
				line := bytes.Count(src[:loc[0]], []byte("\n")) + 1
				t.Errorf("%s:%d: %q: %s", p, line, src[loc[0]:loc[1]], b.why)
			}
		}
		return nil
	})
}

// TestExtract checks that Extract writes the embedded tree byte for byte.
func TestExtract(t *testing.T) {
	dir := t.TempDir()
	if err := Extract(dir); err != nil {
		t.Fatal(err)
	}
	n := 0
	fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		want, _ := FS.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: extracted copy differs (err %v)", p, err)
		}
		return nil
	})
	if n < 20 {
		t.Errorf("extracted %d files, want the whole tree", n)
	}
}

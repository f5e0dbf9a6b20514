package jos

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestHeaderSet checks that the headers issue 13 names exist, that each
// has an include guard, and the banned patterns.
func TestHeaderSet(t *testing.T) {
	for _, h := range []string{
		"inc/types.h", "inc/error.h", "inc/string.h", "inc/stdio.h", "inc/assert.h", "inc/memlayout.h",
		"inc/mmu.h", "inc/syscall.h", "inc/lib.h", "inc/ns.h", "kern/pci.h", "kern/pmap.h", "kern/env.h",
		"kern/picirq.h", "kern/e1000.h", "net/ns.h",
	} {
		if _, err := fs.Stat(FS, IncludeDir+"/"+h); err != nil {
			t.Error(err)
		}
	}
	banned := []struct {
		re  *regexp.Regexp
		why string
	}{
		{regexp.MustCompile(`(?m)^\s*#\s*include\s*<(std|string|assert|sys/|linux/)`),
			"no system headers: the lab compiles with -nostdinc"},
		{regexp.MustCompile(`(?m)^\s*#\s*include\s*"`), "JOS headers include by root path (<inc/...>, <kern/...>)"},
		{regexp.MustCompile(`(?m)^(?:static )?[a-z_][\w \*]*\([^;]*\)\s*\{`), "only static inline functions in headers"},
	}
	fs.WalkDir(FS, IncludeDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, _ := FS.ReadFile(p)
		if !regexp.MustCompile(`(?m)^#ifndef (\w+)\n#define (\w+)`).Match(src) {
			t.Errorf("%s: no include guard", p)
		}
		for _, b := range banned {
			if loc := b.re.FindIndex(src); loc != nil && !bytes.Contains(src[loc[0]:loc[1]], []byte("inline")) {
				line := bytes.Count(src[:loc[0]], []byte("\n")) + 1
				t.Errorf("%s:%d: %q: %s", p, line, src[loc[0]:loc[1]], b.why)
			}
		}
		return nil
	})
}

// TestWriteTree checks that WriteTree writes the headers and the lab
// tree byte for byte.
func TestWriteTree(t *testing.T) {
	dir := t.TempDir()
	if err := WriteTree(dir, "zoo:"+ABI+"/no-rs"); err != nil {
		t.Fatal(err)
	}
	n := 0
	fs.WalkDir(FS, IncludeDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
			want, _ := FS.ReadFile(p)
			if got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: written copy differs (err %v)", p, err)
			}
		}
		return err
	})
	lab, _ := Lab("zoo:" + ABI + "/no-rs")
	for p, want := range lab {
		n++
		if got, err := os.ReadFile(filepath.Join(dir, "lab", filepath.FromSlash(p))); err != nil || !bytes.Equal(got, want) {
			t.Errorf("lab/%s: written copy differs (err %v)", p, err)
		}
	}
	if n < 30 {
		t.Errorf("wrote %d files, want the headers and the lab", n)
	}
	if err := WriteTree(dir, "zoo:"+ABI+"/no-such"); err == nil {
		t.Error("WriteTree of a missing mutant succeeded")
	}
}

// TestArgs checks the sides and include flags of lab files.
func TestArgs(t *testing.T) {
	for _, tc := range []struct {
		path string
		want string
	}{
		{"kern/e1000.c", "-DJOS_KERNEL -I L -I I"},
		{"lib/syscall.c", "-DJOS_USER -I L -I I"},
		{"net/input.c", "-DJOS_USER -I L -I I -I " + filepath.Join("L", "net") + " -I " + filepath.Join("I", "net")},
	} {
		if got := strings.Join(Args("L", "I", tc.path), " "); got != tc.want {
			t.Errorf("Args(%s) = %q, want %q", tc.path, got, tc.want)
		}
	}
	if !slices.Contains(LabFlags, "-m32") || !slices.Contains(LabFlags, "-nostdinc") {
		t.Errorf("LabFlags %v lack -m32 or -nostdinc", LabFlags)
	}
}

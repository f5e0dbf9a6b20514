package csrc

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestNames(t *testing.T) {
	want := []string{
		"ref:xv6", "ref:xv6-2024",
		"zoo:xv6-2024/arp-reentrant",
		"zoo:xv6/arp-reentrant", "zoo:xv6/intr-spin", "zoo:xv6/null-transmit",
	}
	got := Names()
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Names() = %q, want %q", got, want)
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
		{"zoo:xv6/arp-reentrant", "zoo/xv6/arp-reentrant/e1000.c", "xv6"},
		{"ref:jos", "", ""},
		{"ref:xv6/x", "", ""},
		{"zoo:xv6", "", ""},
		{"zoo:xv6/", "", ""},
		{"zoo:xv6/../ref", "", ""},
		{"zoo:xv6/a/b", "", ""},
		{"xv6", "", ""},
		{"mut:xv6/a", "", ""},
	}
	for _, tt := range tests {
		p, err := DriverPath(tt.name)
		if p != tt.path || (err == nil) != (tt.path != "") {
			t.Errorf("DriverPath(%q) = %q, %v; want %q", tt.name, p, err, tt.path)
		}
		abi, _ := DriverABI(tt.name)
		if abi != tt.abi {
			t.Errorf("DriverABI(%q) = %q, want %q", tt.name, abi, tt.abi)
		}
	}
	if _, err := Driver("zoo:xv6/no-such-mutant"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Driver(missing) error = %v, want fs.ErrNotExist", err)
	}
}

func TestIncludeDir(t *testing.T) {
	for _, abi := range ABIs() {
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
	for _, abi := range ABIs() {
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

// TestMutants checks the tag and description lines of every zoo driver,
// and that reference drivers carry no tag.
func TestMutants(t *testing.T) {
	for _, name := range Names() {
		src, err := Driver(name)
		if err != nil {
			t.Fatal(err)
		}
		m, err := ParseMutant(src)
		switch {
		case strings.HasPrefix(name, "ref:") && !errors.Is(err, ErrNotMutant):
			t.Errorf("%s: reference driver: ParseMutant = %+v, %v; want ErrNotMutant", name, m, err)
		case strings.HasPrefix(name, "zoo:") && err != nil:
			t.Errorf("%s: %v", name, err)
		}
	}
	want := Mutant{Class: "lock-reentry", Oracle: "lock", QEMU: "yes",
		Description: "ARP reply: net_rx calls e1000_transmit while e1000_recv holds e1000_lock."}
	src, _ := Driver("zoo:xv6/arp-reentrant")
	if got, _ := ParseMutant(src); got != want {
		t.Errorf("ParseMutant(arp-reentrant) = %+v, want %+v", got, want)
	}
	bad := []string{
		"/* nicsim-mutant: class=x oracle=y qemu=maybe */\n/* d */\n",
		"/* nicsim-mutant: class=x oracle=y qemu=yes */\nint x;\n",
		"/* nicsim-mutant: class=x qemu=yes */\n/* d */\n",
	}
	for _, b := range bad {
		if _, err := ParseMutant([]byte(b)); err == nil || errors.Is(err, ErrNotMutant) {
			t.Errorf("ParseMutant(%q) error = %v, want a malformed-tag error", b, err)
		}
	}
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

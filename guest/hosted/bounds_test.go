package hosted

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// What is not a driver's source is refused with one line naming it.
func TestReadSourceRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bin, err := os.ReadFile("/bin/true")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{"/bin/true", "not a C source file"},
		{"/dev/zero", "not a C source file"},
		{write("bin.c", bin), "a NUL byte at offset"},
		{write("big.c", make([]byte, MaxSourceBytes+1)), "more than 1024 KiB of source"},
		{dir + "/missing.c", "no such file"},
	} {
		_, err := ReadSource(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ReadSource(%s) = %v, want one line saying %q", tc.path, err, tc.want)
		}
	}
	fifo := filepath.Join(dir, "fifo.c")
	if err := mkfifo(fifo); err == nil {
		if _, err := ReadSource(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("ReadSource(fifo) = %v, want not a regular file", err)
		}
	}
}

// A flood of compiler errors is clipped to the first lines and a count.
func TestCompilerOutputClipped(t *testing.T) {
	src := []byte(strings.Repeat("int x = ;\n", 200))
	_, err := Build(src, "e1000.c", testOptions("xv6"))
	var be *BuildError
	if !errors.As(err, &be) {
		t.Fatalf("Build: %v, want a compile error", err)
	}
	if n := strings.Count(be.Log, "\n"); n > MaxLogLines+3 || !strings.Contains(be.Log, "more lines") {
		t.Fatalf("log of %d lines, want at most %d and a count of the rest:\n%s", n, MaxLogLines, be.Log)
	}
}

// A huge initialised array is stopped by the jail's file size limit (or,
// below it, by the image size check) and nothing reaches the cache.
func TestHugeImageRejected(t *testing.T) {
	cache := t.TempDir()
	for _, size := range []string{"1 << 30", "12 << 20"} {
		src := variant(t, "ref:xv6", "void e1000_init(uint32 *xregs) {",
			"char big["+size+"] = {1};\nvoid e1000_init(uint32 *xregs) {\n  big[5] = 2;")
		opt := testOptions("xv6")
		opt.CacheDir = cache
		_, err := Build(src, "e1000.c", opt)
		if err == nil || !(strings.Contains(err.Error(), "MiB the jail allows") || strings.Contains(err.Error(), "a big static array")) {
			t.Fatalf("array of %s: Build: %v, want a size error", size, err)
		}
		t.Log(err)
	}
	elfs, _ := filepath.Glob(filepath.Join(cache, "*.elf"))
	if len(elfs) != 0 {
		t.Fatalf("rejected images were cached: %v", elfs)
	}
}

// The cache keeps at most its budget, dropping the least recently used.
func TestCacheEviction(t *testing.T) {
	dir := t.TempDir()
	for i, name := range []string{"a.elf", "b.elf", "c.elf"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, make([]byte, 100), 0o644); err != nil {
			t.Fatal(err)
		}
		old := timeAgo(3 - i)
		os.Chtimes(p, old, old)
	}
	touch(filepath.Join(dir, "a.elf")) // used just now
	evictCache(dir, filepath.Join(dir, "c.elf"), 200)
	for name, want := range map[string]bool{"a.elf": true, "b.elf": false, "c.elf": true} {
		_, err := os.Stat(filepath.Join(dir, name))
		if (err == nil) != want {
			t.Errorf("%s kept=%v, want %v", name, err == nil, want)
		}
	}
}

func timeAgo(hours int) time.Time { return time.Now().Add(-time.Duration(hours) * time.Hour) }

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

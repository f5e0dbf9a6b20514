package hosted

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// Bounds on what a driver may cost nicsim: its source, its compile and the
// image it makes, and the cache of images.
const (
	// MaxSourceBytes bounds a driver's source file.
	MaxSourceBytes = 1 << 20
	// MaxImageBytes bounds an image file (the image must fit in the first
	// half of RAM anyway); the compiler and linker may not write bigger
	// files.
	MaxImageBytes = 64 << 20
	// CompileTimeout bounds each compiler or linker run (wall clock; the
	// jail also bounds its CPU time).
	CompileTimeout = 60 * time.Second
	// MaxLogLines is how many lines of compiler output an error shows.
	MaxLogLines = 20
	// MaxCacheBytes bounds the image cache; the least recently used images
	// go first.
	MaxCacheBytes = 1 << 30
)

// ReadSource reads a driver's C source from path, refusing what is not one:
// not a regular file, not named *.c, bigger than MaxSourceBytes, or holding
// NUL bytes (a binary). Each error is one line naming the file.
func ReadSource(path string) ([]byte, error) {
	if filepath.Ext(path) != ".c" {
		return nil, fmt.Errorf("%s: not a C source file (want a file named *.c)", path)
	}
	st, err := os.Stat(path) // before opening: opening a FIFO would block
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxSourceBytes+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxSourceBytes {
		return nil, fmt.Errorf("%s: more than %d KiB of source; a driver is a few hundred lines", path, MaxSourceBytes>>10)
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, fmt.Errorf("%s: a NUL byte at offset %d: this is a binary, not C source", path, i)
	}
	return src, nil
}

// clipLog keeps the first MaxLogLines lines of a tool's output and says
// how many more there were.
func clipLog(log string) string {
	lines := strings.SplitAfter(strings.TrimRight(log, "\n"), "\n")
	if len(lines) <= MaxLogLines {
		return log
	}
	return strings.Join(lines[:MaxLogLines], "") + fmt.Sprintf("\n... and %d more lines\n", len(lines)-MaxLogLines)
}

// evictCache removes the least recently used images until the cache holds
// at most max bytes of them (keep is never removed).
func evictCache(dir, keep string, max int64) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type img struct {
		path string
		size int64
		used time.Time
	}
	var imgs []img
	var total int64
	for _, e := range ents {
		if e.IsDir() || filepath.Ext(e.Name()) != ".elf" {
			continue
		}
		if info, err := e.Info(); err == nil {
			imgs = append(imgs, img{filepath.Join(dir, e.Name()), info.Size(), info.ModTime()})
			total += info.Size()
		}
	}
	sort.Slice(imgs, func(i, j int) bool { return imgs[i].used.Before(imgs[j].used) })
	for _, im := range imgs {
		if total <= max {
			return
		}
		if im.path != keep && os.Remove(im.path) == nil {
			total -= im.size
		}
	}
}

// touch marks a cached image as used now (for eviction).
func touch(path string) {
	now := time.Now()
	os.Chtimes(path, now, now)
}

// capBuffer keeps the first max bytes written to it.
type capBuffer struct {
	b   bytes.Buffer
	max int
}

func (c *capBuffer) Write(p []byte) (int, error) {
	if room := c.max - c.b.Len(); room > 0 {
		c.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func (c *capBuffer) String() string { return c.b.String() }

package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/hosted"
)

// driverSources reads a user's driver: the file c.Driver names and
// c.Files, or every .c and .h of the folder c.Driver names. It returns the
// main file's name (the one defining an entry of kern, else the first C
// file), and the files by base name.
func driverSources(c *Config, kern *guest.KernelModel) (string, map[string][]byte, error) {
	var paths []string
	st, err := os.Stat(c.Driver)
	if err != nil {
		return "", nil, fmt.Errorf("--driver: %w", err)
	}
	if st.IsDir() {
		if main, files, ok, err := kernelTree(c.Driver, kern); ok || err != nil {
			return main, files, err
		}
		ents, err := os.ReadDir(c.Driver)
		if err != nil {
			return "", nil, fmt.Errorf("--driver: %w", err)
		}
		for _, e := range ents {
			if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".c") || strings.HasSuffix(n, ".h")) {
				paths = append(paths, filepath.Join(c.Driver, n))
			}
		}
		if len(paths) == 0 {
			return "", nil, fmt.Errorf("--driver %s: a folder without .c files", c.Driver)
		}
	} else {
		paths = append(paths, c.Driver)
	}
	paths = append(paths, c.Files...)
	files := map[string][]byte{}
	var cs []string
	for _, p := range paths {
		var b []byte
		if strings.HasSuffix(p, ".h") {
			b, err = readHeader(p)
		} else {
			b, err = hosted.ReadSource(p) // refuses what is not C source
		}
		if err != nil {
			return "", nil, fmt.Errorf("--driver: %w", err)
		}
		base := filepath.Base(p)
		if _, dup := files[base]; dup {
			return "", nil, fmt.Errorf("--driver: two files named %s", base)
		}
		files[base] = b
		if strings.HasSuffix(base, ".c") {
			cs = append(cs, base)
		}
	}
	if len(cs) == 0 {
		return "", nil, fmt.Errorf("--driver %s: no .c file", c.Driver)
	}
	sort.Strings(cs)
	main := cs[0]
	if !st.IsDir() {
		main = filepath.Base(c.Driver)
	}
	if kern != nil && kern.Detect != nil {
		for _, n := range cs {
			if _, ok := kern.Detect(files[n]); ok {
				return n, files, nil
			}
		}
	}
	return main, files, nil
}

// kernelTree reads dir as a kernel's source tree (a JOS lab folder) with
// kern's Tree, or any kernel's when kern is nil.
func kernelTree(dir string, kern *guest.KernelModel) (string, map[string][]byte, bool, error) {
	ks := guest.Kernels()
	if kern != nil {
		ks = []*guest.KernelModel{kern}
	}
	for _, k := range ks {
		if k.Tree == nil {
			continue
		}
		if main, files, ok, err := k.Tree(dir); ok || err != nil {
			if err != nil {
				return "", nil, true, fmt.Errorf("--driver %s: %w", dir, err)
			}
			return main, files, true, nil
		}
	}
	return "", nil, false, nil
}

// driverText is a user's driver files joined (the C files first), for
// the kernels' detection.
func driverText(c *Config) ([]byte, error) {
	_, files, err := driverSources(c, nil)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		ci, cj := strings.HasSuffix(names[i], ".c"), strings.HasSuffix(names[j], ".c")
		if ci != cj {
			return ci
		}
		return names[i] < names[j]
	})
	var b []byte
	for _, n := range names {
		b = append(append(b, files[n]...), '\n')
	}
	return b, nil
}

// detected caches the kernel detected for a driver path (and its files).
var detected sync.Map

// detectKernel names the kernel that recognises a user's driver
// ([guest.DetectKernel] over all its files), or "" (the default kernel).
func detectKernel(c *Config) string {
	key := strings.Join(append([]string{c.Driver}, c.Files...), "\x00")
	if v, ok := detected.Load(key); ok {
		return v.(string)
	}
	name := ""
	if src, err := driverText(c); err == nil {
		if k, _, err := guest.DetectKernel(src); err == nil {
			name = k.Name
		}
	}
	detected.Store(key, name)
	return name
}

// DriverFiles returns the files of a driver of a kernel with a hosted kit
// (a bundled name, a user's files or folder), by base name, and the main
// file's name: what a real guest build of the same driver takes.
func DriverFiles(c *Config) (string, map[string][]byte, error) {
	rc, err := c.Resolve()
	if err != nil {
		return "", nil, err
	}
	kit := rc.Kernel.Hosted
	if kit == nil {
		return "", nil, fmt.Errorf("kernel %s builds drivers of one file", rc.Kernel.Name)
	}
	if rc.Driver.Bundled() {
		if kit.Bundled == nil {
			return "", nil, fmt.Errorf("--driver %s: kernel %s bundles no drivers", c.Driver, rc.Kernel.Name)
		}
		names, files, err := kit.Bundled(rc.Driver)
		if err != nil {
			return "", nil, err
		}
		return names[0], files, nil
	}
	main, files, err := driverSources(c, rc.Kernel)
	if err != nil {
		return "", nil, err
	}
	// The headers beside the files (eth.h beside eth.c), as the hosted
	// build finds them on its include path.
	for _, dir := range driverDirs(c) {
		hs, _ := filepath.Glob(filepath.Join(dir, "*.h"))
		for _, h := range hs {
			if _, ok := files[filepath.Base(h)]; ok {
				continue
			}
			if b, err := readHeader(h); err == nil {
				files[filepath.Base(h)] = b
			}
		}
	}
	return main, files, nil
}

// readHeader reads a header of a user's driver, refusing what is not a
// regular file of at most hosted.MaxSourceBytes.
func readHeader(p string) ([]byte, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > hosted.MaxSourceBytes {
		return nil, fmt.Errorf("%s: not a regular file of at most %d KiB", p, hosted.MaxSourceBytes>>10)
	}
	return os.ReadFile(p)
}

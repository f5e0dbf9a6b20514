package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/guest"
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
		b, err := os.ReadFile(p)
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
	main := cs[0]
	if !st.IsDir() {
		return main, files, nil
	}
	sort.Strings(cs)
	main = cs[0]
	for _, n := range cs {
		if kern != nil && definesAny(files[n], entryNames(kern)) {
			return n, files, nil
		}
	}
	return main, files, nil
}

func entryNames(k *guest.KernelModel) []string {
	var s []string
	for _, e := range k.Entries {
		s = append(s, e.Name)
	}
	if k.Hosted != nil {
		s = append(s, k.Hosted.Detect...)
	}
	return s
}

// definesAny reports whether C source src defines a function with one of
// names (a name followed by a parameter list and a body).
func definesAny(src []byte, names []string) bool {
	for _, n := range names {
		if defRE(n).Match(src) {
			return true
		}
	}
	return false
}

var defREs sync.Map

func defRE(name string) *regexp.Regexp {
	if r, ok := defREs.Load(name); ok {
		return r.(*regexp.Regexp)
	}
	r := regexp.MustCompile(`(?m)^[A-Za-z_][\w \t\*]*\b` + regexp.QuoteMeta(name) + `\s*\([^;{]*\)\s*\{`)
	defREs.Store(name, r)
	return r
}

// detected caches the kernel detected for a driver path (and its files).
var detected sync.Map

// detectKernel names the kernel whose hosted kit's Detect symbols a user's
// driver defines, or "" (the default kernel).
func detectKernel(c *Config) string {
	key := strings.Join(append([]string{c.Driver}, c.Files...), "\x00")
	if v, ok := detected.Load(key); ok {
		return v.(string)
	}
	name := ""
	_, files, err := driverSources(c, nil)
	if err == nil {
		for _, k := range guest.Kernels() {
			if k.Hosted == nil || len(k.Hosted.Detect) == 0 {
				continue
			}
			for _, b := range files {
				if definesAny(b, k.Hosted.Detect) {
					name = k.Name
				}
			}
		}
	}
	detected.Store(key, name)
	return name
}

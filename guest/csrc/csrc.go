package csrc

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// FS holds the include, drivers and zoo trees, rooted as in the source
// directory (paths like "include/xv6/defs.h").
//
//go:embed include drivers zoo
var FS embed.FS

// driverFile is the file name of every driver, as in the xv6 kernel tree.
const driverFile = "e1000.c"

// ABIs returns the kernel interface generations that have headers, in the
// spelling package guest uses ("xv6", "xv6-2024").
func ABIs() []string { return []string{"xv6", "xv6-2024"} }

// IncludeDir returns the directory inside [FS] to pass as -I when compiling
// a driver for abi, or "" if abi is unknown.
func IncludeDir(abi string) string {
	for _, a := range ABIs() {
		if a == abi {
			return "include/" + abi
		}
	}
	return ""
}

// DriverPath returns the path inside [FS] of the driver called name:
// "ref:<abi>" or "zoo:<abi>/<mutant>". It does not check that it exists.
func DriverPath(name string) (string, error) {
	kind, rest, ok := strings.Cut(name, ":")
	abi, mutant, hasMutant := strings.Cut(rest, "/")
	switch {
	case !ok || IncludeDir(abi) == "":
		// no kind or unknown ABI: the error below
	case kind == "ref" && !hasMutant:
		return path.Join("drivers", abi, "ref", driverFile), nil
	case kind == "zoo" && hasMutant && mutant != "" && !strings.ContainsAny(mutant, "/.\\"):
		return path.Join("zoo", abi, mutant, driverFile), nil
	}
	return "", fmt.Errorf("csrc: bad driver name %q (want ref:<abi> or zoo:<abi>/<mutant>, abi one of %v)", name, ABIs())
}

// DriverABI returns the ABI a driver name is written against ("xv6" for
// "zoo:xv6/intr-spin").
func DriverABI(name string) (string, error) {
	if _, err := DriverPath(name); err != nil {
		return "", err
	}
	_, rest, _ := strings.Cut(name, ":")
	abi, _, _ := strings.Cut(rest, "/")
	return abi, nil
}

// Driver returns the C source of the driver called name (see [DriverPath]).
func Driver(name string) ([]byte, error) {
	p, err := DriverPath(name)
	if err != nil {
		return nil, err
	}
	src, err := FS.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("csrc: driver %q: %w", name, err)
	}
	return src, nil
}

// Names returns the names of all embedded drivers, sorted: the references
// first ("ref:..."), then the zoo ("zoo:...").
func Names() []string {
	var names []string
	for _, abi := range ABIs() {
		if _, err := fs.Stat(FS, path.Join("drivers", abi, "ref", driverFile)); err == nil {
			names = append(names, "ref:"+abi)
		}
	}
	var zoo []string
	for _, abi := range ABIs() {
		dirs, _ := fs.ReadDir(FS, path.Join("zoo", abi))
		for _, d := range dirs {
			if _, err := fs.Stat(FS, path.Join("zoo", abi, d.Name(), driverFile)); err == nil {
				zoo = append(zoo, "zoo:"+abi+"/"+d.Name())
			}
		}
	}
	sort.Strings(zoo)
	return append(names, zoo...)
}

// Extract writes the whole embedded tree (include, drivers, zoo) under dir,
// creating directories as needed and overwriting files that exist.
func Extract(dir string) error {
	return fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := FS.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return fmt.Errorf("csrc: extract: %w", err)
		}
		return nil
	})
}

// Mutant is the metadata at the top of a zoo driver.
type Mutant struct {
	Class       string // bug class, e.g. "lock-reentry"
	Oracle      string // what must catch it, e.g. "lock"
	QEMU        string // "yes", "no" or "sometimes": does QEMU show it?
	Description string // one line: the planted bug
}

var (
	mutantTag  = regexp.MustCompile(`^/\* nicsim-mutant: class=([a-z0-9-]+) oracle=([a-z0-9-]+) qemu=(yes|no|sometimes) \*/$`)
	mutantDesc = regexp.MustCompile(`^/\* (.+) \*/$`)
)

// ErrNotMutant reports a source without a nicsim-mutant tag line.
var ErrNotMutant = errors.New("csrc: no nicsim-mutant tag on the first line")

// ParseMutant reads the tag and description lines that start a zoo driver.
func ParseMutant(src []byte) (Mutant, error) {
	lines := bytes.SplitN(src, []byte("\n"), 3)
	if !bytes.HasPrefix(lines[0], []byte("/* nicsim-mutant:")) {
		return Mutant{}, ErrNotMutant
	}
	tag := mutantTag.FindSubmatch(lines[0])
	if tag == nil {
		return Mutant{}, fmt.Errorf("csrc: malformed tag %q (want %s)", lines[0], mutantTag)
	}
	if len(lines) < 2 || mutantDesc.Find(lines[1]) == nil {
		return Mutant{}, errors.New("csrc: line 2 must be a one-line /* description */")
	}
	desc := mutantDesc.FindSubmatch(lines[1])[1]
	return Mutant{Class: string(tag[1]), Oracle: string(tag[2]), QEMU: string(tag[3]), Description: string(desc)}, nil
}

package csrc

import (
	"embed"
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

// DriverFile is the file name of every driver, as in the xv6 kernel tree.
const DriverFile = "e1000.c"

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

// DriverPath returns the path inside [FS] of the file that defines the
// driver called name: for "ref:<abi>" the reference driver's e1000.c, for
// "zoo:<abi>/<mutant>" the mutant's patch file (zoo/<abi>/<mutant>.mutant,
// see [Mutant]). It does not check that the file exists.
func DriverPath(name string) (string, error) {
	kind, rest, ok := strings.Cut(name, ":")
	abi, mutant, hasMutant := strings.Cut(rest, "/")
	switch {
	case !ok || IncludeDir(abi) == "":
		// no kind or unknown ABI: the error below
	case kind == "ref" && !hasMutant:
		return refPath(abi), nil
	case kind == "zoo" && hasMutant && validMutantName(mutant):
		return path.Join("zoo", abi, mutant+mutantExt), nil
	}
	return "", fmt.Errorf("csrc: bad driver name %q (want ref:<abi> or zoo:<abi>/<mutant>, abi one of %v)", name, ABIs())
}

func refPath(abi string) string { return path.Join("drivers", abi, "ref", DriverFile) }

// validMutantName accepts the base names of mutants: lower-case letters,
// digits and inner dashes ("arp-reentrant").
func validMutantName(s string) bool { return mutantName.MatchString(s) }

var mutantName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

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

// Driver returns the C source of the driver called name: the reference
// driver itself, or for a mutant the reference driver of its ABI with the
// mutant's replacements applied. A mutant that does not exist gives an error
// wrapping [fs.ErrNotExist]; one whose patch does not apply names the mutant
// and the block.
func Driver(name string) ([]byte, error) {
	p, err := DriverPath(name)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, "ref:") {
		src, err := FS.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("csrc: driver %q: %w", name, err)
		}
		return src, nil
	}
	m, err := LookupMutant(name)
	if err != nil {
		return nil, err
	}
	return m.Apply()
}

// Names returns the names of all embedded drivers, sorted: the references
// first ("ref:..."), then the zoo ("zoo:..."). A mutant is listed even if
// its file is malformed ([Driver] and [Mutants] report that).
func Names() []string {
	var names []string
	for _, abi := range ABIs() {
		if _, err := fs.Stat(FS, refPath(abi)); err == nil {
			names = append(names, "ref:"+abi)
		}
	}
	var zoo []string
	for _, abi := range ABIs() {
		files, _ := fs.ReadDir(FS, path.Join("zoo", abi))
		for _, f := range files {
			base, ok := strings.CutSuffix(f.Name(), mutantExt)
			if ok && !f.IsDir() && validMutantName(base) {
				zoo = append(zoo, "zoo:"+abi+"/"+base)
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

package xv6

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

// FS holds xv6's C sources, rooted as in this directory: include/ (the
// stand-in kernel headers), drivers/ (the reference drivers), zoo/ (the
// mutants) and hosted/ (the kernel services of the hosted runtime).
//
//go:embed include drivers zoo hosted
var FS embed.FS

// DriverFile is the file name of every driver, as in the xv6 kernel tree.
const DriverFile = "e1000.c"

// Generations returns the net-lab generations that have headers, by the
// names they register with package guest ("xv6", "xv6-2024").
func Generations() []string { return []string{gen2020.Name, gen2024.Name} }

// IncludeDir returns the directory inside [FS] to pass as -I when compiling
// a driver of generation gen, or "" if gen is unknown.
func IncludeDir(gen string) string {
	for _, g := range Generations() {
		if g == gen {
			return "include/" + gen
		}
	}
	return ""
}

// DriverPath returns the path inside [FS] of the file that defines the
// driver called name: for "ref:<gen>" the reference driver's e1000.c, for
// "zoo:<gen>/<mutant>" the mutant's patch file (zoo/<gen>/<mutant>.mutant,
// in the format of package csrc). It does not check that the file exists.
func DriverPath(name string) (string, error) {
	kind, rest, ok := strings.Cut(name, ":")
	gen, mutant, hasMutant := strings.Cut(rest, "/")
	switch {
	case !ok || IncludeDir(gen) == "":
		// no kind or unknown generation: the error below
	case kind == "ref" && !hasMutant:
		return refPath(gen), nil
	case kind == "zoo" && hasMutant && validMutantName(mutant):
		return path.Join("zoo", gen, mutant+mutantExt), nil
	}
	return "", fmt.Errorf("xv6: bad driver name %q (want ref:<gen> or zoo:<gen>/<mutant>, gen one of %v)", name, Generations())
}

func refPath(gen string) string { return path.Join("drivers", gen, "ref", DriverFile) }

// validMutantName accepts the base names of mutants: lower-case letters,
// digits and inner dashes ("arp-reentrant").
func validMutantName(s string) bool { return mutantName.MatchString(s) }

var mutantName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// mutantExt is the file extension of mutants in zoo/<gen>/.
const mutantExt = ".mutant"

// DriverGen returns the generation a driver name is written for ("xv6"
// for "zoo:xv6/intr-spin").
func DriverGen(name string) (string, error) {
	if _, err := DriverPath(name); err != nil {
		return "", err
	}
	_, rest, _ := strings.Cut(name, ":")
	gen, _, _ := strings.Cut(rest, "/")
	return gen, nil
}

// Driver returns the C source of the driver called name: the reference
// driver itself, or for a mutant the reference driver of its generation
// with the mutant's replacements applied. A mutant that does not exist
// gives an error wrapping [fs.ErrNotExist]; one whose patch does not apply
// names the mutant and the block.
func Driver(name string) ([]byte, error) {
	p, err := DriverPath(name)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, "ref:") {
		src, err := FS.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("xv6: driver %q: %w", name, err)
		}
		return src, nil
	}
	m, err := LookupMutant(name)
	if err != nil {
		return nil, err
	}
	return ApplyMutant(m)
}

// Names returns the names of all embedded drivers, sorted: the references
// first ("ref:..."), then the zoo ("zoo:..."). A mutant is listed even if
// its file is malformed ([Driver] and [Mutants] report that).
func Names() []string {
	var names []string
	for _, gen := range Generations() {
		if _, err := fs.Stat(FS, refPath(gen)); err == nil {
			names = append(names, "ref:"+gen)
		}
	}
	var zoo []string
	for _, gen := range Generations() {
		files, _ := fs.ReadDir(FS, path.Join("zoo", gen))
		for _, f := range files {
			base, ok := strings.CutSuffix(f.Name(), mutantExt)
			if ok && !f.IsDir() && validMutantName(base) {
				zoo = append(zoo, "zoo:"+gen+"/"+base)
			}
		}
	}
	sort.Strings(zoo)
	return append(names, zoo...)
}

// Extract writes the whole embedded tree (include, drivers, zoo, hosted)
// under dir, creating directories as needed and overwriting files that
// exist.
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
			return fmt.Errorf("xv6: extract: %w", err)
		}
		return nil
	})
}

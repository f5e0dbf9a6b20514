package jos

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// FS holds the include, drivers and zoo trees, rooted as in the source
// directory ("include/kern/pmap.h", "drivers/ref/kern/e1000.c").
//
//go:embed include drivers zoo
var FS embed.FS

// ABI is the kernel interface's name in driver names ("ref:jos").
const ABI = "jos"

// Directories inside [FS].
const (
	IncludeDir = "include"     // stand-in headers: the folder above inc/ and kern/
	RefDir     = "drivers/ref" // the reference lab, laid out as a student's tree
	ZooDir     = "zoo"         // mutants of the reference lab
)

// LabFlags are the lab's compile flags for the kernel and the user
// environments (GNUmakefile CFLAGS), without include paths and without the
// define of the file's [Side].
var LabFlags = []string{
	"-m32", "-O1", "-fno-builtin", "-std=gnu99", "-static", "-fno-pie",
	"-Wall", "-Wno-format", "-Wno-unused", "-Werror", "-nostdinc",
}

// Side is the half of JOS a C file belongs to: the kernel or a user
// environment. Each compiles with its own define, and the kernel-only
// headers (kern/pmap.h, kern/env.h, ...) refuse the user side.
type Side int

// The two sides.
const (
	Kernel Side = iota // kern/: -DJOS_KERNEL
	User               // lib/, net/, user/: -DJOS_USER
)

// Define returns the side's -D flag, as the lab's makefiles pass it.
func (s Side) Define() string {
	if s == Kernel {
		return "-DJOS_KERNEL"
	}
	return "-DJOS_USER"
}

// String returns "kernel" or "user".
func (s Side) String() string {
	if s == Kernel {
		return "kernel"
	}
	return "user"
}

// SideOf returns the side of a lab path: kern/ is the kernel, everything
// else (lib/, net/, user/) a user environment.
func SideOf(labPath string) Side {
	if strings.HasPrefix(labPath, "kern/") {
		return Kernel
	}
	return User
}

// Args returns the flags that compile the lab file labPath (such as
// "net/input.c") of the tree in labDir against the stand-in headers in
// incDir: the side's define, the lab before the stand-ins on the include
// path (a student's own headers win), and for net/ the lab's -Inet.
func Args(labDir, incDir, labPath string) []string {
	args := []string{SideOf(labPath).Define(), "-I", labDir, "-I", incDir}
	if strings.HasPrefix(labPath, "net/") {
		args = append(args, "-I", filepath.Join(labDir, "net"), "-I", filepath.Join(incDir, "net"))
	}
	return args
}

// RefSources returns the C files of the reference lab (paths inside the
// lab tree, "kern/e1000.c"), sorted.
func RefSources() []string {
	var srcs []string
	for p := range refTree() {
		if strings.HasSuffix(p, ".c") {
			srcs = append(srcs, p)
		}
	}
	slices.Sort(srcs)
	return srcs
}

// refTree returns the reference lab: lab path -> contents.
func refTree() map[string][]byte {
	tree := map[string][]byte{}
	err := fs.WalkDir(FS, RefDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := FS.ReadFile(p)
		tree[strings.TrimPrefix(p, RefDir+"/")] = data
		return err
	})
	if err != nil {
		panic("jos: embedded reference lab: " + err.Error()) // FS is compiled in
	}
	return tree
}

// Names returns the names of all drivers: "ref:jos", then the mutants
// ("zoo:jos/<mutant>") sorted.
func Names() []string {
	names := []string{"ref:" + ABI}
	files, _ := fs.ReadDir(FS, ZooDir)
	for _, f := range files {
		base, ok := strings.CutSuffix(f.Name(), mutantExt)
		if ok && !f.IsDir() && validMutantName(base) {
			names = append(names, "zoo:"+ABI+"/"+base)
		}
	}
	slices.Sort(names[1:])
	return names
}

// Lab returns the lab tree of the driver called name (lab path ->
// contents): the reference lab, or for a mutant the reference lab with the
// mutant's blocks applied.
func Lab(name string) (map[string][]byte, error) {
	if name == "ref:"+ABI {
		return refTree(), nil
	}
	m, err := LookupMutant(name)
	if err != nil {
		return nil, err
	}
	patched, err := m.Apply()
	if err != nil {
		return nil, err
	}
	tree := refTree()
	for p, src := range patched {
		tree[p] = src
	}
	return tree, nil
}

// WriteTree writes what compiling driver name needs into dir: the
// stand-in headers under dir/include and the driver's lab tree under
// dir/lab. Compile lab file p with [LabFlags] and
// Args(dir/lab, dir/include, p).
func WriteTree(dir, name string) error {
	lab, err := Lab(name)
	if err != nil {
		return err
	}
	err = fs.WalkDir(FS, IncludeDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := FS.ReadFile(p)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dir, filepath.FromSlash(p)), data)
	})
	if err != nil {
		return fmt.Errorf("jos: write tree: %w", err)
	}
	for p, data := range lab {
		if err := writeFile(filepath.Join(dir, "lab", filepath.FromSlash(p)), data); err != nil {
			return fmt.Errorf("jos: write tree: %w", err)
		}
	}
	return nil
}

func writeFile(dst string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

// mutantPath returns the path inside FS of the mutant called name, or an
// error if name is not "zoo:jos/<mutant>".
func mutantPath(name string) (string, error) {
	base, ok := strings.CutPrefix(name, "zoo:"+ABI+"/")
	if !ok || !validMutantName(base) {
		return "", fmt.Errorf("jos: bad mutant name %q (want zoo:%s/<mutant>)", name, ABI)
	}
	return path.Join(ZooDir, base+mutantExt), nil
}

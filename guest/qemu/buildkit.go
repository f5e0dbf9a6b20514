package qemu

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// The guests' builds (this package's, guest/qemu/pc's, guest/qemu/jospc's)
// share their cache key, their build directory and their linker hint.

// BuildKey hashes everything that can change a guest's ELF: the build's
// version, the compiler, its parameters and every input file.
func BuildKey(version, ccID, params string, files map[string][]byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", version, ccID, params)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(files[name]))
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// WriteTree writes files (by slash-separated path) below dir.
func WriteTree(dir string, files map[string][]byte) error {
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

var undefinedRE = regexp.MustCompile("undefined reference to `([^']+)'")

// Undefined names the functions the linker output says are undefined, each
// once, in their order.
func Undefined(out []byte) []string {
	var names []string
	for _, m := range undefinedRE.FindAllSubmatch(out, -1) {
		if n := string(m[1]); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// AddFS adds every file below root in fsys to files, named prefix and its
// path below root.
func AddFS(files map[string][]byte, fsys fs.FS, root, prefix string) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		files[prefix+strings.TrimPrefix(p, root+"/")] = data
		return err
	})
}

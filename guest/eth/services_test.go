package eth

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestServicesMatchHeaders: the functions the headers in include/ declare are
// exactly the Services list.
func TestServicesMatchHeaders(t *testing.T) {
	decl := regexp.MustCompile(`^[a-z][^#(]*?\(?\*?\b(_{1,2}[a-z][a-z0-9_]*)\s*\(`)
	var declared []string
	err := fs.WalkDir(FS, "include", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(FS, p)
		for _, line := range strings.Split(string(data), "\n") {
			if m := decl.FindStringSubmatch(line); m != nil && !slices.Contains(declared, m[1]) {
				declared = append(declared, m[1])
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(declared)
	want := slices.Clone(Services)
	slices.Sort(want)
	if !slices.Equal(declared, want) {
		t.Errorf("headers declare %v\nServices lists  %v", declared, want)
	}
}

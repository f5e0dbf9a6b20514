package hosted

import (
	"embed"
	"io/fs"
	"sort"
)

// runtimeFS holds the C runtime linked with every driver (not instrumented)
// and the linker script of the image.
//
//go:embed runtime/rt.h runtime/*.c runtime/image.ld
var runtimeFS embed.FS

// runtimeFiles returns the runtime's files (base name to content) in name order.
func runtimeFiles() ([]string, map[string][]byte) {
	ents, err := fs.ReadDir(runtimeFS, "runtime")
	if err != nil {
		panic(err) // embedded: cannot fail
	}
	files := map[string][]byte{}
	var names []string
	for _, e := range ents {
		b, err := runtimeFS.ReadFile("runtime/" + e.Name())
		if err != nil {
			panic(err)
		}
		files[e.Name()] = b
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, files
}

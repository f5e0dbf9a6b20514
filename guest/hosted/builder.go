package hosted

import (
	"crypto/sha256"
	"embed"
	"io/fs"
	"strings"
	"sync"
)

// builderSources are this package's own Go files: how a driver is
// compiled, checked and linked is part of what a cached image depends on.
//
//go:embed *.go
var builderSources embed.FS

var builderOnce = sync.OnceValue(func() []byte {
	h := sha256.New()
	names, _ := fs.Glob(builderSources, "*.go")
	for _, n := range names { // sorted by fs.Glob
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		b, _ := builderSources.ReadFile(n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return h.Sum(nil)
})

// builderSum hashes the builder's Go sources, so that two nicsim builds
// whose compile or link steps differ never share a cached image or
// runtime, even when cacheFormat was not bumped (two checkouts of nicsim
// share one cache directory).
func builderSum() []byte { return builderOnce() }

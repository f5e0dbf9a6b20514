//go:build tools

package corpus

// This file keeps go-fuzz's runtime package in go.mod: go-fuzz-build needs
// it, and go mod tidy would drop it because no regular build imports it.
import _ "github.com/dvyukov/go-fuzz/go-fuzz-dep"

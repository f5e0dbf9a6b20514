package jos

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// sideHeaders returns a C file including every stand-in header of side.
func sideHeaders(t *testing.T, side Side) string {
	var b strings.Builder
	for _, h := range headers(t) {
		kernOnly := strings.HasPrefix(h, "kern/")
		userOnly := h == "inc/lib.h" || h == "net/ns.h"
		if (side == Kernel && !userOnly) || (side == User && !kernOnly) {
			fmt.Fprintf(&b, "#include <%s>\n", h)
		}
	}
	return b.String()
}

// auxExtern matches a function declaration in gcc's -aux-info output and
// captures its name.
var auxExtern = regexp.MustCompile(`(?m)^/\* \S+:\d+:NC \*/ extern [^(]*?(\w+) \(`)

// TestServices checks Services and Objects against the headers, with the
// i386 compiler: every function a side's headers declare (gcc -aux-info)
// is a service or one of the lab's own, every service is declared, and a
// file taking the address of every service and object compiles.
func TestServices(t *testing.T) {
	needI386(t)
	inc := filepath.Join(extract(t, "ref:"+ABI), IncludeDir)
	for _, side := range []Side{Kernel, User} {
		t.Run(side.String(), func(t *testing.T) {
			dir := t.TempDir()
			src, aux := filepath.Join(dir, "all.c"), filepath.Join(dir, "aux.txt")
			if err := os.WriteFile(src, []byte(sideHeaders(t, side)), 0o644); err != nil {
				t.Fatal(err)
			}
			cc(t, src, side.Define(), "-I", inc, "-aux-info", aux)
			text, err := os.ReadFile(aux)
			if err != nil {
				t.Fatal(err)
			}
			var declared []string
			for _, m := range auxExtern.FindAllStringSubmatch(string(text), -1) {
				if !slices.Contains(notServices, m[1]) {
					declared = append(declared, m[1])
				}
			}
			slices.Sort(declared)
			if got := Services(side); !slices.Equal(got, slices.Compact(declared)) {
				t.Errorf("Services(%v) = %v\nthe headers declare %v", side, got, declared)
			}
			checkAddressable(t, side, inc)
		})
	}
}

// checkAddressable compiles a file that takes the address of every
// service and object of side.
func checkAddressable(t *testing.T, side Side, inc string) {
	t.Helper()
	var b strings.Builder
	b.WriteString(sideHeaders(t, side))
	b.WriteString("const void *refs[] = {\n")
	for _, name := range append(Services(side), Objects(side)...) {
		fmt.Fprintf(&b, "    (const void *)&%s,\n", name)
	}
	b.WriteString("};\n")
	src := filepath.Join(t.TempDir(), "refs.c")
	if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cc(t, src, side.Define(), "-I", inc)
}

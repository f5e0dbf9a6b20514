package tidy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/nic"
	_ "github.com/nicsim/nicsim/nic/all"
)

const module = "github.com/nicsim/nicsim"

// pkgFiles parses the non-test Go files of every package of the module,
// keyed by import path.
func pkgFiles(t *testing.T) (map[string][]*ast.File, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string][]*ast.File{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("..", filepath.Dir(path))
		ip := module
		if rel != "." {
			ip += "/" + filepath.ToSlash(rel)
		}
		out[ip] = append(out[ip], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("found only %d packages", len(out))
	}
	return out, fset
}

// deps returns the module packages p imports, directly or not.
func deps(files map[string][]*ast.File, p string, seen map[string]bool) {
	for _, f := range files[p] {
		for _, im := range f.Imports {
			q, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(q, module) && !seen[q] {
				seen[q] = true
				deps(files, q, seen)
			}
		}
	}
}

func under(p, root string) bool {
	return p == module+"/"+root || strings.HasPrefix(p, module+"/"+root+"/")
}

// Device models do not reach up into the guest, the stack or the harness.
func TestNICImportsNoUpperLayer(t *testing.T) {
	files, _ := pkgFiles(t)
	for p := range files {
		if !under(p, "nic") {
			continue
		}
		seen := map[string]bool{}
		deps(files, p, seen)
		for q := range seen {
			for _, banned := range []string{"guest", "stack", "harness", "report", "properties", "fuzz", "cmd"} {
				if under(q, banned) {
					t.Errorf("%s imports %s: device models must not depend on %s", p, q, banned)
				}
			}
		}
	}
}

// The kernel-independent layers below the kernels (the scheduler, the
// hosted C runtime, the mutant format, the registries) do not import a
// kernel's package: each kernel model brings its own home.
func TestKernelIndependentLayersImportNoKernel(t *testing.T) {
	files, _ := pkgFiles(t)
	for p := range files {
		if !slices.ContainsFunc([]string{"sim", "guest/hosted", "guest/csrc"}, func(r string) bool { return under(p, r) }) &&
			p != module+"/guest" {
			continue
		}
		seen := map[string]bool{}
		deps(files, p, seen)
		for q := range seen {
			for _, k := range []string{"guest/xv6", "guest/eth", "guest/jos", "guest/all"} {
				if under(q, k) {
					t.Errorf("%s imports %s: kernel-independent code must not depend on a kernel", p, q)
				}
			}
		}
	}
}

// generic are the packages that must not name a device or a kernel: they
// ask the registries.
var generic = []string{"harness", "diag", "report", "properties", "fuzz", "corpus", "stack", "sim", "cmd", "agree", "oracle", "guest/hosted", "guest/csrc"}

// allowed are declarations ("file" for a whole file, "file:Name" for one
// top-level declaration) of generic packages that still name a device or
// kernel, each with the reason; the list only shrinks.
var allowed = map[string]string{
	"guest/hosted/driver.go":      "the hosted runtime's three fixed entry points (rt.h's ENTRY_INIT, ENTRY_TRANSMIT, ENTRY_INTR) are the xv6 lab's e1000.c functions, which the contexts are named after; other kernels reach their drivers through nicsim_kernel_entry (guest.Caller) or their kit's Glue",
	"cmd/nicsim/qemu.go:qemuHelp": "the help of the qemu command describes the real guest, which is xv6's with QEMU's e1000 until kernels register their QEMU guests",
}

// TestGenericPackagesNameNoDeviceOrKernel checks identifiers and string
// literals (not comments) of the generic packages for device and kernel
// names and the registered devices' register names.
func TestGenericPackagesNameNoDeviceOrKernel(t *testing.T) {
	files, fset := pkgFiles(t)
	words := []string{"e1000", "82540", "xv6"}
	regs := map[string]bool{}
	for _, m := range nic.Models() {
		for _, r := range m.Regs {
			regs[r.Name] = true
		}
	}
	tok := regexp.MustCompile(`[A-Za-z0-9_]+`)
	bad := func(s string) string {
		low := strings.ToLower(s)
		for _, w := range words {
			if strings.Contains(low, w) {
				return w
			}
		}
		for _, w := range tok.FindAllString(s, -1) {
			if regs[w] {
				return w
			}
		}
		return ""
	}
	var pkgs []string
	for p := range files {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	for _, p := range pkgs {
		if !slices.ContainsFunc(generic, func(g string) bool { return under(p, g) }) {
			continue
		}
		for _, f := range files[p] {
			name := filepath.ToSlash(strings.TrimPrefix(fset.Position(f.Pos()).Filename, "../"))
			if _, ok := allowed[name]; ok {
				continue
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if _, ok := allowed[name+":"+declName(n)]; ok {
					return false
				}
				var s string
				switch n := n.(type) {
				case *ast.ImportSpec:
					return false
				case *ast.Ident:
					s = n.Name
				case *ast.BasicLit:
					if n.Kind == token.STRING {
						s = n.Value
					}
				}
				if w := bad(s); w != "" {
					t.Errorf("%s: names %q (%s): ask the device or kernel registry", fset.Position(n.Pos()), w, s)
				}
				return true
			})
		}
	}
}

// declName is the name of a top-level declaration ("" for other nodes).
func declName(n ast.Node) string {
	switch d := n.(type) {
	case *ast.FuncDecl:
		return d.Name.Name
	case *ast.GenDecl:
		if len(d.Specs) == 1 {
			if v, ok := d.Specs[0].(*ast.ValueSpec); ok && len(v.Names) == 1 {
				return v.Names[0].Name
			}
		}
	}
	return ""
}

func TestMain(m *testing.M) {
	if _, err := os.Stat("../go.mod"); err != nil {
		panic("tidy tests run from the tidy directory")
	}
	os.Exit(m.Run())
}

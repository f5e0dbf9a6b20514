package jos

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// probe returns a C file that includes every header of ls and statically
// asserts their layouts: a wrong number is a compile error.
func probe(ls []Layout) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, l := range ls {
		if !seen[l.Header] {
			fmt.Fprintf(&b, "#include <%s>\n", l.Header)
			seen[l.Header] = true
		}
	}
	for _, l := range ls {
		fmt.Fprintf(&b, "_Static_assert(sizeof(%s) == %d, \"sizeof(%s)\");\n", l.Type, l.Size, l.Type)
		fmt.Fprintf(&b, "_Static_assert(__alignof__(%s) == %d, \"alignof(%s)\");\n", l.Type, l.Align, l.Type)
		for _, f := range l.Fields {
			fmt.Fprintf(&b, "_Static_assert(__builtin_offsetof(%s, %s) == %d, \"%s.%s offset\");\n",
				l.Type, f.Name, f.Offset, l.Type, f.Name)
			fmt.Fprintf(&b, "_Static_assert(sizeof(((%s *)0)->%s) == %d, \"%s.%s size\");\n",
				l.Type, f.Name, f.Size, l.Type, f.Name)
		}
	}
	return b.String()
}

// TestLayouts checks Layouts against the real i386 build: a probe with
// static assertions on every size, alignment, offset and member size
// compiles with the lab's flags, and the same probe with one offset
// changed does not (so the assertions are really evaluated).
func TestLayouts(t *testing.T) {
	needI386(t)
	l, ok := LayoutOf("struct pci_func")
	if !ok {
		t.Fatal("no layout for struct pci_func")
	}
	for name, want := range map[string]int{"bus": 0, "dev_id": 12, "reg_base": 20, "reg_size": 44, "irq_line": 68} {
		if f, ok := l.Field(name); !ok || f.Offset != want {
			t.Errorf("struct pci_func.%s at %d (found %v), want %d (specs/guest-abis.md §3a)", name, f.Offset, ok, want)
		}
	}
	inc := filepath.Join(extract(t, "ref:"+ABI), IncludeDir)
	write := func(name, text string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cc(t, write("layout.c", probe(Layouts())), Kernel.Define(), "-I", inc)

	bad := Layouts()
	bad[0].Fields[len(bad[0].Fields)-1].Offset += 4
	if !ccFails(t, write("bad.c", probe(bad)), Kernel.Define(), "-I", inc) {
		t.Errorf("the probe with %s.%s moved by 4 bytes compiles; its assertions are not checked",
			bad[0].Type, bad[0].Fields[len(bad[0].Fields)-1].Name)
	}
}

// TestLayoutsCopy checks that Layouts hands out copies.
func TestLayoutsCopy(t *testing.T) {
	a := Layouts()
	a[0].Fields[0].Offset = 99
	if f, _ := Layouts()[0].Field(a[0].Fields[0].Name); f.Offset == 99 {
		t.Error("changing the result of Layouts changed the package's layouts")
	}
}

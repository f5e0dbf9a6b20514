package jos

import (
	"debug/elf"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// cc compiles src with the lab's flags plus args into a fresh object file
// and returns its path. On failure it fails t with the compiler's output
// and the command and test that reproduce it.
func cc(t *testing.T, src string, args ...string) string {
	t.Helper()
	obj := filepath.Join(t.TempDir(), "out.o")
	argv := append(append(slices.Clone(LabFlags), args...), "-c", src, "-o", obj)
	out, err := exec.Command("gcc", argv...).CombinedOutput()
	if err != nil {
		t.Errorf("%s: %v\n%s\n[jos] command: gcc %s\n[jos] To reproduce: go test ./guest/jos -run '%s$' -count=1",
			filepath.Base(src), err, out, strings.Join(argv, " "), t.Name())
		return ""
	}
	return obj
}

// ccFails reports whether gcc rejects src with the lab's flags plus args.
func ccFails(t *testing.T, src string, args ...string) bool {
	t.Helper()
	argv := append(append(slices.Clone(LabFlags), args...), "-c", src, "-o", filepath.Join(t.TempDir(), "out.o"))
	return exec.Command("gcc", argv...).Run() != nil
}

var i386 struct {
	once sync.Once
	err  error
}

// needI386 fails t unless gcc builds i386 objects with the lab's flags:
// every JOS test depends on the real -m32 build, so a missing compiler is
// a failure, not a skip.
func needI386(t *testing.T) {
	t.Helper()
	i386.once.Do(func() { i386.err = checkI386() })
	if i386.err != nil {
		t.Fatalf("%v\n[jos] JOS files need gcc with -m32 (Debian: apt-get install gcc; gcc-multilib to link)", i386.err)
	}
}

func checkI386() error {
	dir, err := os.MkdirTemp("", "jos-i386")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src, obj := filepath.Join(dir, "probe.c"), filepath.Join(dir, "probe.o")
	if err := os.WriteFile(src, []byte("int probe(int *p) { return *p; }\n"), 0o644); err != nil {
		return err
	}
	argv := append(slices.Clone(LabFlags), "-c", src, "-o", obj)
	if out, err := exec.Command("gcc", argv...).CombinedOutput(); err != nil {
		return fmt.Errorf("gcc %s: %v\n%s", strings.Join(argv, " "), err, out)
	}
	f, err := elf.Open(obj)
	if err != nil {
		return err
	}
	defer f.Close()
	if f.Class != elf.ELFCLASS32 || f.Machine != elf.EM_386 {
		return fmt.Errorf("gcc -m32 made a %v %v object, want ELFCLASS32 EM_386", f.Class, f.Machine)
	}
	return nil
}

// extract writes the embedded headers and the tree of driver name into a
// temporary directory and returns it.
func extract(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := WriteTree(dir, name); err != nil {
		t.Fatal(err)
	}
	return dir
}

// headers returns the stand-in headers, as include paths ("kern/pmap.h").
func headers(t *testing.T) []string {
	t.Helper()
	var hs []string
	err := fs.WalkDir(FS, IncludeDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".h") {
			hs = append(hs, strings.TrimPrefix(p, IncludeDir+"/"))
		}
		return err
	})
	if err != nil || len(hs) < 20 {
		t.Fatalf("%d headers under %s (err %v), want at least 20", len(hs), IncludeDir, err)
	}
	return hs
}

// TestHeadersStandalone compiles a file that includes one header and
// nothing else, for every stand-in header and both sides: each header
// brings what it needs. The kernel headers that JOS guards against user
// programs must refuse the user side.
func TestHeadersStandalone(t *testing.T) {
	needI386(t)
	dir := extract(t, "ref:"+ABI)
	inc := filepath.Join(dir, IncludeDir)
	for _, h := range headers(t) {
		data, _ := FS.ReadFile(IncludeDir + "/" + h)
		guarded := strings.Contains(string(data), "#error")
		t.Run(strings.ReplaceAll(h, "/", "_"), func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(t.TempDir(), "one.c")
			if err := os.WriteFile(src, []byte("#include <"+h+">\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cc(t, src, Kernel.Define(), "-I", inc)
			if !guarded {
				cc(t, src, User.Define(), "-I", inc)
			} else if !ccFails(t, src, User.Define(), "-I", inc) {
				t.Errorf("%s compiles on the user side; JOS's kernel headers #error there", h)
			}
		})
	}
}

// TestHeadersHosted compiles all the stand-in headers of each side
// together for x86-64 (the lab's flags with -m64), as a hosted runtime
// would: they cast pointers through uintptr_t only, so nothing in them is
// tied to 32-bit pointers. (Student files are: lib/syscall.c and
// kern/syscall.c cast pointers to and from uint32_t.)
func TestHeadersHosted(t *testing.T) {
	needI386(t)
	inc := filepath.Join(extract(t, "ref:"+ABI), IncludeDir)
	for _, side := range []Side{Kernel, User} {
		src := filepath.Join(t.TempDir(), "all.c")
		if err := os.WriteFile(src, []byte(sideHeaders(t, side)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(side.String(), func(t *testing.T) {
			cc(t, src, "-m64", side.Define(), "-I", inc)
		})
	}
}

// TestHeaderFixtures compiles testdata/abi_check.c (static assertions
// pinning the headers' values) on both sides and testdata/compat.c
// (patterns of surveyed student drivers) on the kernel side.
func TestHeaderFixtures(t *testing.T) {
	needI386(t)
	dir := extract(t, "ref:"+ABI)
	inc := filepath.Join(dir, IncludeDir)
	incs := []string{"-I", inc, "-I", filepath.Join(inc, "net")}
	for _, side := range []Side{Kernel, User} {
		t.Run("abi_check-"+side.String(), func(t *testing.T) {
			cc(t, filepath.Join("testdata", "abi_check.c"), append([]string{side.Define()}, incs...)...)
		})
	}
	t.Run("compat", func(t *testing.T) {
		cc(t, filepath.Join("testdata", "compat.c"), append([]string{Kernel.Define()}, incs...)...)
	})
}

// TestCompileRef compiles every C file of the reference lab on its side,
// with the lab ahead of the stand-ins on the include path, and checks the
// driver's object: its entry points are defined, and both rings sit
// 16-byte aligned in a section aligned at least that much.
func TestCompileRef(t *testing.T) {
	needI386(t)
	dir := extract(t, "ref:"+ABI)
	lab, inc := filepath.Join(dir, "lab"), filepath.Join(dir, IncludeDir)
	srcs := RefSources()
	want := []string{"kern/e1000.c", "kern/pci.c", "kern/syscall.c", "lib/syscall.c", "net/input.c", "net/output.c"}
	if !slices.Equal(srcs, want) {
		t.Errorf("RefSources() = %v, want %v", srcs, want)
	}
	defined, undefined := map[Side]map[string]bool{Kernel: {}, User: {}}, map[string]Side{}
	for _, p := range srcs {
		t.Run(strings.ReplaceAll(p, "/", "_"), func(t *testing.T) {
			obj := cc(t, filepath.Join(lab, filepath.FromSlash(p)), Args(lab, inc, p)...)
			if obj == "" {
				return
			}
			if p == "kern/e1000.c" {
				checkDriverObject(t, obj)
			}
			def, undef := objectSymbols(t, obj)
			for _, s := range def {
				defined[SideOf(p)][s] = true
			}
			for _, s := range undef {
				undefined[s] = SideOf(p)
			}
		})
	}
	for s, side := range undefined {
		if !defined[side][s] && !slices.Contains(Services(side), s) && !slices.Contains(Objects(side), s) &&
			s != "nsipcbuf" {
			t.Errorf("the reference lab's %s side calls %s, which is neither a service, an object nor defined by the lab", side, s)
		}
	}
}

// objectSymbols returns the global symbols an object file defines and
// those it needs.
func objectSymbols(t *testing.T, obj string) (def, undef []string) {
	t.Helper()
	f, err := elf.Open(obj)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range syms {
		switch {
		case s.Section == elf.SHN_UNDEF && s.Name != "":
			undef = append(undef, s.Name)
		case elf.ST_BIND(s.Info) == elf.STB_GLOBAL:
			def = append(def, s.Name)
		}
	}
	return def, undef
}

func checkDriverObject(t *testing.T, obj string) {
	f, err := elf.Open(obj)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]elf.Symbol{}
	for _, s := range syms {
		found[s.Name] = s
	}
	for _, fn := range []string{"e1000_attach", "e1000_transmit", "e1000_receive"} {
		if s, ok := found[fn]; !ok || elf.ST_TYPE(s.Info) != elf.STT_FUNC || s.Section == elf.SHN_UNDEF {
			t.Errorf("%s is not defined as a function in kern/e1000.o", fn)
		}
	}
	for _, ring := range []string{"tx_ring", "rx_ring"} {
		s, ok := found[ring]
		if !ok || int(s.Section) >= len(f.Sections) {
			t.Errorf("no symbol %s in kern/e1000.o", ring)
			continue
		}
		sec := f.Sections[s.Section]
		if s.Value%16 != 0 || sec.Addralign < 16 {
			t.Errorf("%s at %s+%#x (section aligned %d), want 16-byte aligned", ring, sec.Name, s.Value, sec.Addralign)
		}
	}
}

// TestCompileMutants compiles, for every mutant, the lab files it
// patches, as Lab returns them.
func TestCompileMutants(t *testing.T) {
	needI386(t)
	ms, err := Mutants()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		t.Run(strings.TrimPrefix(m.Name, "zoo:"+ABI+"/"), func(t *testing.T) {
			t.Parallel()
			dir := extract(t, m.Name)
			lab, inc := filepath.Join(dir, "lab"), filepath.Join(dir, IncludeDir)
			for _, p := range patchedSources(m) {
				cc(t, filepath.Join(lab, filepath.FromSlash(p)), Args(lab, inc, p)...)
			}
		})
	}
}

// patchedSources returns the C files to rebuild for m: the files it
// patches, and kern/e1000.c when it patches the driver's header.
func patchedSources(m Mutant) []string {
	var srcs []string
	for _, f := range m.Files {
		if f == "kern/e1000.h" {
			f = "kern/e1000.c"
		}
		if strings.HasSuffix(f, ".c") && !slices.Contains(srcs, f) {
			srcs = append(srcs, f)
		}
	}
	return srcs
}

// TestNotVolatileSpins checks that the regs-not-volatile mutant expresses
// its bug in the real i386 build: with the MMIO pointer not volatile, gcc
// -O1 turns the wait for CTRL.RST into a jump to itself (the register is
// never read again), while the reference reads it on every iteration.
func TestNotVolatileSpins(t *testing.T) {
	needI386(t)
	if _, err := exec.LookPath("objdump"); err != nil {
		t.Fatalf("objdump (binutils) is needed to read the i386 code: %v", err)
	}
	for _, tc := range []struct {
		name string
		spin bool
	}{{"ref:" + ABI, false}, {"zoo:" + ABI + "/regs-not-volatile", true}} {
		dir := extract(t, tc.name)
		lab, inc := filepath.Join(dir, "lab"), filepath.Join(dir, IncludeDir)
		obj := cc(t, filepath.Join(lab, "kern", "e1000.c"), Args(lab, inc, "kern/e1000.c")...)
		if obj == "" {
			continue
		}
		out, err := exec.Command("objdump", "-d", "--no-show-raw-insn", obj).Output()
		if err != nil {
			t.Fatalf("objdump: %v", err)
		}
		attach := funcBody(string(out), "e1000_attach")
		if attach == "" {
			t.Fatalf("%s: no e1000_attach in the disassembly", tc.name)
		}
		if got := jumpsToItself(attach); got != tc.spin {
			t.Errorf("%s: e1000_attach jumps to itself: %v, want %v\n%s", tc.name, got, tc.spin, attach)
		}
	}
}

// jmpLine matches an unconditional jump in objdump's output: its address
// and its target.
var jmpLine = regexp.MustCompile(`(?m)^\s*([0-9a-f]+):\s+jmp\s+([0-9a-f]+) <`)

// jumpsToItself reports whether the disassembly holds a jump to its own
// address: a loop that does nothing, forever.
func jumpsToItself(asm string) bool {
	for _, m := range jmpLine.FindAllStringSubmatch(asm, -1) {
		if m[1] == m[2] {
			return true
		}
	}
	return false
}

// funcBody returns the disassembly of the function fn, from its label to
// the blank line that ends it.
func funcBody(asm, fn string) string {
	_, body, ok := strings.Cut(asm, "<"+fn+">:\n")
	if !ok {
		return ""
	}
	body, _, _ = strings.Cut(body, "\n\n")
	return body
}

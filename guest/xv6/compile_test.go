package xv6

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// A toolchain and the flags every driver must compile with, warning-free.
type toolchain struct {
	name  string
	cc    string
	flags []string
}

var hostFlags = []string{"-Wall", "-Werror", "-O1", "-ffreestanding", "-fno-builtin", "-DLAB_NET"}

var toolchains = []toolchain{
	{"host", "gcc", hostFlags},
	{"tsan", "gcc", append(append([]string{}, hostFlags...),
		"-fsanitize=thread", "--param", "tsan-distinguish-volatile=1", "-fPIE")},
	{"riscv64", "riscv64-unknown-elf-gcc", []string{
		"-march=rv64imac_zicsr", "-mabi=lp64", "-mcmodel=medany", "-ffreestanding",
		"-nostdlib", "-Wall", "-Werror", "-O1", "-DLAB_NET"}},
}

// compile runs tc on src (a path relative to root) with -I root/inc and
// fails t with the compiler's output and a command that reproduces it from
// guest/xv6.
func compile(t *testing.T, tc toolchain, root, inc, src string, extra ...string) {
	t.Helper()
	args := append(append([]string{}, tc.flags...), extra...)
	args = append(args, "-I", filepath.Join(root, inc), "-c", filepath.Join(root, src),
		"-o", filepath.Join(t.TempDir(), "out.o"))
	out, err := exec.Command(tc.cc, args...).CombinedOutput()
	if err != nil {
		repro := append(append([]string{tc.cc}, tc.flags...), extra...)
		repro = append(repro, "-I", inc, "-c", src, "-o", "/dev/null")
		t.Errorf("%s: %v\n%s\n[csrc] To reproduce (in guest/xv6): %s", src, err, out, strings.Join(repro, " "))
	}
}

// TestCompile builds every driver and mutant with every toolchain that is
// installed: the references from the extracted embedded tree, each mutant
// as Driver returns it (the reference with its blocks applied), alone in a
// directory as a student's file would be.
func TestCompile(t *testing.T) {
	root := t.TempDir()
	if err := Extract(root); err != nil {
		t.Fatal(err)
	}
	srcs := map[string]string{}
	for _, name := range Names() {
		p, _ := DriverPath(name)
		if strings.HasPrefix(name, "zoo:") {
			src, err := Driver(name)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			p = path.Join("mutants", flatName(name), DriverFile)
			if err := os.MkdirAll(filepath.Join(root, filepath.Dir(filepath.FromSlash(p))), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		srcs[name] = p
	}
	for _, tc := range toolchains {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := exec.LookPath(tc.cc); err != nil {
				t.Skipf("%s not installed", tc.cc)
			}
			for _, name := range Names() {
				src, ok := srcs[name]
				if !ok {
					continue
				}
				t.Run(flatName(name), func(t *testing.T) {
					t.Parallel()
					abi, _ := DriverGen(name)
					compile(t, tc, root, IncludeDir(abi), src)
				})
			}
		})
	}
}

// flatName turns a driver name into a file or test name ("zoo-xv6-no-rs").
func flatName(name string) string { return strings.NewReplacer(":", "-", "/", "-").Replace(name) }

// TestHeaderFixtures compiles, for every ABI and installed toolchain,
// testdata/abi_check.c (static assertions pinning the header layouts and
// values) and testdata/compat/<abi>.c (patterns surveyed student drivers
// use beyond the skeleton).
func TestHeaderFixtures(t *testing.T) {
	root := t.TempDir()
	if err := Extract(root); err != nil {
		t.Fatal(err)
	}
	fixtures := []string{"abi_check.c", "compat/xv6.c", "compat/xv6-2024.c"}
	for _, f := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(root, "testdata", filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range toolchains {
		for _, abi := range Generations() {
			t.Run(tc.name+"-"+abi, func(t *testing.T) {
				if _, err := exec.LookPath(tc.cc); err != nil {
					t.Skipf("%s not installed", tc.cc)
				}
				t.Parallel()
				var gen []string
				if abi == "xv6-2024" {
					gen = append(gen, "-DNICSIM_GEN_2024")
				}
				compile(t, tc, root, IncludeDir(abi), "testdata/abi_check.c", gen...)
				compile(t, tc, root, IncludeDir(abi), "testdata/compat/"+abi+".c")
			})
		}
	}
}

// TestClangFormat checks that the C sources, and every mutant as Driver
// returns it, are formatted as .clang-format says (skipped when clang-format
// is not installed).
func TestClangFormat(t *testing.T) {
	if _, err := exec.LookPath("clang-format"); err != nil {
		t.Skip("clang-format not installed")
	}
	var files []string
	for _, dir := range []string{"include", "drivers", "testdata"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && (strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h")) {
				files = append(files, p)
			}
			return err
		})
	}
	args := append([]string{"--style=file", "--dry-run", "-Werror"}, files...)
	if out, err := exec.Command("clang-format", args...).CombinedOutput(); err != nil {
		t.Errorf("%v\n%s\n[csrc] To fix (in guest/xv6): clang-format -i %s", err, out, strings.Join(files, " "))
	}
	ms, err := Mutants()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		src, err := ApplyMutant(m)
		if err != nil {
			t.Errorf("%s: %v", m.Name, err)
			continue
		}
		cmd := exec.Command("clang-format", "--style=file", "--assume-filename=drivers/"+m.ABI+"/ref/e1000.c")
		cmd.Stdin = bytes.NewReader(src)
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%s: clang-format: %v", m.Name, err)
			continue
		}
		if !bytes.Equal(out, src) {
			t.Errorf("%s: the applied mutant is not clang-formatted; formatted, its source differs at line %d:\n  have %q\n  want %q",
				m.Name, firstDiffLine(src, out), lineAt(src, firstDiffLine(src, out)), lineAt(out, firstDiffLine(src, out)))
		}
	}
}

// firstDiffLine returns the 1-based number of the first line where a and b differ.
func firstDiffLine(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range la {
		if i >= len(lb) || !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return len(la) + 1
}

func lineAt(src []byte, n int) string {
	ls := bytes.Split(src, []byte("\n"))
	if n < 1 || n > len(ls) {
		return ""
	}
	return string(ls[n-1])
}

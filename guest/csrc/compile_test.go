package csrc

import (
	"io/fs"
	"os"
	"os/exec"
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
// guest/csrc.
func compile(t *testing.T, tc toolchain, root, inc, src string, extra ...string) {
	t.Helper()
	args := append(append([]string{}, tc.flags...), extra...)
	args = append(args, "-I", filepath.Join(root, inc), "-c", filepath.Join(root, src),
		"-o", filepath.Join(t.TempDir(), "out.o"))
	out, err := exec.Command(tc.cc, args...).CombinedOutput()
	if err != nil {
		repro := append(append([]string{tc.cc}, tc.flags...), extra...)
		repro = append(repro, "-I", inc, "-c", src, "-o", "/dev/null")
		t.Errorf("%s: %v\n%s\n[csrc] To reproduce (in guest/csrc): %s", src, err, out, strings.Join(repro, " "))
	}
}

// TestCompile builds every driver and mutant, from the extracted embedded
// tree, with every toolchain that is installed.
func TestCompile(t *testing.T) {
	root := t.TempDir()
	if err := Extract(root); err != nil {
		t.Fatal(err)
	}
	for _, tc := range toolchains {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := exec.LookPath(tc.cc); err != nil {
				t.Skipf("%s not installed", tc.cc)
			}
			for _, name := range Names() {
				t.Run(strings.NewReplacer(":", "-", "/", "-").Replace(name), func(t *testing.T) {
					t.Parallel()
					src, _ := DriverPath(name)
					abi, _ := DriverABI(name)
					compile(t, tc, root, IncludeDir(abi), src)
				})
			}
		})
	}
}

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
		for _, abi := range ABIs() {
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

// TestClangFormat checks that the C sources are formatted as .clang-format
// says (skipped when clang-format is not installed).
func TestClangFormat(t *testing.T) {
	if _, err := exec.LookPath("clang-format"); err != nil {
		t.Skip("clang-format not installed")
	}
	var files []string
	for _, dir := range []string{"include", "drivers", "zoo", "testdata"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && (strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h")) {
				files = append(files, p)
			}
			return err
		})
	}
	args := append([]string{"--style=file", "--dry-run", "-Werror"}, files...)
	if out, err := exec.Command("clang-format", args...).CombinedOutput(); err != nil {
		t.Errorf("%v\n%s\n[csrc] To fix (in guest/csrc): clang-format -i %s", err, out, strings.Join(files, " "))
	}
}

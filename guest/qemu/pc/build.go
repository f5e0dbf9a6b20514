package pc

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/nicsim/nicsim/guest/eth"
	"github.com/nicsim/nicsim/guest/qemu"
)

// Default tool names, as guest/qemu/install.sh installs them.
const (
	DefaultQEMU = "qemu-system-i386"
	DefaultCC   = "gcc"
)

// BuildConfig says which driver goes into the guest.
type BuildConfig struct {
	// Driver holds the driver's files by base name: eth.c, eth.h and usually
	// pci.c and pci.h; other .c files are compiled too. Without a pci.c the
	// reference pci.c and pci.h are used. If nil, DriverName names a reference
	// driver of guest/eth ("ref", "ring").
	Driver     map[string][]byte
	DriverName string
	// Pings is the number of UDP pings of the workload; 0 means 4.
	Pings int
	// CFlags are appended to the compiler flags, e.g. "-Werror".
	CFlags []string
	// CacheDir holds built ELFs; "" means guest/qemu's cache directory.
	CacheDir string
	// CC is a gcc that can compile with -m32; "" means gcc.
	CC string

	_ struct{}
}

// buildFlags compile the whole guest: 32-bit, freestanding, frame pointers
// for backtraces.
var buildFlags = []string{
	"-m32", "-std=gnu99", "-ffreestanding", "-nostdlib", "-static", "-fno-pie", "-no-pie",
	"-fno-stack-protector", "-fno-omit-frame-pointer", "-fno-asynchronous-unwind-tables",
	"-mno-sse", "-mno-mmx", "-O1", "-g", "-Wall",
	"-Wl,--build-id=none", "-Wl,-n", "-Wl,--no-warn-rwx-segments",
	"-I", "eth/include", "-I", "boot", "-I", "drv",
}

const buildVersion = "nicsim-pc-guest-1"

// Build compiles the guest with the driver and returns the path of the ELF,
// reusing a cached build of the same inputs.
func Build(cfg BuildConfig) (string, error) {
	drv, err := driverFiles(cfg)
	if err != nil {
		return "", err
	}
	cc := cfg.CC
	if cc == "" {
		cc = DefaultCC
	}
	ccID, err := qemu.CompilerID(cc)
	if err != nil {
		return "", err
	}
	files, err := guestFiles(drv)
	if err != nil {
		return "", err
	}
	args := append(append([]string{}, buildFlags...), abiDefines(drv["eth.h"])...)
	if cfg.Pings > 0 {
		args = append(args, fmt.Sprintf("-DNICSIM_PINGS=%d", cfg.Pings))
	}
	args = append(args, cfg.CFlags...)
	cache, err := qemu.CacheDir(cfg.CacheDir)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, "pc-"+qemu.BuildKey(buildVersion, ccID, strings.Join(args, "\x00"), files))
	elf := filepath.Join(dir, "guest.elf")
	if _, err := os.Stat(elf); err == nil {
		return elf, nil
	}
	return elf, compile(cc, args, files, cache, dir)
}

// driverFiles returns the driver's files, with the reference PCI helpers when
// the driver brings no pci.c.
func driverFiles(cfg BuildConfig) (map[string][]byte, error) {
	drv := cfg.Driver
	if drv == nil {
		if cfg.DriverName == "" {
			return nil, errors.New("pc: BuildConfig needs Driver or DriverName")
		}
		var err error
		if drv, err = eth.DriverFiles(cfg.DriverName); err != nil {
			return nil, err
		}
	}
	if drv["eth.c"] == nil || drv["eth.h"] == nil {
		return nil, errors.New("pc: the driver needs eth.c and eth.h")
	}
	for name := range drv {
		if strings.ContainsAny(name, "/\\") || name == "" || name[0] == '.' {
			return nil, fmt.Errorf("pc: driver file name %q: want a base name", name)
		}
	}
	if drv["pci.c"] == nil {
		ref, err := eth.DriverFiles("ref")
		if err != nil {
			return nil, err
		}
		drv = maps(drv, map[string][]byte{"pci.c": ref["pci.c"], "pci.h": ref["pci.h"]})
	}
	return drv, nil
}

func maps(a, b map[string][]byte) map[string][]byte {
	m := map[string][]byte{}
	for k, v := range a {
		m[k] = v
	}
	for k, v := range b {
		if m[k] == nil {
			m[k] = v
		}
	}
	return m
}

var (
	earlyAPI    = regexp.MustCompile(`\b__eth_init\s*\(`)
	loadaddrU64 = regexp.MustCompile(`_eth_loadaddr\s*\(\s*uint64_t`)
)

// abiDefines tell the workload which spelling of the API the driver's eth.h
// declares: the early "__eth_" names, and _eth_loadaddr taking a uint64_t.
func abiDefines(ethH []byte) []string {
	var d []string
	if earlyAPI.Match(ethH) {
		d = append(d, "-DNICSIM_ETH_EARLY")
	}
	if loadaddrU64.Match(ethH) {
		d = append(d, "-DNICSIM_ETH_LOADADDR_U64")
	}
	return d
}

// guestFiles returns every file of the build by its path in the build
// directory: boot/, eth/include/, eth/qemu/ and the driver in drv/.
func guestFiles(drv map[string][]byte) (map[string][]byte, error) {
	files := map[string][]byte{}
	for name, data := range drv {
		files["drv/"+name] = data
	}
	if err := qemu.AddFS(files, bootFS, "boot", "boot/"); err != nil {
		return nil, err
	}
	if err := qemu.AddFS(files, eth.FS, "include", "eth/include/"); err != nil {
		return nil, err
	}
	return files, qemu.AddFS(files, eth.FS, "qemu", "eth/qemu/")
}

// compile writes the inputs to a fresh directory, links the guest there and
// renames the directory to dir, so a build is either complete or absent.
func compile(cc string, args []string, files map[string][]byte, cache, dir string) error {
	work, err := os.MkdirTemp(cache, "pc-build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := qemu.WriteTree(work, files); err != nil {
		return err
	}
	var srcs []string
	for name := range files {
		if ext := path.Ext(name); ext == ".c" || ext == ".S" {
			srcs = append(srcs, filepath.FromSlash(name))
		}
	}
	sort.Strings(srcs)
	full := append(append(append([]string{}, args...), "-T", "boot/pc.ld", "-o", "guest.elf"), srcs...)
	cmd := exec.Command(cc, append(full, "-lgcc")...)
	cmd.Dir = work
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pc: building the guest: %v%s\n%s", err, undefinedHint(out), out)
	}
	if err := os.Rename(work, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, "guest.elf")); serr != nil {
			return err
		}
	}
	return nil
}

// Check32 reports whether cc can build and link a freestanding 32-bit program
// with libgcc (gcc-multilib), with an error that says how to install it.
func Check32(cc string) error {
	dir, err := os.MkdirTemp("", "nicsim-pc-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "t.c")
	if err := os.WriteFile(src, []byte("long long f(long long a, long long b) { return a / b; }\nvoid _start(void) {}\n"), 0o644); err != nil {
		return err
	}
	cmd := exec.Command(cc, "-m32", "-ffreestanding", "-nostdlib", "-static", "-o", filepath.Join(dir, "t"), src, "-lgcc")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pc: %s cannot build 32-bit code (run guest/qemu/install.sh for gcc-multilib): %v\n%s", cc, err, out)
	}
	return nil
}

// undefinedHint names the functions the driver calls that neither it nor the
// eth kernel defines, with what the kernel offers.
func undefinedHint(out []byte) string {
	names := qemu.Undefined(out)
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("; the driver calls %s, which the eth kernel does not provide (it provides %s)",
		strings.Join(names, ", "), strings.Join(eth.Services, ", "))
}

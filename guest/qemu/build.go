package qemu

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/guest/xv6"
)

// BuildConfig says which driver to build into the guest, for which ABI.
type BuildConfig struct {
	// ABI is "xv6" (the mbuf ABI of 2020-2023) or "xv6-2024" (char*/len). It may
	// be left empty when DriverName names a driver of package xv6.
	ABI string
	// Driver is the source of the e1000.c under test. If nil, DriverName is looked
	// up in package xv6 ("ref:xv6", "zoo:xv6/arp-reentrant").
	Driver     []byte
	DriverName string
	// CFlags are appended to the compiler flags, e.g. "-Werror".
	CFlags []string
	// CacheDir holds built ELFs by content hash. "" means $NICSIM_CACHE/qemu, or
	// nicsim/qemu under os.UserCacheDir, or under os.TempDir.
	CacheDir string
	// CC is the cross compiler; "" means riscv64-unknown-elf-gcc.
	CC string

	_ struct{}
}

// buildFlags are the guest's compiler flags (the ABI define and -I come on top).
var buildFlags = []string{
	"-march=rv64imac_zicsr", "-mabi=lp64", "-mcmodel=medany", "-ffreestanding",
	"-nostdlib", "-fno-common", "-mno-relax", "-fno-omit-frame-pointer",
	"-fno-tree-loop-distribute-patterns", "-O1", "-g", "-Wall", "-DLAB_NET",
	"-Wl,--no-warn-rwx-segments",
}

// buildVersion changes whenever the meaning of the inputs changes.
const buildVersion = "nicsim-qemu-guest-1"

// Build compiles the guest kernel with the driver and returns the path of the ELF.
// A build with the same inputs (kernel sources, headers, driver, flags, compiler)
// is reused from the cache.
func Build(cfg BuildConfig) (string, error) {
	cfg, src, err := resolveDriver(cfg)
	if err != nil {
		return "", err
	}
	cc := cfg.CC
	if cc == "" {
		cc = DefaultCC
	}
	ccID, err := compilerID(cc)
	if err != nil {
		return "", err
	}
	files, err := buildInputs(cfg.ABI, src)
	if err != nil {
		return "", err
	}
	args := compileArgs(cfg)
	key := BuildKey(buildVersion, ccID, strings.Join(args, "\x00"), files)
	cache, err := cacheDir(cfg.CacheDir)
	if err != nil {
		return "", err
	}
	elf := filepath.Join(cache, key, "guest.elf")
	if _, err := os.Stat(elf); err == nil {
		return elf, nil
	}
	return elf, compile(cc, args, files, cache, key)
}

// Kernels are the kernels whose drivers this real guest builds: the xv6
// generations (other kernels register their own [guest.RealGuest]).
func Kernels() []string { return xv6.Generations() }

// Builds reports whether the bare guest can build the bundled driver
// called name: a reference or a mutant of the driver file. A mutant of
// another file (a 2024 net.c) needs a whole kernel, not our guest, whose
// net.c is its own (nicsim qemu --kernel runs those).
func Builds(name string) bool {
	_, err := xv6.Driver(name)
	return err == nil
}

// resolveDriver fills in the driver source and ABI from guest/xv6 when needed.
func resolveDriver(cfg BuildConfig) (BuildConfig, []byte, error) {
	src := cfg.Driver
	if src == nil {
		if cfg.DriverName == "" {
			return cfg, nil, errors.New("qemu: BuildConfig needs Driver or DriverName")
		}
		var err error
		if src, err = xv6.Driver(cfg.DriverName); err != nil {
			return cfg, nil, err
		}
	}
	if cfg.ABI == "" && cfg.DriverName != "" {
		abi, err := xv6.DriverGen(cfg.DriverName)
		if err != nil {
			return cfg, nil, err
		}
		cfg.ABI = abi
	}
	if xv6.IncludeDir(cfg.ABI) == "" {
		return cfg, nil, fmt.Errorf("qemu: unknown ABI %q (want one of %v)", cfg.ABI, xv6.Generations())
	}
	return cfg, src, nil
}

// compileArgs are the flags of one build, without file names.
func compileArgs(cfg BuildConfig) []string {
	args := append([]string{}, buildFlags...)
	if cfg.ABI == "xv6-2024" {
		args = append(args, "-DNICSIM_ABI_2024")
	}
	args = append(args, "-I", filepath.FromSlash(xv6.IncludeDir(cfg.ABI)), "-I", "kernel")
	return append(args, cfg.CFlags...)
}

// buildInputs returns every file of the build by its path in the build directory:
// the guest kernel, the xv6 headers and the driver as drv/e1000.c.
func buildInputs(abi string, driver []byte) (map[string][]byte, error) {
	files := map[string][]byte{"drv/e1000.c": driver}
	if err := AddFS(files, xv6.GuestFS, "kernel", "kernel/"); err != nil {
		return nil, err
	}
	if err := AddFS(files, xv6.FS, "include/common", "include/common/"); err != nil {
		return nil, err
	}
	return files, AddFS(files, xv6.FS, xv6.IncludeDir(abi), xv6.IncludeDir(abi)+"/")
}

// compile writes the inputs to a fresh directory, runs the compiler there, and
// renames the directory to cache/key, so a build is either complete or absent.
func compile(cc string, args []string, files map[string][]byte, cache, key string) error {
	work, err := os.MkdirTemp(cache, "build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := WriteTree(work, files); err != nil {
		return err
	}
	var srcs []string
	for name := range files {
		if ext := path.Ext(name); (ext == ".c" || ext == ".S") && !strings.HasPrefix(name, "include/") {
			srcs = append(srcs, filepath.FromSlash(name))
		}
	}
	sort.Strings(srcs)
	full := append(append(append([]string{}, args...), "-T", "kernel/kernel.ld", "-o", "guest.elf"), srcs...)
	cmd := exec.Command(cc, append(full, "-lgcc")...)
	cmd.Dir = work
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("qemu: building the guest: %v\n%s", err, out)
	}
	if err := os.Rename(work, filepath.Join(cache, key)); err != nil && !exists(filepath.Join(cache, key, "guest.elf")) {
		return err
	}
	return nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// cacheDir returns (and creates) the directory of cached builds.
func cacheDir(dir string) (string, error) {
	if dir == "" {
		dir = os.Getenv("NICSIM_CACHE")
		if dir != "" {
			dir = filepath.Join(dir, "qemu")
		} else if uc, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(uc, "nicsim", "qemu")
		} else {
			dir = filepath.Join(os.TempDir(), "nicsim-cache", "qemu")
		}
	}
	return dir, os.MkdirAll(dir, 0o755)
}

var ccIDs sync.Map // compiler name -> its first --version line

// compilerID identifies the compiler for the cache key.
func compilerID(cc string) (string, error) {
	if id, ok := ccIDs.Load(cc); ok {
		return id.(string), nil
	}
	p, err := exec.LookPath(cc)
	if err != nil {
		return "", fmt.Errorf("qemu: %s not found (run guest/qemu/install.sh): %w", cc, err)
	}
	out, err := exec.Command(p, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("qemu: %s --version: %w", cc, err)
	}
	id := p + " " + string(bytes.SplitN(out, []byte("\n"), 2)[0])
	ccIDs.Store(cc, id)
	return id, nil
}

package jospc

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nicsim/nicsim/guest/jos"
	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/guest/qemu/pc"
	"github.com/nicsim/nicsim/stack"
)

// Default tool names, as guest/qemu/install.sh installs them.
const (
	DefaultQEMU = "qemu-system-i386"
	DefaultCC   = "gcc"
)

// DriverPath is the driver's path inside a lab tree.
const DriverPath = "kern/e1000.c"

// BuildConfig says which driver goes into the guest and how to call it.
type BuildConfig struct {
	// Lab is the student's tree by lab path ("kern/e1000.c", "kern/e1000.h",
	// "kern/pci.c", "inc/..."): kern/e1000.c is compiled, the headers come
	// before guest/jos's stand-ins on the include path, and kern/pci.c (if
	// present) names the attach function. [LoadLab] reads one from disk. If
	// nil, DriverName names a driver of guest/jos ("ref:jos",
	// "zoo:jos/<mutant>").
	Lab        map[string][]byte
	DriverName string
	// Attach, TX and RX name the driver's functions. Attach defaults to the
	// pci_attach_vendor[] row of kern/pci.c for 8086:100E, else the only
	// function of kern/e1000.c taking just a struct pci_func *. TX and RX
	// default to the only function of kern/e1000.c whose name says transmit
	// (transmit, tx, send) or receive (receive, rx, recv) and whose
	// parameters fit.
	Attach, TX, RX string
	// Pings is the number of UDP pings; 0 means 4. PingSize is each ping's
	// UDP payload in bytes (stack.EncodePing's); 0 means 64.
	Pings, PingSize int
	// RXShortEvery, if > 0, receives every Nth frame into a 64-byte buffer
	// (shorter than an echo) instead of RXLen, as the simulation's workload
	// gives every fourth receive call one; never for a receive function
	// that takes no length.
	RXShortEvery int
	// Burst is the number of full-size datagrams (1472 payload bytes) sent
	// to the peer's discard port once every ping came back, as the
	// simulation's workload sends them.
	Burst int
	// RXLen is the buffer size the workload gives the receive function (the
	// rest of a longer frame must be dropped); 0 means 2048. Bytes written
	// past it are caught.
	RXLen int
	// CacheDir holds built ELFs; "" means guest/qemu's cache directory.
	CacheDir string
	// CC is a gcc that can compile with -m32; "" means gcc.
	CC string

	_ struct{}
}

// RXShape is how the receive function takes its buffer (jos.RXShape).
type RXShape = jos.RXShape

// The receive shapes of the surveyed students (guest-abis.md §3c).
const (
	RXBufLen    = jos.RXBufLen    // int rx(void *buf, size_t len): returns the length
	RXBuf       = jos.RXBuf       // int rx(void *buf): returns the length
	RXBufLenPtr = jos.RXBufLenPtr // int rx(void *buf, size_t *len): the length in *len
)

// Image is a built guest.
type Image struct {
	// ELF is the path of the guest kernel.
	ELF string
	// Attach, TX and RX are the functions the adapter calls; RXShape how it
	// calls RX; Prototypes their prototypes as gcc read them.
	Attach, TX, RX string
	RXShape        RXShape
	Prototypes     []string
	// Pings is the workload's number of pings, PingSize their payload
	// bytes, RXLen its receive buffer size, every RXShortEvery-th frame's
	// 64, Burst its full-size datagrams after the pings.
	Pings, PingSize, RXLen, RXShortEvery, Burst int
}

const buildVersion = "nicsim-jospc-4"

// pcFlags compile guest/qemu/pc's boot code and the workload.
var pcFlags = []string{
	"-m32", "-std=gnu99", "-ffreestanding", "-fno-pie", "-fno-stack-protector",
	"-fno-omit-frame-pointer", "-fno-asynchronous-unwind-tables", "-mno-sse", "-mno-mmx",
	"-O1", "-g", "-Wall", "-Werror",
}

// josExtra follow jos.LabFlags for the driver and the services: JOS's
// GNUmakefile also keeps frame pointers and turns off the stack protector.
var josExtra = []string{"-fno-omit-frame-pointer", "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-g"}

var linkFlags = []string{
	"-m32", "-nostdlib", "-static", "-no-pie", "-Wl,--build-id=none", "-Wl,-n",
	"-Wl,--no-warn-rwx-segments",
}

// memMB is the guest's RAM (-m) and the page pool's extent.
const memMB = 32

// Build compiles the guest with the driver and returns it, reusing a cached
// build of the same inputs. Errors name what is wrong: a compile error in the
// driver, a function that cannot be found or called.
func Build(cfg BuildConfig) (*Image, error) {
	lab, err := labTree(cfg)
	if err != nil {
		return nil, err
	}
	cc := cfg.CC
	if cc == "" {
		cc = DefaultCC
	}
	ccID, err := qemu.CompilerID(cc)
	if err != nil {
		return nil, err
	}
	pings, size, rxLen := cfg.Pings, cfg.PingSize, cfg.RXLen
	if pings <= 0 {
		pings = 4
	}
	if size <= 0 {
		size = 64
	}
	if size < stack.PingHeaderLen || size > 1472 {
		return nil, fmt.Errorf("jospc: PingSize %d: want %d to 1472 bytes", size, stack.PingHeaderLen)
	}
	if rxLen <= 0 {
		rxLen = 2048
	}
	if rxLen < 64 || rxLen > 4096 {
		return nil, fmt.Errorf("jospc: RXLen %d: want 64 to 4096 bytes", rxLen)
	}
	files, err := guestFiles(lab)
	if err != nil {
		return nil, err
	}
	cache, err := qemu.CacheDir(cfg.CacheDir)
	if err != nil {
		return nil, err
	}
	if cfg.RXShortEvery < 0 || cfg.Burst < 0 || cfg.Burst > 100000 {
		return nil, fmt.Errorf("jospc: RXShortEvery %d, Burst %d: want 0 or more (a burst of at most 100000)", cfg.RXShortEvery, cfg.Burst)
	}
	key := qemu.BuildKey(buildVersion, ccID, fmt.Sprint(pings, "|", size, "|", rxLen, "|", cfg.RXShortEvery, "|", cfg.Burst, "|", cfg.Attach, "|", cfg.TX, "|", cfg.RX), files)
	dir := filepath.Join(cache, "jospc-"+key)
	if img, err := readImage(dir); err == nil {
		return img, nil
	}
	return compile(cc, cfg, workload{pings, size, rxLen, cfg.RXShortEvery, cfg.Burst}, files, cache, dir)
}

// labTree returns the lab tree of the build.
func labTree(cfg BuildConfig) (map[string][]byte, error) {
	lab := cfg.Lab
	if lab == nil {
		if cfg.DriverName == "" {
			return nil, errors.New("jospc: BuildConfig needs Lab or DriverName")
		}
		var err error
		if lab, err = jos.Lab(cfg.DriverName); err != nil {
			return nil, err
		}
	}
	if lab[DriverPath] == nil {
		return nil, fmt.Errorf("jospc: the lab has no %s", DriverPath)
	}
	for p := range lab {
		if path.IsAbs(p) || p != path.Clean(p) || strings.HasPrefix(p, "../") || p == ".." {
			return nil, fmt.Errorf("jospc: lab path %q: want a relative path inside the lab", p)
		}
	}
	return lab, nil
}

// guestFiles returns every input of the build by its path in the build
// directory: lab/, include/ (guest/jos's stand-ins), boot/ (guest/qemu/pc)
// and nicsim/ (guest/jos's qemu/).
func guestFiles(lab map[string][]byte) (map[string][]byte, error) {
	files := map[string][]byte{}
	for p, data := range lab {
		files["lab/"+p] = data
	}
	boot, err := pc.BootFiles()
	if err != nil {
		return nil, err
	}
	for name, data := range boot {
		files["boot/"+name] = data
	}
	if err := qemu.AddFS(files, jos.FS, jos.IncludeDir, "include/"); err != nil {
		return nil, err
	}
	return files, qemu.AddFS(files, jos.QEMUFS, "qemu", "nicsim/")
}

const imageFile = "image.json"

func readImage(dir string) (*Image, error) {
	data, err := os.ReadFile(filepath.Join(dir, imageFile))
	if err != nil {
		return nil, err
	}
	var img Image
	if err := json.Unmarshal(data, &img); err != nil {
		return nil, err
	}
	img.ELF = filepath.Join(dir, "guest.elf")
	return &img, nil
}

// workload holds the workload's compile-time knobs.
type workload struct{ pings, size, rxLen, shortEvery, burst int }

// compile builds in a fresh directory and renames it to dir, so a build is
// either complete or absent.
func compile(cc string, cfg BuildConfig, w workload, files map[string][]byte, cache, dir string) (*Image, error) {
	work, err := os.MkdirTemp(cache, "jospc-build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	if err := qemu.WriteTree(work, files); err != nil {
		return nil, err
	}
	b := &builder{cc: cc, work: work, labDir: filepath.Join(work, "lab")}
	img, err := b.build(cfg, w, files)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(img)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(work, imageFile), data, 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(work, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, imageFile)); serr != nil {
			return nil, err
		}
	}
	return readImage(dir)
}

// builder runs the compiler in a build directory.
type builder struct {
	cc, work, labDir string
	objs             []string
}

// josArgs are the flags of a kernel file compiled from the lab directory.
func (b *builder) josArgs(labPath string) []string {
	args := append(slices.Clone(jos.LabFlags), josExtra...)
	return append(args, jos.Args(".", "../include", labPath)...)
}

// run runs the compiler in dir; the error carries its output.
func (b *builder) run(dir, what string, args ...string) error {
	cmd := exec.Command(b.cc, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("jospc: %s: %v%s\n%s", what, err, undefinedHint(out), out)
	}
	return nil
}

func (b *builder) build(cfg BuildConfig, w workload, files map[string][]byte) (*Image, error) {
	aux := filepath.Join(b.work, "e1000.aux")
	obj := filepath.Join(b.work, "e1000.o")
	if err := b.run(b.labDir, "compiling "+DriverPath,
		append(b.josArgs(DriverPath), "-aux-info", aux, "-c", DriverPath, "-o", obj)...); err != nil {
		return nil, err
	}
	b.objs = append(b.objs, obj)
	auxText, err := os.ReadFile(aux)
	if err != nil {
		return nil, err
	}
	fns := jos.DefinedFunctions(string(auxText), DriverPath)
	img := &Image{Pings: w.pings, PingSize: w.size, RXLen: w.rxLen, RXShortEvery: w.shortEvery, Burst: w.burst}
	if img.Attach, err = b.attachName(cfg, files); err != nil {
		return nil, err
	}
	adapter, err := makeAdapter(img, cfg, fns, files["lab/"+DriverPath])
	if err != nil {
		return nil, err
	}
	adapterC := filepath.Join(b.work, "nicsim", "adapter.c")
	if err := os.WriteFile(adapterC, []byte(adapter), 0o644); err != nil {
		return nil, err
	}
	if !img.RXShape.TakesLength() { // no length to give: a short buffer would be overrun by design
		w.shortEvery, img.RXShortEvery = 0, 0
	}
	if err := b.compileGuest(w); err != nil {
		return nil, err
	}
	elf := filepath.Join(b.work, "guest.elf")
	args := append(slices.Clone(linkFlags), "-T", filepath.Join(b.work, "nicsim", "jos.ld"), "-o", elf)
	args = append(append(args, b.objs...), "-lgcc")
	if err := b.run(b.work, "linking the guest", args...); err != nil {
		return nil, err
	}
	return img, nil
}

// compileGuest compiles the services and the adapter (with the driver's
// flags and include path), and pc's boot code and the workload: one compiler
// run for each set, in the nicsim directory.
func (b *builder) compileGuest(w workload) error {
	dir := filepath.Join(b.work, "nicsim")
	services := []string{"pmap.c", "pci.c", "printf.c", "string.c", "kernel.c", "adapter.c"}
	args := append(slices.Clone(jos.LabFlags), josExtra...)
	args = append(args, jos.Args("../lab", "../include", "kern/pmap.c")...)
	args = append(args, fmt.Sprintf("-DNICSIM_MEM_MB=%d", memMB), "-c")
	if err := b.run(dir, "compiling the JOS services", append(args, services...)...); err != nil {
		return err
	}
	platform := []string{"../boot/boot.S", "../boot/pc.c", "../boot/lib.c", "../boot/frames.c", "workload.c", "entry.S"}
	args = append(slices.Clone(pcFlags), "-I", "../boot", "-I", ".", fmt.Sprintf("-DNICSIM_PINGS=%d", w.pings),
		fmt.Sprintf("-DNICSIM_PING_SIZE=%d", w.size), fmt.Sprintf("-DNICSIM_RX_LEN=%d", w.rxLen),
		fmt.Sprintf("-DNICSIM_RX_SHORT_EVERY=%d", w.shortEvery), fmt.Sprintf("-DNICSIM_BURST=%d", w.burst), "-c")
	if err := b.run(dir, "compiling the platform and the workload", append(args, platform...)...); err != nil {
		return err
	}
	for _, src := range append(services, platform...) {
		base := path.Base(src)
		b.objs = append(b.objs, filepath.Join(dir, strings.TrimSuffix(base, path.Ext(base))+".o"))
	}
	return nil
}

// attachName names the attach function: cfg.Attach, or the
// pci_attach_vendor[] row of kern/pci.c; "" leaves it to makeAdapter (the
// only function taking a struct pci_func *).
func (b *builder) attachName(cfg BuildConfig, files map[string][]byte) (string, error) {
	if cfg.Attach != "" {
		return cfg.Attach, nil
	}
	if files["lab/kern/pci.c"] != nil {
		out := filepath.Join(b.work, "pci.i")
		if err := b.run(b.labDir, "preprocessing kern/pci.c",
			append(b.josArgs("kern/pci.c"), "-E", "kern/pci.c", "-o", out)...); err != nil {
			return "", err
		}
		text, err := os.ReadFile(out)
		if err != nil {
			return "", err
		}
		return jos.AttachFunction(string(text), 0x8086, 0x100E)
	}
	return "", nil
}

// undefinedHint names the functions the driver calls that the guest's
// kernel does not provide.
func undefinedHint(out []byte) string {
	names := qemu.Undefined(out)
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("; the driver calls %s, which the JOS guest does not provide", strings.Join(names, ", "))
}

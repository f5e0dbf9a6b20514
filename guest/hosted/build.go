package hosted

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/guest"
)

// Options configure [Build].
type Options struct {
	// IncludeDirs are searched for the driver's headers after the kit's
	// First directories (xv6's host-built riscv.h) and before its headers.
	// Pass a student's kernel/ directory to compile against their own
	// e1000_dev.h, defs.h, ...
	IncludeDirs []string
	// AfterDirs are searched last (-idirafter), after the kit's headers:
	// a single-file driver's own folder, whose headers (a student's
	// defs.h) nicsim's stand-ins replace, but which may hold headers
	// nicsim has no stand-in for (stat.h, a helper header of their own).
	AfterDirs []string
	// CacheDir holds built images; default $NICSIM_CACHE, else
	// os.UserCacheDir()/nicsim/images.
	CacheDir string
	// Kit is the driver's kernel's addition to the runtime: its headers
	// and services (required).
	Kit *guest.HostedKit
	// Files are the other files of a driver that comes in several (base
	// name to content: pci.c, eth.h); each .c among them is compiled too.
	// The kit's fallback files fill in the base names missing here.
	Files map[string][]byte
	// Unconfined runs gcc and ld without the sandbox's jail (see jail.go).
	Unconfined bool
	_          struct{}
}

// Compiler flags. The driver is instrumented: every load and store calls a
// __tsan_* hook (volatile ones apart) and every basic block calls
// __sanitizer_cov_trace_pc. -fPIE makes code RIP-relative, so it runs at
// 0x80000000, out of reach of the small code model's 32-bit absolutes.
var (
	driverFlags = []string{"-O1", "-g", "-fPIE", "-fno-plt", "-ffreestanding", "-fno-builtin",
		"-fstack-protector-strong", "-fcf-protection=none", "-fsanitize=thread",
		"--param", "tsan-distinguish-volatile=1", "-fsanitize-coverage=trace-pc", "-DLAB_NET"}
	runtimeFlags = []string{"-O2", "-fPIE", "-fno-plt", "-ffreestanding", "-fno-builtin",
		"-fno-stack-protector", "-fcf-protection=none", "-fno-tree-loop-distribute-patterns",
		"-fno-omit-frame-pointer", "-Wall"}
	linkFlags = []string{"-static", "-nostdlib", "--no-warn-rwx-segments",
		"--allow-multiple-definition", "--fatal-warnings"}
)

// BuildError is a failed compile or link, with the tool's diagnostics.
type BuildError struct {
	Stage string // "compile", "check" (see checkObjects) or "link"
	File  string // the driver's name
	Log   string // gcc's or ld's output, with file:line locations
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("hosted: %s of %s failed:\n%s", e.Stage, e.File, strings.TrimRight(e.Log, "\n"))
}

// Build compiles the driver source src (name is its file name for
// diagnostics and symbols, e.g. "kernel/e1000.c") with nicsim's runtime into
// an image, or returns the cached image built from the same inputs.
func Build(src []byte, name string, opt Options) (*Image, error) {
	name = cleanName(name)
	if opt.Kit == nil {
		return nil, fmt.Errorf("hosted: %s: the driver's kernel has no hosted kit", name)
	}
	key, err := imageKey(src, name, opt)
	if err != nil {
		return nil, err
	}
	dir, err := cacheDir(opt)
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, key+".elf")
	if data, err := os.ReadFile(file); err == nil {
		if img, err := parseImage(data, name, opt.Kit, layoutOf(opt.Kit), key); err == nil {
			img.Cached = true
			touch(file)
			return img, nil
		}
	}
	data, err := buildImage(src, name, opt, dir)
	if err != nil {
		return nil, err
	}
	img, err := parseImage(data, name, opt.Kit, layoutOf(opt.Kit), key) // checked before it is cached
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(file, data); err != nil {
		return nil, err
	}
	evictCache(dir, file, MaxCacheBytes)
	return img, nil
}

// layoutOf is the layout of a kit's images (xv6's without a kit or layout).
func layoutOf(kit *guest.HostedKit) guest.HostedLayout {
	if kit == nil || kit.Layout == nil {
		return guest.DefaultHostedLayout
	}
	return *kit.Layout
}

// layoutDefines are the runtime's -D flags for a kit's layout (none for
// xv6's, which rt.h has built in).
func layoutDefines(kit *guest.HostedKit) []string {
	l := layoutOf(kit)
	if l == guest.DefaultHostedLayout {
		return nil
	}
	return []string{
		fmt.Sprintf("-DNICSIM_RAM_BASE=%#xUL", l.Virt),
		fmt.Sprintf("-DNICSIM_STACKS_BASE=%#xUL", l.Virt+ramSize),
		fmt.Sprintf("-DNICSIM_MMIO_BASE=%#xUL", l.MMIO),
		fmt.Sprintf("-DNICSIM_PHYS_BASE=%#xUL", l.Phys),
		fmt.Sprintf("-DNICSIM_USER_BASE=%#xUL", l.User),
		fmt.Sprintf("-DNICSIM_USER_SIZE=%#xUL", l.UserSize),
	}
}

// linkScript is runtime/image.ld with the image placed at the layout's
// Image address.
func linkScript(ld []byte, kit *guest.HostedKit) []byte {
	l := layoutOf(kit)
	if l.Image == guest.DefaultHostedLayout.Image {
		return ld
	}
	return bytes.Replace(ld, []byte(". = 0x80000000;"), []byte(fmt.Sprintf(". = %#x;", l.Image)), 1)
}

// cleanName makes a relative slash path without "..": "kernel/e1000.c".
func cleanName(name string) string {
	name = path.Clean(filepath.ToSlash(name))
	if name == "." || name == "" || strings.HasPrefix(name, "../") || name == ".." || path.IsAbs(name) {
		name = path.Base(name)
	}
	if name == "." || name == "/" || name == ".." {
		name = "driver.c"
	}
	return name
}

// buildImage compiles and links in a fresh directory and returns the ELF.
func buildImage(src []byte, name string, opt Options, cache string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "nicsim-build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := writeTree(tmp, src, name, opt.Kit); err != nil {
		return nil, err
	}
	if err := writeKit(tmp, name, opt); err != nil {
		return nil, err
	}
	var rtObjs []string
	var rtErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rtObjs, rtErr = runtimeObjects(tmp, opt, cache)
	}()
	drvObjs, objSrc, drvErr := compileDriver(tmp, name, opt)
	wg.Wait()
	if drvErr != nil {
		return nil, drvErr
	}
	if err := checkObjects(tmp, name, drvObjs, objSrc, opt); err != nil {
		return nil, err
	}
	if rtErr != nil {
		return nil, rtErr
	}
	if opt.Kit != nil && opt.Kit.StubUndefined {
		stubs, err := linkUnprovided(tmp, objSrc, linkedRuntime(rtObjs, name, opt), opt)
		if err != nil {
			return nil, err
		}
		if stubs != "" {
			drvObjs = append(drvObjs, stubs)
		}
	}
	out := filepath.Join(tmp, "image.elf")
	args := append(append([]string{}, linkFlags...), "-T", filepath.Join(tmp, "rt", "image.ld"),
		"-o", out)
	args = append(args, drvObjs...)
	args = append(args, linkedRuntime(rtObjs, name, opt)...)
	if log, err := runJailed(opt, tmp, []string{cache}, "ld", args...); err != nil {
		return nil, &BuildError{Stage: "link", File: name, Log: tidyLog(log, tmp)}
	}
	return os.ReadFile(out)
}

// writeTree lays out the build directory: rt/ (the runtime, its link
// script placed at the kit's image address) and src/<name> (the driver
// alone in its directory, so quoted includes do not find a student's
// kernel headers there); writeKit adds the kernel's.
func writeTree(tmp string, src []byte, name string, kit *guest.HostedKit) error {
	names, files := runtimeFiles()
	if err := os.MkdirAll(filepath.Join(tmp, "rt"), 0o755); err != nil {
		return err
	}
	for _, n := range names {
		b := files[n]
		if n == "image.ld" {
			b = linkScript(b, kit)
		}
		if err := os.WriteFile(filepath.Join(tmp, "rt", n), b, 0o644); err != nil {
			return err
		}
	}
	file := filepath.Join(tmp, "src", filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, src, 0o644)
}

// compileDriver compiles src/<name> into driver.o, and each other C file
// of the driver (opt.Files and the kit's fallbacks) beside it. It returns
// the objects and, for each, its source's name in the tree.
func compileDriver(tmp, name string, opt Options) ([]string, map[string]string, error) {
	args := append([]string{}, driverFlags...)
	args = append(args, "-fdebug-prefix-map="+tmp+"/src=.", "-fdebug-prefix-map="+tmp+"=nicsim")
	args = append(args, opt.Kit.CFlags...)
	if opt.Kit.IncludeParent {
		// The folder above the driver's: <kern/e1000.h> from kern/e1000.c.
		args = append(args, "-I", filepath.Dir(filepath.Dir(filepath.Join(tmp, "src", filepath.FromSlash(name)))))
	}
	for _, d := range opt.Kit.First {
		args = append(args, "-I", filepath.Join(tmp, kitInclude, filepath.FromSlash(d)))
	}
	for _, d := range opt.IncludeDirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, nil, err
		}
		args = append(args, "-I", abs)
	}
	dirs := opt.Kit.IncludeDirs
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	for _, d := range dirs {
		args = append(args, "-I", filepath.Join(tmp, kitInclude, filepath.FromSlash(d)))
	}
	for _, d := range opt.AfterDirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, nil, err
		}
		args = append(args, "-idirafter", abs)
	}
	srcs := append([]string{name}, otherSources(name, opt)...)
	companion := hasCompanion(srcs, opt.Kit)
	var objs []string
	objSrc := map[string]string{}
	for i, s := range srcs {
		obj := "driver.o"
		if i > 0 {
			obj = fmt.Sprintf("driver-%d.o", i)
		}
		extra, ok := fileFlags(tmp, s, i == 0, opt.Kit)
		if !ok {
			continue
		}
		if companion && path.Base(filepath.ToSlash(s)) == opt.Kit.Companion {
			extra = append(extra, opt.Kit.CompanionFlags...)
		} else if companion {
			extra = append(extra, opt.Kit.DriverFlags...)
		}
		a := append(append(append([]string{}, args...), extra...), "-c", filepath.ToSlash(filepath.Join("src", s)), "-o", obj)
		if log, err := runJailed(opt, tmp, nil, "gcc", a...); err != nil {
			return nil, nil, &BuildError{Stage: "compile", File: s, Log: tidyLog(log, tmp)}
		}
		objs = append(objs, filepath.Join(tmp, obj))
		objSrc[filepath.Join(tmp, obj)] = filepath.ToSlash(s)
	}
	return objs, objSrc, nil
}

// linkedRuntime drops the kit's companion runtime (xv6-2024's rt_proc.c)
// from the runtime's objects when the driver comes without its companion,
// so that such an image keeps the layout it has always had.
func linkedRuntime(objs []string, name string, opt Options) []string {
	if opt.Kit == nil || len(opt.Kit.CompanionRuntime) == 0 ||
		hasCompanion(append([]string{name}, otherSources(name, opt)...), opt.Kit) {
		return objs
	}
	var out []string
	for _, o := range objs {
		if !slices.Contains(opt.Kit.CompanionRuntime, strings.TrimSuffix(filepath.Base(o), ".o")+".c") {
			out = append(out, o)
		}
	}
	return out
}

// hasCompanion reports whether the driver's files include the kit's
// companion file (xv6-2024's net.c).
func hasCompanion(srcs []string, kit *guest.HostedKit) bool {
	if kit.Companion == "" {
		return false
	}
	for _, s := range srcs[1:] {
		if path.Base(filepath.ToSlash(s)) == kit.Companion {
			return true
		}
	}
	return false
}

// fileFlags are the kit's flags for one file of the driver besides the
// driver's, and whether it is compiled at all (the main file always is).
func fileFlags(tmp, file string, main bool, kit *guest.HostedKit) ([]string, bool) {
	if main || kit == nil || kit.Compile == nil {
		return nil, true
	}
	flags, ok := kit.Compile(filepath.ToSlash(file))
	out := make([]string, len(flags))
	for i, f := range flags {
		if rest, found := strings.CutPrefix(f, "-I@"); found {
			f = "-I" + filepath.Join(tmp, kitInclude, filepath.FromSlash(rest))
		}
		out[i] = f
	}
	return out, ok
}

// runtimeObjects returns the runtime's object files for the kit, compiling them
// into the cache the first time.
func runtimeObjects(tmp string, opt Options, cache string) ([]string, error) {
	key, err := runtimeKey(opt.Kit)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(cache, "rt-"+key)
	names, _ := runtimeFiles()
	names = append(names, kitRuntimeNames(opt.Kit)...)
	slices.Sort(names) // the link order of the runtime's objects
	var srcs, objs []string
	for _, n := range names {
		if strings.HasSuffix(n, ".c") {
			srcs = append(srcs, n)
			objs = append(objs, filepath.Join(dir, strings.TrimSuffix(n, ".c")+".o"))
		}
	}
	if allExist(objs) {
		return objs, nil
	}
	args := append([]string{}, runtimeFlags...)
	for _, d := range opt.Kit.Defines {
		args = append(args, "-D"+d)
	}
	args = append(args, layoutDefines(opt.Kit)...)
	args = append(args, "-I", filepath.Join(tmp, kitInclude), "-c")
	args = append(args, srcs...)
	rtDir := filepath.Join(tmp, "rt")
	if log, err := run(rtDir, "gcc", args...); err != nil {
		return nil, &BuildError{Stage: "compile", File: "nicsim runtime", Log: tidyLog(log, tmp)}
	}
	stage, err := os.MkdirTemp(cache, "rt-tmp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)
	for _, s := range srcs {
		o := strings.TrimSuffix(s, ".c") + ".o"
		if err := os.Rename(filepath.Join(rtDir, o), filepath.Join(stage, o)); err != nil {
			return nil, err
		}
	}
	if err := os.Rename(stage, dir); err != nil && !allExist(objs) {
		return nil, err
	}
	return objs, nil
}

func allExist(files []string) bool {
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return false
		}
	}
	return true
}

// run runs a tool in dir and returns its combined output.
func run(dir, tool string, args ...string) (string, error) {
	cmd := exec.Command(tool, args...)
	cmd.Dir = dir
	return runCmd(cmd, tool)
}

// runCmd runs cmd and returns its combined output.
func runCmd(cmd *exec.Cmd, tool string) (string, error) {
	out := &capBuffer{max: 1 << 20} // a log past 1 MiB is clipped anyway
	cmd.Stdout, cmd.Stderr = out, out
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return out.String(), fmt.Errorf("hosted: running %s: %w", tool, err)
	}
	return out.String(), err
}

var srcPrefix = regexp.MustCompile(`(?m)(^|\s)src/`)

// tidyLog strips the build directory from diagnostics, so they name
// "kernel/e1000.c:12:3" and "nicsim/include/xv6/defs.h:20".
func tidyLog(log, tmp string) string {
	log = clipLog(log)
	log = strings.ReplaceAll(log, tmp+"/src/", "")
	log = srcPrefix.ReplaceAllString(log, "$1")
	return strings.ReplaceAll(log, tmp+"/", "nicsim/")
}

package hosted

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nicsim/nicsim/guest"
)

// kitInclude is where a kernel's headers go in the build directory.
const kitInclude = "include"

// writeKit lays out a kernel kit: its headers in include/, its runtime
// files in rt/, the driver's other files and the fallbacks for those it
// lacks beside the driver in src/.
func writeKit(tmp, name string, opt Options) error {
	for base, b := range driverFiles(name, opt) {
		dst := filepath.Join(tmp, "src", filepath.FromSlash(filePath(name, base)))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return err
		}
	}
	if opt.Kit == nil {
		return nil
	}
	if err := writeFiles(filepath.Join(tmp, kitInclude), opt.Kit.Include); err != nil {
		return err
	}
	return writeFiles(filepath.Join(tmp, "rt"), opt.Kit.Runtime)
}

func writeFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for base, b := range files {
		// Kits may keep headers in folders (JOS: inc/, kern/).
		rel := filepath.Clean(filepath.FromSlash(base))
		if filepath.IsAbs(rel) || strings.HasPrefix(rel, "..") {
			rel = filepath.Base(rel)
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// filePath is where a driver's other file goes in the source tree: a
// plain name beside the main file, a path ("inc/error.h", a lab's own
// header) from the tree's root.
func filePath(main, file string) string {
	if strings.Contains(file, "/") {
		return file
	}
	return filepath.ToSlash(filepath.Join(filepath.Dir(filepath.FromSlash(main)), file))
}

// driverFiles are the driver's other files plus the kit's fallbacks for the
// base names it lacks (never the main file's). A name with a folder
// ("inc/error.h") is kept as a path from the tree's root, others by base
// name.
func driverFiles(name string, opt Options) map[string][]byte {
	out := map[string][]byte{}
	for base, b := range opt.Files {
		rel := path.Clean(filepath.ToSlash(base))
		if !strings.Contains(rel, "/") || strings.HasPrefix(rel, "../") || path.IsAbs(rel) || rel == path.Clean(name) {
			rel = filepath.Base(base)
		}
		out[rel] = b
	}
	if opt.Kit != nil {
		for base, b := range opt.Kit.Fallback {
			if _, ok := out[base]; !ok && base != filepath.Base(name) {
				out[base] = b
			}
		}
	}
	return out
}

// otherSources are the C files among driverFiles, in name order.
func otherSources(name string, opt Options) []string {
	var srcs []string
	for base := range driverFiles(name, opt) {
		if strings.HasSuffix(base, ".c") {
			srcs = append(srcs, filepath.FromSlash(filePath(name, base)))
		}
	}
	sort.Strings(srcs)
	return srcs
}

// kitRuntimeNames are the kit's runtime C files in name order.
func kitRuntimeNames(kit *guest.HostedKit) []string {
	if kit == nil {
		return nil
	}
	var names []string
	for n := range kit.Runtime {
		names = append(names, filepath.Base(n))
	}
	sort.Strings(names)
	return names
}

// addKit hashes a kit's headers, runtime files and fallbacks.
func addKit(k keyHash, kit *guest.HostedKit) {
	if kit == nil {
		return
	}
	k.addStrings("kit")
	k.addStrings(kit.IncludeDirs...)
	k.addStrings("first")
	k.addStrings(kit.First...)
	k.addStrings("defines")
	k.addStrings(kit.Defines...)
	if kit.Layout != nil {
		l := kit.Layout
		k.addStrings(fmt.Sprintf("layout %#x %#x %#x %#x", l.Phys, l.Virt, l.Image, l.MMIO))
	}
	if len(kit.CFlags) > 0 || kit.IncludeParent {
		k.addStrings("cflags", fmt.Sprint(kit.IncludeParent))
		k.addStrings(kit.CFlags...)
	}
	if kit.StubUndefined {
		k.addStrings("stub-undefined")
	}
	addFiles(k, kit.Include)
	addFiles(k, kit.Runtime)
	addFiles(k, kit.Fallback)
}

// addFiles hashes files in name order.
func addFiles(k keyHash, files map[string][]byte) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	k.addStrings("files")
	for _, n := range names {
		k.addStrings(n)
		k.add(files[n])
	}
}

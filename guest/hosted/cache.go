package hosted

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/guest"
)

// cacheFormat changes whenever the image layout or protocol changes.
const cacheFormat = "nicsim-hosted-image-v1"

// cacheDir is opt.CacheDir, $NICSIM_CACHE or the user cache directory.
func cacheDir(opt Options) (string, error) {
	dir := opt.CacheDir
	if dir == "" {
		dir = os.Getenv("NICSIM_CACHE")
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("hosted: no cache directory (set NICSIM_CACHE): %w", err)
		}
		dir = filepath.Join(base, "nicsim", "images")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("hosted: cache directory: %w", err)
	}
	return dir, nil
}

var toolVersions struct {
	sync.Once
	s   string
	err error
}

// tools returns the versions of gcc and ld, which are part of every key.
func tools() (string, error) {
	toolVersions.Do(func() {
		var b strings.Builder
		for _, t := range []string{"gcc", "ld"} {
			out, err := run("", t, "--version")
			if err != nil {
				toolVersions.err = fmt.Errorf("hosted: %s is needed to build hosted drivers: %w", t, err)
				return
			}
			first, _, _ := strings.Cut(out, "\n")
			b.WriteString(first + "\n")
		}
		toolVersions.s = b.String()
	})
	return toolVersions.s, toolVersions.err
}

// keyHash writes length-prefixed fields, so that no two inputs collide.
type keyHash struct{ h hash.Hash }

func newKey(kind string) keyHash {
	k := keyHash{sha256.New()}
	k.add([]byte(cacheFormat))
	k.add(builderSum())
	k.add([]byte(kind))
	return k
}

func (k keyHash) add(b []byte) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
	k.h.Write(n[:])
	k.h.Write(b)
}

func (k keyHash) addStrings(ss ...string) {
	for _, s := range ss {
		k.add([]byte(s))
	}
}

func (k keyHash) sum() string { return hex.EncodeToString(k.h.Sum(nil))[:32] }

// runtimeKey identifies the runtime objects for a kernel's kit.
func runtimeKey(kit *guest.HostedKit) (string, error) {
	v, err := tools()
	if err != nil {
		return "", err
	}
	k := newKey("runtime")
	k.addStrings(v)
	k.addStrings(runtimeFlags...)
	names, files := runtimeFiles()
	for _, n := range names {
		k.addStrings(n)
		k.add(files[n])
	}
	addKit(k, kit)
	return k.sum(), nil
}

// imageKey hashes everything an image depends on: the source and its name,
// every header nicsim ships and every header in the user's include
// directories, the runtime, the flags and the tool versions.
func imageKey(src []byte, name string, opt Options) (string, error) {
	rk, err := runtimeKey(opt.Kit)
	if err != nil {
		return "", err
	}
	k := newKey("image")
	k.addStrings(rk, name)
	k.add(src)
	addFiles(k, opt.Files)
	if opt.Kit != nil && opt.Kit.Compile != nil {
		for _, f := range otherSources(name, opt) {
			flags, ok := opt.Kit.Compile(filepath.ToSlash(f))
			k.addStrings(append([]string{f, fmt.Sprint(ok)}, flags...)...)
		}
	}
	k.addStrings(driverFlags...)
	k.addStrings(linkFlags...)
	k.addStrings(objectChecks) // an image cached before a check was added is built (and checked) again
	for _, dir := range opt.IncludeDirs {
		if err := hashDir(k, dir); err != nil {
			return "", err
		}
	}
	if len(opt.AfterDirs) > 0 {
		k.addStrings("idirafter")
		for _, dir := range opt.AfterDirs {
			if err := hashDir(k, dir); err != nil {
				return "", err
			}
		}
	}
	return k.sum(), nil
}

// hashDir adds the headers of one include directory and of its
// subdirectories one level down, the depth of <inc/error.h> or
// <kern/e1000.h> from a lab's root. It goes no deeper: an include directory
// may be the folder above a lone driver (IncludeParent), anything up to
// "/". Subdirectories that cannot be read, and hidden ones, are left out.
func hashDir(k keyHash, dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("hosted: include directory: %w", err)
	}
	names := headerNames(ents, "")
	for _, e := range ents {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if sub, err := os.ReadDir(filepath.Join(dir, e.Name())); err == nil {
			names = append(names, headerNames(sub, e.Name()+"/")...)
		}
	}
	sort.Strings(names)
	k.addStrings(dir)
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
		if err != nil {
			return err
		}
		k.addStrings(n)
		k.add(b)
	}
	return nil
}

// headerNames are the .h files among ents, prefixed with prefix.
func headerNames(ents []os.DirEntry, prefix string) []string {
	var names []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".h") {
			names = append(names, prefix+e.Name())
		}
	}
	return names
}

// writeAtomic writes data to file through a temporary file and a rename.
func writeAtomic(file string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(file), ".tmp-")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), file)
}

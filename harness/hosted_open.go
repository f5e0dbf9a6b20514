package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/guest/hosted"
)

// openHosted reads a C driver's source (bundled for ref: and zoo: names, a
// file otherwise) and opens it with the hosting layer for the resolved
// kernel.
func openHosted(c *Config, rc *Resolved) (Target, error) {
	if rc.Kernel.Hosted != nil {
		return openKit(c, rc)
	}
	if len(c.Files) > 0 {
		return nil, fmt.Errorf("--driver: kernel %s takes a driver in one file", rc.Kernel.Name)
	}
	var (
		src []byte
		err error
	)
	if rc.Driver.Bundled() {
		src, err = csrc.Driver(c.Driver)
	} else {
		src, err = os.ReadFile(c.Driver)
	}
	if err != nil {
		return nil, fmt.Errorf("--driver: %w", err)
	}
	return openHostedImage(c.Driver, src, rc.Kernel.ABI, c.Includes)
}

// openKit opens a driver of a kernel with a hosted kit: a bundled driver,
// or a user's files (several, or a folder), built against the kit.
func openKit(c *Config, rc *Resolved) (Target, error) {
	kit := rc.Kernel.Hosted
	var (
		main  string
		files map[string][]byte
		err   error
	)
	if rc.Driver.Bundled() {
		if kit.Bundled == nil {
			return nil, fmt.Errorf("--driver %s: kernel %s bundles no drivers", c.Driver, rc.Kernel.Name)
		}
		var names []string
		names, files, err = kit.Bundled(rc.Driver)
		if err == nil {
			main = names[0]
		}
	} else {
		main, files, err = driverSources(c, rc.Kernel)
	}
	if err != nil {
		return nil, fmt.Errorf("--driver: %w", err)
	}
	src := files[main]
	rest := map[string][]byte{}
	var all [][]byte
	for n, b := range files {
		all = append(all, b)
		if n != main {
			rest[n] = b
		}
	}
	includes := c.Includes
	if !rc.Driver.Bundled() {
		includes = append(slices.Clone(includes), driverDirs(c)...)
	}
	img, err := hosted.Build(src, main, hosted.Options{ABI: rc.Kernel.ABI, IncludeDirs: includes, Kit: kit, Files: rest})
	if err != nil {
		return nil, err
	}
	h, err := img.Load()
	if err != nil {
		return nil, err
	}
	return &hostedTarget{name: c.Driver, img: img, h: h, srcs: all}, nil
}

// driverDirs are the directories of a user's driver files, searched for
// the headers they include ("eth.h" beside eth.c), in order, once each.
func driverDirs(c *Config) []string {
	var dirs []string
	for _, p := range append([]string{c.Driver}, c.Files...) {
		d := filepath.Dir(p)
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			d = p
		}
		if !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

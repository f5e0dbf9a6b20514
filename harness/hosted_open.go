package harness

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/guest/hosted"
	"github.com/nicsim/nicsim/sandbox"
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
		src, err = hosted.ReadSource(c.Driver)
	}
	if err != nil {
		return nil, fmt.Errorf("--driver: %w", err)
	}
	if src, err = sizeRings(src, c, rc); err != nil {
		return nil, err
	}
	t, err := openHostedImage(c.Driver, src, rc.Kernel.ABI, c.Includes, c.NoSandbox)
	if err == nil && !c.NoSandbox {
		// sandbox: the driver's system calls become verdicts (SIGSYS).
		if err = sandbox.TrapRange(hosted.DriverMemory()); err != nil {
			t.Close()
			return nil, fmt.Errorf("%w (--sandbox=off runs without it)", err)
		}
	}
	if err != nil && !rc.Driver.Bundled() {
		if k, why, derr := guest.DetectKernel(src); derr == nil && k != rc.Kernel {
			return nil, fmt.Errorf("%s does not build for %s: it looks like %s (%s: %s); run it with --abi %s or without --abi",
				c.Driver, rc.Kernel.Name, k.Name, k.Title, why, k.Name)
		}
	}
	return t, err
}

// detectKernel sets c.ABI for a driver file given without --abi from what
// the kernels recognise in its source, and says so in c.ABIFrom. A file no
// kernel recognises keeps the default kernel (gcc then says what is wrong).
func (c *Config) detectKernel() error {
	dn, err := guest.ParseDriverName(c.Driver)
	if err != nil || dn.Kind != guest.DriverPath {
		return nil // Resolve reports a bad name
	}
	if c.ABI != "" {
		c.ABIFrom = "--abi"
		return nil
	}
	src, err := driverText(c)
	if err != nil {
		return err
	}
	k, why, err := guest.DetectKernel(src)
	if err != nil {
		c.ABIFrom = "default (" + err.Error() + ")"
		return nil
	}
	c.ABI, c.ABIFrom = k.Name, why
	return nil
}

// sizeRings gives a bundled driver rings of c.Ring descriptors (a driver
// file defines its own sizes: --ring other than the default is an error).
func sizeRings(src []byte, c *Config, rc *Resolved) ([]byte, error) {
	if c.Ring == 0 || c.Ring == csrc.DefaultRing {
		return src, nil
	}
	if !rc.Driver.Bundled() {
		return nil, fmt.Errorf("--ring %d: %s sets its own ring sizes (--ring sizes the Go model and the bundled drivers)", c.Ring, c.Driver)
	}
	return csrc.Sized(src, c.Ring)
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
		if kit.IncludeParent {
			includes = append(includes, parentDirs(driverDirs(c))...)
		}
	}
	if kit.IncludeParent && !strings.Contains(main, "/") && rc.Kernel.DriverFile != "" {
		// The driver sits where the kernel's tree has it (kern/e1000.c),
		// so that <kern/e1000.h> finds its own header beside it.
		main = path.Join(path.Dir(rc.Kernel.DriverFile), main)
	}
	if kit.Glue != nil {
		glue, err := kit.Glue(guest.GlueInput{Main: main, Files: files, IncludeDirs: includes,
			Names: map[string]string{"attach": c.Attach, "tx": c.TX, "rx": c.RX}})
		if err != nil {
			return nil, err
		}
		for n, b := range glue {
			rest[n] = b
		}
	}
	img, err := hosted.Build(src, main, hosted.Options{ABI: rc.Kernel.ABI, IncludeDirs: includes, Kit: kit, Files: rest,
		Unconfined: c.NoSandbox})
	if err != nil {
		return nil, err
	}
	h, err := img.Load()
	if err != nil {
		return nil, err
	}
	t := &hostedTarget{name: c.Driver, img: img, h: h, srcs: all}
	if !c.NoSandbox {
		// sandbox: the driver's system calls become verdicts (SIGSYS).
		if err := sandbox.TrapRange(img.DriverMemory()); err != nil {
			t.Close()
			return nil, fmt.Errorf("%w (--sandbox=off runs without it)", err)
		}
	}
	return t, nil
}

// parentDirs are the folders above dirs (a lab's root above kern/), once
// each, for kernels whose drivers include <kern/e1000.h>.
func parentDirs(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		if p := filepath.Dir(abs); !slices.Contains(out, p) && !slices.Contains(dirs, p) {
			out = append(out, p)
		}
	}
	return out
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

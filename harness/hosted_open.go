package harness

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/hosted"
	"github.com/nicsim/nicsim/sandbox"
)

// openHosted reads a C driver's sources (bundled for ref: and zoo: names,
// the user's files otherwise) and builds them with the hosting layer
// against the resolved kernel's hosted kit.
func openHosted(c *Config, rc *Resolved) (Target, error) {
	kit := rc.Kernel.Hosted
	if kit == nil {
		return nil, fmt.Errorf("--driver %s: kernel %s runs no C drivers", c.Driver, rc.Kernel.Name)
	}
	if kit.SingleFile && !companionsOnly(c.Files, kit) {
		return nil, fmt.Errorf("--driver: kernel %s takes a driver in one file%s", rc.Kernel.Name, companionHint(kit))
	}
	main, files, err := hostedSources(c, rc)
	if err != nil {
		return nil, fmt.Errorf("--driver: %w", err)
	}
	if files[main], err = sizeRings(files[main], c, rc); err != nil {
		return nil, err
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
	if !rc.Driver.Bundled() && !kit.SingleFile {
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
	var after []string
	if !rc.Driver.Bundled() && kit.SingleFile {
		// The driver's own folder, last: headers nicsim has no stand-in for.
		after = driverDirs(c)
	}
	img, err := hosted.Build(src, main, hosted.Options{IncludeDirs: includes, AfterDirs: after, Kit: kit, Files: rest,
		Unconfined: c.NoSandbox})
	if err != nil {
		return nil, wrongKernel(c, rc, src, err)
	}
	h, err := img.Load()
	if err != nil {
		return nil, err
	}
	t := &hostedTarget{name: c.Driver, img: img, h: h, srcs: all, kernel: rc.Kernel}
	if !c.NoSandbox {
		// sandbox: the driver's system calls become verdicts (SIGSYS).
		if err := sandbox.TrapRange(img.DriverMemory()); err != nil {
			t.Close()
			return nil, fmt.Errorf("%w (--sandbox=off runs without it)", err)
		}
	}
	return t, nil
}

// hostedSources returns a C driver's files by base name and its main
// file: a bundled driver's from the kit, a user's single file (named as
// the kit says when its path does not end in .c), or a user's files or
// folder.
func hostedSources(c *Config, rc *Resolved) (string, map[string][]byte, error) {
	kit := rc.Kernel.Hosted
	switch {
	case rc.Driver.Bundled():
		if kit.Bundled == nil {
			return "", nil, fmt.Errorf("%s: kernel %s bundles no drivers", c.Driver, rc.Kernel.Name)
		}
		names, files, err := kit.Bundled(rc.Driver)
		if err != nil {
			return "", nil, err
		}
		return names[0], files, addCompanion(files, c.Files)
	case kit.SingleFile:
		return singleSources(c, rc)
	}
	return driverSources(c, rc.Kernel)
}

// wrongKernel explains a user's driver that does not build for the kernel
// it was given when another kernel recognises it.
func wrongKernel(c *Config, rc *Resolved, src []byte, err error) error {
	if !rc.Driver.Bundled() {
		if k, why, derr := guest.DetectKernel(src); derr == nil && k != rc.Kernel {
			return fmt.Errorf("%s does not build for %s: it looks like %s (%s: %s); run it with --abi %s or without --abi",
				c.Driver, rc.Kernel.Name, k.Name, k.Title, why, k.Name)
		}
	}
	return err
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

// sizeRings gives a bundled driver rings of c.Ring descriptors when its
// kit can size them (a driver file defines its own sizes: --ring other
// than the default is an error).
func sizeRings(src []byte, c *Config, rc *Resolved) ([]byte, error) {
	kit := rc.Kernel.Hosted
	if kit.Sized == nil || c.Ring == 0 || c.Ring == kit.Ring {
		return src, nil
	}
	if !rc.Driver.Bundled() {
		return nil, fmt.Errorf("--ring %d: %s sets its own ring sizes (--ring sizes the Go model and the bundled drivers)", c.Ring, c.Driver)
	}
	return kit.Sized(src, c.Ring)
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

package harness

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/hosted"
)

// A single-file kernel's driver may come with its kit's companion file
// (xv6-2024's net.c, which the student writes too): named with another
// --driver, found in a --driver folder (a student's kernel/, whose other
// files are left alone), or bundled with a zoo mutant of it.

// companionsOnly reports whether every extra file is the kit's companion.
func companionsOnly(files []string, kit *guest.HostedKit) bool {
	for _, f := range files {
		if kit.Companion == "" || filepath.Base(f) != kit.Companion {
			return false
		}
	}
	return true
}

func companionHint(kit *guest.HostedKit) string {
	if kit.Companion == "" {
		return ""
	}
	return " and its " + kit.Companion
}

// addCompanion reads the companion files named beside a bundled driver.
func addCompanion(files map[string][]byte, paths []string) error {
	for _, p := range paths {
		b, err := hosted.ReadSource(p)
		if err != nil {
			return err
		}
		files[filepath.Base(p)] = b
	}
	return nil
}

// singleSources reads a single-file kernel's driver (a file, or the file
// its kernel recognises in a folder) and its companion, if given.
func singleSources(c *Config, rc *Resolved) (string, map[string][]byte, error) {
	kit := rc.Kernel.Hosted
	if st, err := os.Stat(c.Driver); err == nil && st.IsDir() {
		return folderSources(c, rc)
	}
	src, err := hosted.ReadSource(c.Driver)
	if err != nil {
		return "", nil, err
	}
	main := filepath.Base(c.Driver)
	if filepath.Ext(main) != ".c" {
		main = kit.MainFile
	}
	files := map[string][]byte{main: src}
	return main, files, addCompanion(files, c.Files)
}

// folderSources takes the driver (the .c file the kernel recognises) and
// the companion from a folder.
func folderSources(c *Config, rc *Resolved) (string, map[string][]byte, error) {
	kit := rc.Kernel.Hosted
	main, all, err := driverSources(c, rc.Kernel)
	if err != nil {
		return "", nil, err
	}
	if rc.Kernel.Detect != nil {
		if _, ok := rc.Kernel.Detect(all[main]); !ok {
			return "", nil, fmt.Errorf("%s: no driver file of kernel %s in the folder", c.Driver, rc.Kernel.Name)
		}
	}
	files := map[string][]byte{main: all[main]}
	if b, ok := all[kit.Companion]; ok && kit.Companion != "" && kit.Companion != main {
		files[kit.Companion] = b
	}
	return main, files, nil
}

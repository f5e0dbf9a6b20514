package jospc

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// LoadLab reads what [Build] needs from a student's tree: given a lab
// folder (the one holding kern/ and inc/), kern/e1000.c, kern/pci.c and
// every header under kern/ and inc/; given a lone driver file, that file as
// kern/e1000.c and an e1000.h beside it as kern/e1000.h.
func LoadLab(p string) (map[string][]byte, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("jospc: %w", err)
	}
	lab := map[string][]byte{}
	if !st.IsDir() {
		if lab[DriverPath], err = os.ReadFile(p); err != nil {
			return nil, fmt.Errorf("jospc: %w", err)
		}
		if h, err := os.ReadFile(filepath.Join(filepath.Dir(p), "e1000.h")); err == nil {
			lab["kern/e1000.h"] = h
		}
		return lab, nil
	}
	if _, err := os.Stat(filepath.Join(p, filepath.FromSlash(DriverPath))); err != nil {
		return nil, fmt.Errorf("jospc: %s is no JOS lab folder: %w", p, err)
	}
	root := os.DirFS(p)
	for _, dir := range []string{"kern", "inc"} {
		err := fs.WalkDir(root, dir, func(q string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if path.Ext(q) == ".h" || q == DriverPath || q == "kern/pci.c" {
				data, err := fs.ReadFile(root, q)
				lab[q] = data
				return err
			}
			return nil
		})
		if err != nil && !(dir == "inc" && errors.Is(err, fs.ErrNotExist)) {
			return nil, fmt.Errorf("jospc: reading %s: %w", p, err)
		}
	}
	return lab, nil
}

package pc

import "io/fs"

// BootFiles returns the machine part of the guest by base name (boot.S, pc.c,
// lib.c, pc.h, pc.ld) and the workloads' frames (frames.c, frames.h), for kernel personalities built outside this package
// (guest/qemu/jospc links them with its own linker script).
func BootFiles() (map[string][]byte, error) {
	files := map[string][]byte{}
	entries, err := fs.ReadDir(bootFS, "boot")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := fs.ReadFile(bootFS, "boot/"+e.Name())
		if err != nil {
			return nil, err
		}
		files[e.Name()] = data
	}
	return files, nil
}

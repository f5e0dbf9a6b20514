// Package eth is the home of the 8255x "eth" kernel: the kernel an Intel 82557
// driver with the five-call eth API (_eth_init, _eth_loadaddr, _eth_tx,
// _eth_set_cmd_callback, _eth_set_rx_callback; specs/guest-abis.md section 4)
// is written against.
//
// [FS] holds its C sources:
//   - include/: the kernel headers such a driver includes (common.h, support.h,
//     kdefs.h, x86pic.h, klib.h, queues.h, cio.h, sio.h);
//   - drivers/ref and drivers/ring: our reference drivers (eth.c, eth.h, pci.c,
//     pci.h), see [Drivers];
//   - qemu/: the kernel services and the workload of the real i386 guest that
//     guest/qemu/pc boots under QEMU.
package eth

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// FS holds the eth kernel's C sources (include/, drivers/, qemu/).
//
//go:embed include drivers qemu
var FS embed.FS

// Drivers are the names of the reference drivers under drivers/.
var Drivers = []string{"ref", "ring"}

// DriverFiles returns the files of a reference driver by base name (eth.c,
// eth.h, pci.c, pci.h).
func DriverFiles(name string) (map[string][]byte, error) {
	dir := path.Join("drivers", name)
	entries, err := fs.ReadDir(FS, dir)
	if err != nil {
		return nil, fmt.Errorf("eth: no reference driver %q (have %s)", name, strings.Join(Drivers, ", "))
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := fs.ReadFile(FS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files[e.Name()] = data
	}
	return files, nil
}

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

// Entries are the driver's entry points, in the final spelling; the early
// one prefixes each with another underscore ("__eth_init").
var Entries = []string{"_eth_init", "_eth_loadaddr", "_eth_tx", "_eth_set_cmd_callback", "_eth_set_rx_callback"}

// Services are the kernel functions the headers in include/ declare and a
// driver may call: one list for the real guest (qemu/ defines each) and the
// hosted runtime. The driver's interrupt handler is installed with
// __install_isr, not found by name.
var Services = []string{
	"__inb", "__inw", "__inl", "__outb", "__outw", "__outl", // klib.h
	"__memset", "__memcpy", "_kpanic", // klib.h, kdefs.h (assert)
	"__install_isr", "__delay", "__panic", // support.h
	"_que_alloc", "_que_enque", "_que_deque", "_que_length", // queues.h
	"__cio_printf", "__cio_puts", "__cio_putchar", "__cio_getchar", // cio.h
	"__sio_writec", "__sio_readc", // sio.h
}

// PCIHelpers are the functions of the driver's own pci.c; a driver that comes
// without one gets drivers/ref/pci.c.
var PCIHelpers = []string{"__pci_read8", "__pci_read16", "__pci_read32", "__pci_write32", "__pci_find_device"}

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

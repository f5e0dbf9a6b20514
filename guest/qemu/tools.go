package qemu

import (
	"fmt"
	"os/exec"
)

// Default tool names, as installed by install.sh from Debian's packages.
const (
	DefaultQEMU = "qemu-system-riscv64"
	DefaultCC   = "riscv64-unknown-elf-gcc"
)

// Available reports whether QEMU and the cross compiler can be found on $PATH,
// with an error that says what is missing and how to install it.
func Available() error {
	for _, tool := range []string{DefaultQEMU, DefaultCC} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not installed (run guest/qemu/install.sh)", tool)
		}
	}
	return nil
}

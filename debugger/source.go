package debugger

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/nicsim/nicsim/guest"
)

// driverSource returns a C driver's main source: a bundled driver's (ref:...,
// zoo:...) from its kernel's hosted kit, else the file at the path.
func driverSource(driver string) ([]byte, error) {
	dn, err := guest.ParseDriverName(driver)
	if err != nil || !dn.Bundled() {
		return os.ReadFile(driver)
	}
	k, err := guest.LookupKernel(dn.Kernel)
	if err != nil {
		return nil, err
	}
	if k.Hosted == nil || k.Hosted.Bundled == nil {
		return nil, fmt.Errorf("kernel %s bundles no C drivers", k.Name)
	}
	names, files, err := k.Hosted.Bundled(dn)
	if err != nil {
		return nil, err
	}
	return files[names[0]], nil
}

// loadSource reads the driver's C source for the source pane, under the
// file name its DWARF compile unit gives (nil for the Go model driver).
func loadSource(driver string, dw *dwarfInfo) map[string][]string {
	if dw == nil || dw.unit == "" {
		return nil
	}
	src, err := driverSource(driver)
	if err != nil {
		return nil
	}
	return map[string][]string{dw.unit: splitLines(src)}
}

func splitLines(b []byte) []string {
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

func slicesSort(s []string) { sort.Strings(s) }

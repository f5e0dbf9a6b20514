package debugger

import (
	"os"
	"sort"
	"strings"

	"github.com/nicsim/nicsim/guest/csrc"
)

// driverSource returns a C driver's source: a bundled driver by its name
// (ref:..., zoo:...), else the file at the path.
func driverSource(driver string) ([]byte, error) {
	if strings.HasPrefix(driver, "ref:") || strings.HasPrefix(driver, "zoo:") {
		return csrc.Driver(driver)
	}
	return os.ReadFile(driver)
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

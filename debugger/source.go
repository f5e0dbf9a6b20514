package debugger

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/nicsim/nicsim/guest/csrc"
)

// driverSource returns a C driver's source and the file name its DWARF uses.
func driverSource(driver string) ([]byte, string, error) {
	if strings.HasPrefix(driver, "model:") {
		return nil, "", errNoSource
	}
	if strings.HasPrefix(driver, "ref:") || strings.HasPrefix(driver, "zoo:") {
		src, err := csrc.Driver(driver)
		return src, "e1000.c", err
	}
	src, err := readFile(driver)
	name := filepath.Base(driver)
	if filepath.Ext(name) != ".c" {
		name = "e1000.c"
	}
	return src, name, err
}

type sourceError string

func (e sourceError) Error() string { return string(e) }

const errNoSource = sourceError("the Go model driver has no C source")

func splitLines(b []byte) []string {
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

func slicesSort(s []string) { sort.Strings(s) }

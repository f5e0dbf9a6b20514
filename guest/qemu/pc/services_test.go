package pc

import (
	"debug/elf"
	"slices"
	"testing"

	"github.com/nicsim/nicsim/guest/eth"
)

// TestGuestDefinesServices: the real guest defines every service of the eth
// kernel's list and every entry point and PCI helper of the driver.
func TestGuestDefinesServices(t *testing.T) {
	needTools(t)
	path, err := Build(BuildConfig{DriverName: "ref"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	var defined []string
	for _, s := range syms {
		if s.Section != elf.SHN_UNDEF && elf.ST_TYPE(s.Info) == elf.STT_FUNC {
			defined = append(defined, s.Name)
		}
	}
	for _, want := range slices.Concat(eth.Services, eth.Entries, eth.PCIHelpers) {
		if !slices.Contains(defined, want) {
			t.Errorf("the guest does not define %s", want)
		}
	}
}

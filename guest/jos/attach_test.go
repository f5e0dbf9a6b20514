package jos

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAttachFunctionRef finds e1000_attach in the reference lab's
// kern/pci.c, preprocessed by gcc as the lab builds it.
func TestAttachFunctionRef(t *testing.T) {
	needI386(t)
	dir := extract(t, "ref:"+ABI)
	lab, inc := filepath.Join(dir, "lab"), filepath.Join(dir, IncludeDir)
	argv := append(append(slices.Clone(LabFlags), Args(lab, inc, "kern/pci.c")...), "-E", filepath.Join(lab, "kern", "pci.c"))
	out, err := exec.Command("gcc", argv...).Output()
	if err != nil {
		t.Fatalf("gcc -E: %v", err)
	}
	got, err := AttachFunction(string(out), 0x8086, 0x100E)
	if got != "e1000_attach" || err != nil {
		t.Errorf("AttachFunction(kern/pci.c) = %q, %v; want e1000_attach", got, err)
	}
}

// TestAttachFunction reads the table styles of the surveyed labs, as gcc
// -E leaves them (macros already replaced).
func TestAttachFunction(t *testing.T) {
	const pre = "struct pci_driver pci_attach_class[] = { { 0x06, 0x04, &pci_bridge_attach }, { 0, 0, 0 }, };\n" +
		"struct pci_driver pci_attach_vendor[] = "
	for _, tc := range []struct{ table, want string }{
		{"{ { 0x8086, 0x100E, &e1000_attach }, { 0, 0, 0 }, };", "e1000_attach"},
		{"{\n  {0x8086, 0x100e, pci_e1000_attach},\n  {0, 0, 0},\n};", "pci_e1000_attach"},
		{"{ { 32902, 4110, &attach }, { 0, 0, 0 } };", "attach"},
		{"{ { (0x8086), ((0x100E)), &(e1000_init) }, { 0, 0, 0 } };", "e1000_init"},
		{"{ { (uint32_t)0x8086U, 0x100EUL, (&PCI_E1000_Driver) }, {0,0,0} };", "PCI_E1000_Driver"},
		{"{ { 0x8086, 0x100F, &other }, { 0x8086, 0x100E, &second } };", "second"},
		{"{ { .key1 = 0x8086, .key2 = 0x100E, .attachfn = &desig }, {0} };", "desig"},
		{"{ { .attachfn = &late, .key2 = 0x100E, .key1 = 0x8086 } };", "late"},
		{"{ {0}, { 0x8086, 0x100E, &after_empty }, {} };", "after_empty"},
	} {
		got, err := AttachFunction(pre+tc.table, 0x8086, 0x100E)
		if got != tc.want || err != nil {
			t.Errorf("AttachFunction(%s) = %q, %v; want %q", tc.table, got, err, tc.want)
		}
	}
}

// TestAttachFunctionErrors checks that a missing table or row, or a
// row that cannot be read, is an error saying so.
func TestAttachFunctionErrors(t *testing.T) {
	for _, tc := range []struct{ src, err string }{
		{"int x;", "no pci_attach_vendor[]"},
		{"struct pci_driver pci_attach_vendor[] = { { 0, 0, 0 }, ", "unbalanced"},
		{"struct pci_driver pci_attach_vendor[] = { { 0x8086, 0x1004, &a }, { 0, 0, 0 } };", "rows: 8086:1004, 0000:0000"},
		{"struct pci_driver pci_attach_vendor[] = { { VENDOR, 0x100E, &a } };", `"VENDOR" is not an integer constant`},
		{"struct pci_driver pci_attach_vendor[] = { { 0x8086, 0x100E, a + 1 } };", "is not a name"},
	} {
		_, err := AttachFunction(tc.src, 0x8086, 0x100E)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("AttachFunction(%s): %v, want an error with %q", tc.src, err, tc.err)
		}
	}
}

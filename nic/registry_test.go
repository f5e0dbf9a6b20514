package nic_test

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/nic"
	_ "github.com/nicsim/nicsim/nic/all"
)

func TestLookupUnknownListsKnown(t *testing.T) {
	if _, err := nic.Lookup("ne2000"); err == nil || !strings.Contains(err.Error(), "e1000") {
		t.Fatalf("Lookup(ne2000) = %v, want an error listing e1000", err)
	}
	m, err := nic.Lookup("e1000")
	if err != nil {
		t.Fatal(err)
	}
	if m != nic.ByTraceID(m.TraceID) {
		t.Errorf("ByTraceID(%d) is not the e1000", m.TraceID)
	}
}

// Every model describes itself completely: a window, named registers
// inside it, DMA actors, columns whose registers exist, faults that render.
func TestModelsDescribeThemselves(t *testing.T) {
	for _, m := range nic.Models() {
		if len(m.Windows) == 0 || len(m.Regs) == 0 || len(m.Actors) == 0 || m.QEMUDevice == "" {
			t.Errorf("%s: incomplete registration", m.Name)
		}
		for _, r := range m.Regs {
			w, ok := m.Window(r.Space)
			if !ok || r.Off+uint32(r.Width) > w.Size || r.Width < 1 || r.Width > 4 {
				t.Errorf("%s: register %s (%s %#x/%d) outside its windows", m.Name, r.Name, r.Space, r.Off, r.Width)
			}
			if got := m.RegName(r.Space, r.Off); got != r.Name {
				t.Errorf("%s: RegName(%#x) = %s, want %s", m.Name, r.Off, got, r.Name)
			}
		}
		for _, c := range m.Columns {
			for _, n := range []string{c.Head, c.Tail, c.Len} {
				if _, ok := m.Reg(n); !ok {
					t.Errorf("%s: column %s names register %s, which the model does not have", m.Name, c.Name, n)
				}
			}
		}
		for _, f := range m.Faults {
			for _, v := range f.Choices {
				if v != 0 && f.Format(v) == "" {
					t.Errorf("%s: fault %s renders %d as nothing", m.Name, f.Name, v)
				}
			}
		}
	}
}

package netc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
)

func TestIsNetC(t *testing.T) {
	if !IsNetC(Reference()) {
		t.Error("the reference net.c is not recognised")
	}
	drv := []byte("int\ne1000_transmit(char *buf, int len)\n{\n  return sys_recv_count;\n}\n")
	if IsNetC(drv) {
		t.Error("the reference e1000.c is taken for a net.c")
	}
}

// Every mutant applies, changes the reference, names a catalogue row of
// net.c's (34-39) and a class of this package, and builds a bundle.
func TestMutants(t *testing.T) {
	ms, err := Mutants("xv6-2024")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 7 {
		t.Fatalf("%d mutants", len(ms))
	}
	for _, m := range ms {
		src, err := Apply(m)
		if err != nil || bytes.Equal(src, Reference()) {
			t.Errorf("%s: %v (changed: %t)", m.Name, err, !bytes.Equal(src, Reference()))
		}
		if m.Row < 34 || m.Row > csrc.MaxRow || m.Oracle != "socket" {
			t.Errorf("%s: row %d oracle %s", m.Name, m.Row, m.Oracle)
		}
		if !strings.Contains(strings.Join(Classes, " "), m.Verdict) {
			t.Errorf("%s: verdict %s is not a net.c class", m.Name, m.Verdict)
		}
		d, _ := guest.ParseDriverName(m.Name)
		net, ok, err := MutantNet(d)
		if !ok || err != nil || !bytes.Equal(net, src) {
			t.Errorf("%s: MutantNet %t %v", m.Name, ok, err)
		}
	}
	if _, ok, _ := MutantNet(guest.DriverName{Kind: guest.DriverZoo, Kernel: "xv6-2024", Mutant: "tx-free-early"}); ok {
		t.Error("a driver mutant is taken for a net.c one")
	}
}

// copyout's bounds: inside a variable, past its end, unmapped.
func TestUserMem(t *testing.T) {
	var u userMem
	buf := u.alloc("buf", 64)
	src := u.alloc("src", 4)
	if o, ok := u.objectAt(buf + 63); !ok || o.name != "buf" {
		t.Errorf("buf+63 in %v", o)
	}
	if o, _ := u.objectAt(buf + 64); o.va != src {
		t.Errorf("buf+64 in %v, want src", o)
	}
	if !u.mapped(buf, 68) || u.mapped(userBase+userSize-2, 4) || u.mapped(0, 1) {
		t.Error("mapped bounds")
	}
}

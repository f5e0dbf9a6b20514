package hosted

import (
	"testing"

	"github.com/nicsim/nicsim/guest/xv6"
)

// Data addresses are named by variable, index and field from DWARF.
func TestDataNamesFromDWARF(t *testing.T) {
	src, err := xv6.Driver("ref:xv6")
	if err != nil {
		t.Fatal(err)
	}
	img, err := Build(src, "kernel/e1000.c", testOptions("xv6"))
	if err != nil {
		t.Fatal(err)
	}
	syms := img.symbols()
	base := func(name string) uint64 {
		for _, v := range syms.vars {
			if v.name == name {
				return v.addr
			}
		}
		t.Fatalf("no variable %s in the image's debug information", name)
		return 0
	}
	tx, mb := base("tx_ring"), base("rx_mbufs")
	cases := []struct {
		addr      uint64
		name, typ string
	}{
		{tx + 16 + 8, "tx_ring[1].length", "uint16"},
		{tx + 16*3 + 12, "tx_ring[3].status", "uint8"},
		{tx + 16*2 + 9, "tx_ring[2].length+1", "uint16"},
		{mb + 8*3, "rx_mbufs[3]", ""},
	}
	for _, c := range cases {
		if got := syms.dataName(c.addr); got != c.name {
			t.Errorf("dataName(%#x) = %q, want %q", c.addr, got, c.name)
		}
		if got := syms.describe(c.addr); got != c.name {
			t.Errorf("describe(%#x) = %q, want %q", c.addr, got, c.name)
		}
		if c.typ != "" {
			if got := syms.dataType(c.addr); got != c.typ {
				t.Errorf("dataType(%#x) = %q, want %q", c.addr, got, c.typ)
			}
		}
	}
	if got := syms.dataName(0x10); got != "" {
		t.Errorf("dataName(0x10) = %q, want nothing", got)
	}
}

package hosted

import (
	"fmt"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

func TestHeapNames(t *testing.T) {
	m := sim.New(sim.Config{NCPU: 1, RAMSize: 1 << 20}, sim.NewTape(sim.NewSeedSource(1)))
	p := m.Heap.Alloc()
	cases := []struct {
		abi  string
		addr uint64
		want string
	}{
		{"xv6", p + 8, "mbuf(" + hexa(p) + ").head"},
		{"xv6", p + 17, "mbuf(" + hexa(p) + ").len+1"},
		{"xv6", p + 20 + 128, "mbuf(" + hexa(p) + ").buf[128]"},
		{"xv6", p + 4000, "page(" + hexa(p) + ")+4000"},
		{"xv6-2024", p + 16, "page(" + hexa(p) + ")+16"},
		{"xv6", sim.RAMBase, ""},
	}
	for _, c := range cases {
		if got := heapName(m, testKit(c.abi), c.addr); got != c.want {
			t.Errorf("heapName(%v, %#x) = %q, want %q", c.abi, c.addr, got, c.want)
		}
	}
}

func hexa(v uint64) string { return fmt.Sprintf("%#x", v) }

package agree

import (
	"strings"
	"testing"
)

// A row is consistent when both sides say the same, when the simulation's
// oracle is one QEMU cannot apply and QEMU fails too, or when both see
// exactly-once delivery broken (lost on one side, twice on the other); a
// pass against a failure, or a panic against a lost packet, is not.
func TestRowConsistent(t *testing.T) {
	for _, c := range []struct {
		sim, qemu string
		want      bool
	}{
		{CommonPass, CommonPass, true},
		{CommonLostPacket, CommonDuplicate, true},
		{CommonDuplicate, CommonLostPacket, true},
		{"sim-only:config-fault", CommonLostPacket, true},
		{"sim-only:config-fault", CommonPass, false},
		{CommonLostPacket, CommonPass, false},
		{CommonFault, CommonLostPacket, false},
		{CommonLostPacket, CommonHang, false},
	} {
		r := &Row{SimCommon: c.sim, QEMUCommon: c.qemu, SameVerdict: c.sim == c.qemu}
		if got := r.Consistent(); got != c.want {
			t.Errorf("sim %s, qemu %s: consistent %v, want %v", c.sim, c.qemu, got, c.want)
		}
	}
}

// The agreement runs every mutant a real guest can build: the driver
// file's mutants of every kernel, not those of a 2024 net.c, which our bare
// riscv guest cannot host (its net.c is its own).
func TestDriversBuildable(t *testing.T) {
	ds, err := Drivers()
	if err != nil {
		t.Fatal(err)
	}
	var xv6Zoo, netc int
	for _, d := range ds {
		switch {
		case strings.Contains(d, "/net-"):
			netc++
		case strings.HasPrefix(d, "zoo:xv6/"):
			xv6Zoo++
		}
	}
	if netc != 0 || xv6Zoo == 0 {
		t.Errorf("agreement drivers: %d net.c mutants (want 0), %d xv6 driver mutants (want some): %v", netc, xv6Zoo, ds)
	}
}

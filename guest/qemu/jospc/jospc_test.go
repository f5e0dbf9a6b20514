package jospc

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nicsim/nicsim/guest/qemu/pc"
)

// needTools fails the test when the guest's tools are missing: they are
// installed by guest/qemu/install.sh, which CI runs.
func needTools(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath(DefaultQEMU); err != nil {
		t.Fatalf("%s not installed (run guest/qemu/install.sh): %v", DefaultQEMU, err)
	}
	if err := pc.Check32(DefaultCC); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, b BuildConfig) *Result {
	t.Helper()
	img, err := Build(b)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), RunConfig{Image: img, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %v in %v (ready after %v)", b.DriverName, res.Verdict, res.Wall.Round(time.Millisecond),
		res.BootWall.Round(time.Millisecond))
	return res
}

// TestReference runs guest/jos's reference driver on QEMU's e1000: the ARP
// exchange both ways and every echo.
func TestReference(t *testing.T) {
	needTools(t)
	res := run(t, BuildConfig{DriverName: "ref:jos"})
	if res.Verdict.Class != Pass {
		t.Fatalf("verdict %v, want pass\n%s", res.Verdict, res.Console)
	}
	if res.AttachRC != 1 {
		t.Errorf("attach returned %d, want 1", res.AttachRC)
	}
	kinds := map[string]int{}
	for _, r := range res.Rx {
		kinds[r.Kind]++
	}
	if kinds["echo"] != 4 || kinds["arp-reply"] == 0 || kinds["arp-request"] == 0 {
		t.Errorf("received %v, want 4 echoes, the gateway's ARP reply and its request for 10.0.2.15\n%s", kinds, res.Console)
	}
	if !strings.Contains(res.Console, "PCI function 00:") || !strings.Contains(res.Console, "(8086:100e) enabled") {
		t.Errorf("no pci_func_enable line\n%s", res.Console)
	}
}

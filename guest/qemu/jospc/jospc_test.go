package jospc

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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

// TestArtifacts: the wire as QEMU saw it and the console are kept.
func TestArtifacts(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	res, err := Run(context.Background(), RunConfig{Build: BuildConfig{DriverName: "ref:jos"}, ArtifactDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	console, err := os.ReadFile(filepath.Join(dir, "console.txt"))
	if err != nil || string(console) != res.Console {
		t.Errorf("console.txt: %v (%d bytes, console %d)", err, len(console), len(res.Console))
	}
	pcap, err := os.ReadFile(res.PcapPath)
	// pcap header (24 bytes), then per frame 16 bytes and the frame, both ways.
	if err != nil || res.PcapPath != filepath.Join(dir, "wire.pcap") || len(pcap) < 24+len(res.Frames)*(16+60) {
		t.Errorf("wire.pcap at %q: %v, %d bytes for %d frames out", res.PcapPath, err, len(pcap), len(res.Frames))
	}
}

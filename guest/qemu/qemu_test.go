package qemu

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// needTools skips the test when QEMU or the cross compiler is missing.
func needTools(tb testing.TB) {
	tb.Helper()
	if err := Available(); err != nil {
		tb.Skipf("[qemu] skipping: %v", err)
	}
}

// build builds the named csrc driver into a guest, failing tb on error.
func build(tb testing.TB, driver string) string {
	tb.Helper()
	elf, err := Build(BuildConfig{DriverName: driver})
	if err != nil {
		tb.Fatal(err)
	}
	return elf
}

// run runs a ping scenario against a built guest and logs the outcome. With
// NICSIM_QEMU_KEEP=dir, each test's pcap and console are kept under dir.
func run(tb testing.TB, elf string, pings int) *Result {
	tb.Helper()
	cfg := RunConfig{ELF: elf, Scenario: Scenario{Pings: pings, Size: 100}}
	if dir := os.Getenv("NICSIM_QEMU_KEEP"); dir != "" {
		cfg.ArtifactDir = filepath.Join(dir, strings.NewReplacer("/", "_").Replace(tb.Name()))
	}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("[qemu] %s: %v (wall %v, boot %v, %d frames out, %d in)", elf, res.Verdict, res.Wall, res.BootWall,
		len(res.Frames), len(res.Injected))
	return res
}

func testName(driver string) string { return strings.NewReplacer(":", "-", "/", "-").Replace(driver) }

func TestRefPing(t *testing.T) {
	needTools(t)
	for _, name := range []string{"ref:xv6", "ref:xv6-2024"} {
		t.Run(testName(name), func(t *testing.T) {
			res := run(t, build(t, name), 20)
			if res.Verdict.Class != Pass {
				t.Fatalf("verdict %v, want pass\nconsole:\n%s", res.Verdict, res.Console)
			}
			if len(res.RxSeqs) != 20 {
				t.Errorf("guest reported %d echoes, want 20", len(res.RxSeqs))
			}
		})
	}
}

func TestARPReentrantPanics(t *testing.T) {
	needTools(t)
	res := run(t, build(t, "zoo:xv6/arp-reentrant"), 20)
	if res.Verdict.Class != Panic || !strings.Contains(res.Verdict.Message, "panic: acquire") {
		t.Fatalf("verdict %v, want panic: acquire\nconsole:\n%s", res.Verdict, res.Console)
	}
	if !strings.Contains(res.Verdict.Message, "e1000_transmit <- net_rx") {
		t.Errorf("message %q lacks the call chain e1000_transmit <- net_rx", res.Verdict.Message)
	}
}

// TestZoo runs mutants that QEMU is said to expose and checks the verdict class.
func TestZoo(t *testing.T) {
	needTools(t)
	zoo := []struct {
		name  string
		class Class
	}{
		{"zoo:xv6/arp-reentrant", Panic},
		{"zoo:xv6-2024/arp-reentrant", Panic},
		{"zoo:xv6/intr-spin", Hang},
		{"zoo:xv6/null-transmit", Panic},
	}
	for _, z := range zoo {
		t.Run(testName(z.name), func(t *testing.T) {
			res := run(t, build(t, z.name), 20)
			if res.Verdict.Class != z.class {
				t.Fatalf("verdict %v, want %s\nconsole:\n%s", res.Verdict, z.class, res.Console)
			}
		})
	}
}

package qemu

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// buildShell builds a guest that poses as an xv6 shell: it prints "$ " before
// each command and echoes console input, which is all RunKernel relies on.
func buildShell(tb testing.TB, driver string) string {
	tb.Helper()
	elf, err := Build(BuildConfig{DriverName: driver, CFlags: []string{"-DNICSIM_PROMPT"}})
	if err != nil {
		tb.Fatal(err)
	}
	return elf
}

// runKernel runs commands on a shell guest with an empty file system image.
func runKernel(tb testing.TB, elf string, cmds ...string) *Result {
	tb.Helper()
	fsimg := filepath.Join(tb.TempDir(), "fs.img")
	if err := os.WriteFile(fsimg, make([]byte, 1<<20), 0o644); err != nil {
		tb.Fatal(err)
	}
	res, err := RunKernel(context.Background(), KernelConfig{Kernel: elf, FS: fsimg, Commands: cmds,
		Quiet: 300e6, Timeout: 10e9, Logf: tb.Logf})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("[qemu] %v (wall %v, prompt after %v)", res.Verdict, res.Wall, res.BootWall)
	return res
}

func TestRunKernel(t *testing.T) {
	needTools(t)
	tests := []struct {
		driver string
		class  Class
		want   string
	}{
		{"ref:xv6", Pass, "2 commands completed"},
		{"zoo:xv6/arp-reentrant", Panic, "panic: acquire"},
		{"zoo:xv6/intr-spin", Hang, "e1000_intr"},
	}
	for _, tt := range tests {
		t.Run(testName(tt.driver), func(t *testing.T) {
			res := runKernel(t, buildShell(t, tt.driver), "ping 5 64", "stat")
			if res.Verdict.Class != tt.class || !strings.Contains(res.Verdict.Message, tt.want) {
				t.Fatalf("verdict %v, want %s containing %q\nconsole:\n%s", res.Verdict, tt.class, tt.want, res.Console)
			}
		})
	}
}

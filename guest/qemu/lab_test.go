package qemu

import (
	"bytes"
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest/xv6"
	"github.com/nicsim/nicsim/guest/xv6/grade"
	"github.com/nicsim/nicsim/stack"
)

// testDNS is the canned answer of slirp's DNS forwarding (agree.LabHost's).
var testDNS = map[string]netip.Addr{grade.DNSName: grade.DNSAddr}

// runLab runs a lab program on the shell guest built with driver (a csrc
// name, or source for abi).
func runLab(t *testing.T, bc BuildConfig, g *grader.Grader) *LabResult {
	t.Helper()
	bc.CFlags = append(bc.CFlags, "-DNICSIM_PROMPT")
	elf, err := Build(bc)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"xv6": "nettests", "xv6-2024": "nettest"}[bc.ABI]
	if got, err := DetectLab(elf); err != nil || got != g.Name || (want != "" && got != want) {
		t.Fatalf("DetectLab = %q, %v; want %s", got, err, g.Name)
	}
	fsimg := filepath.Join(t.TempDir(), "fs.img")
	if err := os.WriteFile(fsimg, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := LabConfig{Grader: g, Kernel: KernelConfig{Kernel: elf, FS: fsimg, Quiet: 300e6, Timeout: 30e9, Stall: 2e9}}
	cfg.Command, _ = LabCommand(g.Name)
	cfg.Command += " 25099"
	cfg.Server = &stack.HostServer{Port: 25099, DNS: testDNS}
	if g.Name == "nettests" {
		cfg.Server.Reply = []byte("this is the host!")
	} else {
		cfg.Server.Quiet = [][]byte{[]byte("txone")}
		cfg.HostLines = func(ps [][]byte) []string {
			for _, p := range ps {
				if bytes.Equal(p, []byte("txone")) {
					return []string{"txone: OK"}
				}
			}
			return nil
		}
	}
	lr, err := RunLab(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	grader.Format(&b, lr.Results, "  ")
	t.Logf("%v (wall %v, %d frames)\n%s", lr.Run.Verdict, lr.Run.Wall, len(lr.Run.Frames), b.String())
	return lr
}

func score(lr *LabResult) (failed []string, points int) {
	for _, r := range lr.Results {
		if !r.Passed {
			failed = append(failed, r.Name)
		}
	}
	points, _ = grader.Score(lr.Results)
	return failed, points
}

// TestRunLab runs the labs' programs on nicsim's guest under QEMU: the
// reference drivers get every point; a driver that never sets RS finds
// its TX ring full after one lap (16 frames) and loses every test after
// the first ping (a failure that does not depend on QEMU's timing, unlike
// one-per-intr's, tagged "qemu: sometimes"); a 2024 driver that never
// frees sent buffers loses only the free check.
func TestRunLab(t *testing.T) {
	needTools(t)
	leak := txLeak2024(t)
	tests := []struct {
		name   string
		bc     BuildConfig
		g      *grader.Grader
		failed string
		points int
	}{
		{"ref-xv6", BuildConfig{DriverName: "ref:xv6"}, grade.Nettests, "", 99},
		{"ref-xv6-2024", BuildConfig{DriverName: "ref:xv6-2024"}, grade.Nettest, "", 170},
		{"no-rs", BuildConfig{DriverName: "zoo:xv6/no-rs"}, grade.Nettests, "single-process pings,multi-process pings,DNS", 40},
		{"tx-leak-2024", BuildConfig{ABI: "xv6-2024", Driver: leak}, grade.Nettest, "free", 160},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := runLab(t, tt.bc, tt.g)
			failed, points := score(lr)
			if strings.Join(failed, ",") != tt.failed || points != tt.points {
				t.Fatalf("failed %q with %d points, want %q with %d\nconsole:\n%s", failed, points, tt.failed, tt.points, lr.Console)
			}
		})
	}
}

// txLeak2024 is the 2024 reference driver with its sent buffers never freed.
func txLeak2024(t *testing.T) []byte {
	src, err := xv6.Driver("ref:xv6-2024")
	if err != nil {
		t.Fatal(err)
	}
	free := "  if (tx_bufs[slot])\n    kfree(tx_bufs[slot]); /* DD: the device is done with it */\n"
	if !bytes.Contains(src, []byte(free)) {
		t.Fatal("ref:xv6-2024 no longer frees sent buffers where this test expects")
	}
	return bytes.Replace(src, []byte(free), nil, 1)
}

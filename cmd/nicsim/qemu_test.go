package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/internal/labvariant"
)

func needQEMU(t *testing.T) {
	t.Helper()
	if err := qemu.Available(); err != nil {
		t.Skipf("[qemu] skipping: %v", err)
	}
}

func lastQEMUJSON(t *testing.T, out string) qemuSummary {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var s qemuSummary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out)
	}
	return s
}

// The ARP re-entrancy found in simulation replays under QEMU to the guest's
// "panic: acquire", within a small wall time.
func TestReplayQEMUARPReentrant(t *testing.T) {
	needQEMU(t)
	dir := t.TempDir()
	code, out, errs := runProc(t, "hunt", "--driver", "zoo:xv6/arp-reentrant", "--out", dir, "--json")
	if code != exitFail {
		t.Fatalf("hunt: exit %d, want 1\n%s%s", code, out, errs)
	}
	file := lastJSON(t, out).Replay
	// The first replay may build the guest (cached by content afterwards).
	if code, out, errs := runProc(t, "replay", file, "--qemu"); code != exitFail {
		t.Fatalf("replay --qemu: exit %d, want 1\n%s%s", code, out, errs)
	}
	start := time.Now()
	code, out, errs = runProc(t, "replay", file, "--qemu", "--json")
	cmdWall := time.Since(start)
	if code != exitFail {
		t.Fatalf("replay --qemu: exit %d, want 1\n%s%s", code, out, errs)
	}
	s := lastQEMUJSON(t, out)
	if s.Class != "panic" || !strings.Contains(s.Message, "panic: acquire") || s.Recorded != "lock-reentry" ||
		s.Agree == nil || !*s.Agree {
		t.Fatalf("summary %+v, want a panic: acquire that agrees with the recorded lock-reentry\n%s", s, out)
	}
	for _, want := range []string{"recorded in simulation: lock-reentry", "QEMU FAIL panic: panic: acquire", "AGREE", "e1000_transmit"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(s.Pcap); err != nil {
		t.Errorf("no pcap: %v", err)
	}
	wall := time.Duration(s.ElapsedS * float64(time.Second))
	t.Logf("QEMU replay wall %v (the whole command, with the simulated replay and the cached build, %v); simulated replay %v; ratio %.0fx",
		wall.Round(time.Microsecond), cmdWall.Round(time.Microsecond),
		time.Duration(s.SimElapsedS*float64(time.Second)).Round(time.Microsecond), s.ElapsedS/s.SimElapsedS)
	// The 0.5 s target is measured by BenchmarkReplayQEMUvsSim, not asserted here.
}

// The reference drivers pass the ping scenario under QEMU, bursting and in
// lockstep.
func TestQEMURefPasses(t *testing.T) {
	needQEMU(t)
	dir := t.TempDir()
	for _, driver := range []string{"ref:xv6", "ref:xv6-2024"} {
		for _, extra := range [][]string{nil, {"--lockstep"}} {
			args := append([]string{"qemu", "--driver", driver, "--out", dir, "--json"}, extra...)
			code, out, errs := runCLI(t, args...)
			if code != exitOK {
				t.Fatalf("%q: exit %d, want 0\n%s%s", args, code, out, errs)
			}
			s := lastQEMUJSON(t, out)
			if s.Verdict != "pass" || s.Common != "pass" || s.Frames < 64 {
				t.Fatalf("%q: summary %+v", args, s)
			}
			if fi, err := os.Stat(s.Pcap); err != nil || fi.Size() == 0 {
				t.Errorf("%q: pcap %s: %v", args, s.Pcap, err)
			}
			t.Logf("%s %v: pass in %.1f ms", driver, extra, s.ElapsedS*1e3)
		}
	}
}

// A hang names the hart's pc; a whole kernel (our guest posing as an xv6
// shell) runs with --kernel and --fs, typing commands at the prompt.
func TestQEMUHangAndKernel(t *testing.T) {
	needQEMU(t)
	dir := t.TempDir()
	code, out, errs := runProc(t, "qemu", "--driver", "zoo:xv6/intr-spin", "--packets", "5", "--out", dir)
	if code != exitFail || !strings.Contains(out, "QEMU FAIL hang") || !strings.Contains(out, "hart 0 at e1000_intr") {
		t.Fatalf("intr-spin: exit %d\n%s%s", code, out, errs)
	}
	fsimg := filepath.Join(dir, "fs.img")
	if err := os.WriteFile(fsimg, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		driver string
		code   int
		want   string
	}{
		{"ref:xv6", exitOK, "QEMU PASS: 2 commands completed"},
		{"zoo:xv6/arp-reentrant", exitFail, "panic: acquire"},
	} {
		elf, err := qemu.Build(qemu.BuildConfig{DriverName: c.driver, CFlags: []string{"-DNICSIM_PROMPT"}})
		if err != nil {
			t.Fatal(err)
		}
		code, out, errs := runProc(t, "qemu", "--kernel", elf, "--fs", fsimg, "--cmd", "ping 5 64", "--cmd", "stat", "--out", dir, "--json")
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("kernel with %s: exit %d, want %d and %q\n%s%s", c.driver, code, c.code, c.want, out, errs)
		}
	}
}

func TestAgreeCLI(t *testing.T) {
	needQEMU(t)
	code, out, errs := runProc(t, "agree", "--driver", "ref:xv6", "--driver", "zoo:xv6/arp-reentrant", "--driver", "zoo:xv6/null-transmit", "--json")
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s%s", code, out, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var doc agreeJSON
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &doc); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out)
	}
	if doc.Total != 3 || doc.Same != 3 || doc.Percent != 100 || doc.Verdict != "pass" {
		t.Fatalf("summary %+v\n%s", doc, out)
	}
	for _, want := range []string{"SAME VERDICT", "panic:acquire [lock-reentry", "panic:fault [panic]", "same verdict 3/3 (100%)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestQEMUBadUsageExit2(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.replay")
	body := "nicsim replay v1\ndriver: model:xv6\ndevice: e1000\npersonality: qemu\nscenario: ping\nseed: 1\ndecisions: 1\nd a1/3\nend\n"
	if err := os.WriteFile(model, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"qemu", "--driver", "model:xv6"},
		{"qemu", "--driver", "/no/such/e1000.c"},
		{"qemu", "--scenario", "storm"},
		{"qemu", "--kernel", "kernel"},
		{"qemu", "--kernel", filepath.Join(dir, "nokernel"), "--fs", filepath.Join(dir, "nofs")},
		{"qemu", "extra"},
		{"agree", "--driver", "model:xv6"},
		{"agree", "--packets", "0"},
		{"replay", model, "--qemu"},
	} {
		if code, out, errs := runCLI(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want 2\n%s%s", args, code, out, errs)
		}
	}
}

// Without QEMU on $PATH, the commands say so and exit 2.
func TestQEMUMissingExit2(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, args := range [][]string{{"qemu"}, {"agree"}} {
		code, _, errs := runCLI(t, args...)
		if code != exitUsage || !strings.Contains(errs, "install.sh") {
			t.Errorf("%q: exit %d, stderr %q, want 2 and a pointer to install.sh", args, code, errs)
		}
	}
}

// An eth finding replays on the kernel's own real guest (the i386 pc
// guest): the id-0 callback found in simulation is the guest's wrong
// callback under QEMU.
func TestReplayQEMUEth(t *testing.T) {
	needQEMU(t)
	dir := t.TempDir()
	code, out, errs := runCLI(t, "hunt", "--driver", "zoo:eth/id0-reported", "--packets", "2", "--out", dir, "--json")
	if code != exitFail {
		t.Fatalf("hunt: exit %d, want 1\n%s%s", code, out, errs)
	}
	file := lastJSON(t, out).Replay
	code, out, errs = runCLI(t, "replay", file, "--qemu")
	if code != exitFail || !strings.Contains(out, "AGREE: simulation wrong-callback, QEMU wrong-callback") {
		t.Fatalf("replay --qemu: exit %d, want 1 and agreement\n%s%s", code, out, errs)
	}
}

// nicsim qemu runs an eth driver given as files on the kernel's real guest.
func TestQEMUEthFiles(t *testing.T) {
	needQEMU(t)
	code, out, errs := runCLI(t, "qemu", "--driver", "../../guest/eth/drivers/ref/eth.c", "--driver", "../../guest/eth/drivers/ref/pci.c",
		"--packets", "2", "--out", t.TempDir())
	if code != exitOK || !strings.Contains(out, "abi=eth") || !strings.Contains(out, "QEMU: pass") {
		t.Fatalf("qemu: exit %d, want 0 and a pass on the eth guest\n%s%s", code, out, errs)
	}
}

// The lab's own program, graded: --kernel (our guest posing as an xv6
// shell, its lab detected from its symbols) gets every point; a grader
// scenario on the bare guest with a driver that takes one received frame
// per interrupt loses the multi-process pings and DNS; --json carries the
// subtests and points.
func TestQEMULab(t *testing.T) {
	needQEMU(t)
	dir := t.TempDir()
	fsimg := filepath.Join(dir, "fs.img")
	if err := os.WriteFile(fsimg, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	elf, err := qemu.Build(qemu.BuildConfig{DriverName: "ref:xv6-2024", CFlags: []string{"-DNICSIM_PROMPT"}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(code, wantCode int, out, errs string, points, max int, want ...string) {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(out), "\n")
		var doc labSummary
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &doc); err != nil {
			t.Fatalf("last line is not JSON: %v\n%s%s", err, out, errs)
		}
		if code != wantCode || doc.Points != points || doc.Max != max {
			t.Fatalf("exit %d, %d/%d points; want exit %d, %d/%d\n%s%s", code, doc.Points, doc.Max, wantCode, points, max, out, errs)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("output lacks %q\n%s", w, out)
			}
		}
	}
	code, out, errs := runProc(t, "qemu", "--kernel", elf, "--fs", fsimg, "--port", "25099", "--out", dir, "--json")
	check(code, exitOK, out, errs, 170, 170, "grader from the kernel's symbols", "typing \"nettest grade\"",
		"  txone: OK (20/20)\n", "  ping3: OK (30/30)\n", "  Score: 170/170\n")
	code, out, errs = runProc(t, "qemu", "--driver", "zoo:xv6/no-rs", "--scenario", "nettests", "--out", dir, "--json")
	check(code, exitFail, out, errs, 40, 99, "  single-process pings: FAIL (0/20)\n", "  DNS: FAIL (0/19)\n", "  Score: 40/99\n")
	code, _, errs = runProc(t, "qemu", "--kernel", elf, "--fs", fsimg, "--grade", "nope")
	if code != exitUsage || !strings.Contains(errs, "no lab grader \"nope\"") {
		t.Errorf("--grade nope: exit %d\n%s", code, errs)
	}
}

func TestAgreeGradeCLI(t *testing.T) {
	needQEMU(t)
	code, out, errs := runProc(t, "agree", "--scenario", "nettest", "--seeds", "4", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var doc agreeGradeJSON
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &doc); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s%s", err, out, errs)
	}
	if code != exitOK || doc.Total != 1 || doc.Agree != 1 || doc.Rows[0].SimPoints != 170 || doc.Rows[0].QEMUPoints != 170 {
		t.Fatalf("exit %d, %+v\n%s%s", code, doc, out, errs)
	}
	if !strings.Contains(out, "Score: simulation 170/170, QEMU 170/170: AGREE") {
		t.Errorf("no score line\n%s", out)
	}
	// A whole kernel (our guest posing as one, built with no-rs, whose
	// failure under QEMU does not depend on timing: the TX ring is full
	// after one lap, "qemu: yes" in its mutant file):
	// graded with the driver it was built with, both sides lose the same
	// subtests; with another driver, they do not agree.
	dir := t.TempDir()
	fsimg := filepath.Join(dir, "fs.img")
	if err := os.WriteFile(fsimg, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	elf, err := qemu.Build(qemu.BuildConfig{DriverName: "zoo:xv6/no-rs", CFlags: []string{"-DNICSIM_PROMPT"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		driver string
		code   int
		want   string
	}{
		{"zoo:xv6/no-rs", exitOK, "Score: simulation 40/99, QEMU 40/99: AGREE"},
		{"ref:xv6", exitFail, "Score: simulation 99/99, QEMU 40/99: DISAGREE"},
	} {
		code, out, errs := runProc(t, "agree", "--driver", c.driver, "--kernel", elf, "--fs", fsimg, "--port", "25099", "--seeds", "4")
		if code != c.code || !strings.Contains(out, c.want) || !strings.Contains(out, "QEMU: the kernel "+elf) {
			t.Errorf("agree --kernel with %s: exit %d, want %d and %q\n%s%s", c.driver, code, c.code, c.want, out, errs)
		}
	}
}

// JOS drivers run on their kernel's real guest (the i386 JOS guest):
// nicsim qemu, replay --qemu of a hunt's finding, and agree.
func TestQEMUJOS(t *testing.T) {
	needQEMU(t)
	dir := t.TempDir()
	code, out, errs := runProc(t, "qemu", "--driver", "ref:jos", "--packets", "3", "--out", dir, "--json")
	if code != exitOK || !strings.Contains(out, "abi=jos") || !strings.Contains(out, "ARP reply and 3 echoes") {
		t.Fatalf("ref:jos: exit %d\n%s%s", code, out, errs)
	}
	// A lone student driver whose <inc/error.h> is in the lab above kern/.
	student := filepath.Join("..", "..", "guest", "jos", "testdata", "student", "kern", "e1000.c")
	code, out, errs = runProc(t, "qemu", "--driver", student, "--abi", "jos", "--packets", "3", "--out", dir)
	if code != exitOK || !strings.Contains(out, "ARP reply and 3 echoes") {
		t.Fatalf("%s: exit %d\n%s%s", student, code, out, errs)
	}
	code, out, errs = runProc(t, "hunt", "--driver", "zoo:jos/no-secrc", "--seeds", "4", "--out", dir)
	if code != exitFail {
		t.Fatalf("hunt no-secrc: exit %d\n%s%s", code, out, errs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.replay"))
	if len(files) == 0 {
		t.Fatalf("no replay file in %s\n%s", dir, out)
	}
	code, out, errs = runProc(t, "replay", files[0], "--qemu")
	if code != exitFail || !strings.Contains(out, "AGREE: simulation corrupt-frame, QEMU corrupt-frame") {
		t.Fatalf("replay --qemu %s: exit %d\n%s%s", files[0], code, out, errs)
	}
	code, out, errs = runProc(t, "agree", "--driver", "ref:jos", "--driver", "zoo:jos/no-secrc", "--seeds", "10", "--json")
	if code != exitOK || !strings.Contains(out, "rows agreeing 2/2") {
		t.Fatalf("agree: exit %d\n%s%s", code, out, errs)
	}
}

// A finding in a reproduced real JOS tree (guest/jos/testdata/reallab/b:
// rings in pages, E1000_REG) replays on the i386 guest, and a simulation
// oracle QEMU lacks agrees with the effect QEMU shows: TDBAL set to the
// ring's kernel virtual address is a dma-fault in simulation, and under
// QEMU nothing reaches the wire.
func TestQEMUJOSRealTree(t *testing.T) {
	needQEMU(t)
	dir := t.TempDir()
	lab := copyRealLab(t, "b", "kern/e1000.c",
		"E1000_REG(E1000_TDBAL) = PADDR(tx_ring);", "E1000_REG(E1000_TDBAL) = (uint32_t)tx_ring;")
	out := filepath.Join(dir, "out")
	code, stdout, errs := runProc(t, "hunt", "--driver", lab, "--scenario", "ping", "--seeds", "2", "--out", out)
	if code != exitFail || !strings.Contains(stdout, "dma-fault: TDBAL") {
		t.Fatalf("hunt: exit %d\n%s%s", code, stdout, errs)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.replay"))
	if len(files) != 1 {
		t.Fatalf("%d replay files in %s\n%s", len(files), out, stdout)
	}
	code, stdout, errs = runProc(t, "replay", files[0], "--qemu")
	if code != exitFail || !strings.Contains(stdout, "AGREE: simulation sim-only:dma-fault, QEMU lost-packet (QEMU has no dma-fault oracle") {
		t.Fatalf("replay --qemu %s: exit %d\n%s%s", files[0], code, stdout, errs)
	}
}

// copyRealLab copies guest/jos/testdata/reallab/<name> into a temporary
// folder with old replaced by new in the lab file file.
func copyRealLab(t *testing.T, name, file, old, new string) string {
	t.Helper()
	return labvariant.Copy(t, filepath.Join("..", "..", "guest", "jos", "testdata", "reallab", name), labvariant.Edit{File: file, Old: old, New: new})
}

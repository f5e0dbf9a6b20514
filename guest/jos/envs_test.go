package jos

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The model's skeleton numbers are inc/syscall.h's, in order.
func TestSkeletonNumbers(t *testing.T) {
	if len(sysNames) != len(SkeletonSyscalls) {
		t.Fatalf("%d skeleton calls in the model, %d in the skeleton", len(sysNames), len(SkeletonSyscalls))
	}
	for i, n := range SkeletonSyscalls {
		if "sys_"+strings.TrimPrefix(n, "SYS_") != sysNames[i] {
			t.Errorf("call %d: model %s, skeleton %s", i, sysNames[i], n)
		}
	}
	hdr, err := FS.ReadFile(IncludeDir + "/inc/syscall.h")
	if err != nil {
		t.Fatal(err)
	}
	nums, err := SyscallNumbers(hdr)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		num  int
	}{{"SYS_yield", sysYield}, {"SYS_page_alloc", sysPageAlloc}, {"SYS_ipc_try_send", sysIPCTrySend},
		{"SYS_ipc_recv", sysIPCRecv}, {"SYS_time_msec", sysTimeMsec}} {
		if nums[c.name] != c.num {
			t.Errorf("%s = %d in inc/syscall.h, %d in the model", c.name, nums[c.name], c.num)
		}
	}
}

// A lab folder gives its driver, system calls and environments by lab
// path; the user side is built as such, kern/pci.c is read, not linked; a
// lab without one of the files the environments need is an error naming it.
func TestTree(t *testing.T) {
	main, files, ok, err := Tree("testdata/handlab")
	if err != nil || !ok || main != "kern/e1000.c" {
		t.Fatalf("Tree(handlab) = %q, ok %v, %v", main, ok, err)
	}
	for _, p := range []string{"kern/e1000.c", "kern/syscall.c", "lib/syscall.c", "net/input.c", "net/output.c", "inc/syscall.h", "kern/pci.c"} {
		if _, ok := files[p]; !ok {
			t.Errorf("Tree(handlab) lacks %s", p)
		}
	}
	if net := labOf(mapValues(files)); len(net) != 2 || net[0].Name != "SYS_net_transmit" || net[1].Role != RoleReceive {
		t.Errorf("labOf(handlab) = %+v, want SYS_net_transmit and SYS_net_receive", net)
	}
	for p, want := range map[string]bool{"net/input.c": true, "lib/syscall.c": true, "kern/syscall.c": false, "kern/e1000.c": false} {
		if IsUserFile(p) != want {
			t.Errorf("IsUserFile(%s) = %v", p, !want)
		}
	}
	if _, ok := compileFile("kern/pci.c"); ok {
		t.Error("kern/pci.c is compiled")
	}
	if _, _, ok, _ := Tree("testdata"); ok {
		t.Error("testdata is a lab folder")
	}
	dir := t.TempDir()
	for p, b := range files {
		if p == "lib/syscall.c" {
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, ok, err := Tree(dir); !ok || err == nil || !strings.Contains(err.Error(), "lib/syscall.c") {
		t.Errorf("Tree(lab without lib/syscall.c): ok %v, %v; want an error naming it", ok, err)
	}
}

func mapValues(m map[string][]byte) [][]byte {
	var out [][]byte
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

// Nicsim's own environments for a driver given alone name their calls and
// errors apart from whatever the student's headers call theirs.
func TestLoneFiles(t *testing.T) {
	fs := loneFiles()
	for _, p := range []string{"kern/syscall.c", "lib/syscall.c", "net/input.c", "net/output.c"} {
		b, ok := fs[p]
		if !ok {
			t.Fatalf("no %s", p)
		}
		src := string(b)
		for _, name := range []string{"sys_net_try_send(", "SYS_net_try_recv", " E_TX_FULL", "-E_RX_EMPTY"} {
			if strings.Contains(src, name) {
				t.Errorf("%s still uses %s", p, strings.TrimSpace(name))
			}
		}
	}
}

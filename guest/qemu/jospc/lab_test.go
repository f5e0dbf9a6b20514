package jospc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadLab(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"kern/e1000.c": "c", "kern/e1000.h": "h", "kern/pci.c": "pci", "kern/init.c": "init",
		"inc/error.h": "err", "inc/sub/x.h": "x", "net/input.c": "in", "GNUmakefile": "mk",
	})
	lab, err := LoadLab(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p := range lab {
		got = append(got, p)
	}
	want := "inc/error.h inc/sub/x.h kern/e1000.c kern/e1000.h kern/pci.c"
	if strings.Join(sorted(got), " ") != want {
		t.Errorf("LoadLab(folder) = %v, want %s", sorted(got), want)
	}
	lab, err = LoadLab(filepath.Join(dir, "kern", "e1000.c"))
	if err != nil || len(lab) != 2 || string(lab["kern/e1000.c"]) != "c" || string(lab["kern/e1000.h"]) != "h" {
		t.Errorf("LoadLab(file) = %v, %v", lab, err)
	}
	if _, err := LoadLab(filepath.Join(dir, "net")); err == nil || !strings.Contains(err.Error(), "no JOS lab folder") {
		t.Errorf("LoadLab(folder without kern/e1000.c): %v", err)
	}
	if _, err := LoadLab(filepath.Join(dir, "missing")); err == nil {
		t.Error("LoadLab(missing path): no error")
	}
}

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// TestBuildErrors: bad input gets an error saying what and where.
func TestBuildErrors(t *testing.T) {
	needTools(t)
	for _, c := range []struct {
		cfg  BuildConfig
		says string
	}{
		{BuildConfig{}, "needs Lab or DriverName"},
		{BuildConfig{DriverName: "zoo:jos/nope"}, "nope"},
		{BuildConfig{Lab: map[string][]byte{"kern/e1000.h": nil}}, "no kern/e1000.c"},
		{BuildConfig{Lab: map[string][]byte{"kern/e1000.c": {}, "../x.h": {}}}, "relative path inside the lab"},
		{BuildConfig{Lab: map[string][]byte{"kern/e1000.c": []byte("int f(void) { return x; }\n")}},
			"kern/e1000.c:1:22: error: 'x' undeclared"},
		{BuildConfig{Lab: map[string][]byte{"kern/e1000.c": []byte("int f(void) { return 0; }\n")}},
			"0 functions of kern/e1000.c look like the attach function"},
		{BuildConfig{DriverName: "ref:jos", RXLen: 10}, "RXLen 10"},
		{BuildConfig{Lab: map[string][]byte{"kern/e1000.c": []byte("#include <kern/env.h>\n#include <kern/pci.h>\n" +
			"int a(struct pci_func *f) { return 0; }\nint tx(void *b, int n) { return 0; }\n" +
			"int rx(void *b, int n) { env_run(curenv); return 0; }\n")}},
			"the driver calls env_run, which the JOS guest does not provide"},
	} {
		_, err := Build(c.cfg)
		if err == nil || !strings.Contains(strings.NewReplacer("‘", "'", "’", "'").Replace(err.Error()), c.says) {
			t.Errorf("Build(%+v): error %v, want one saying %q", c.cfg, err, c.says)
		}
	}
	// The kernel services a real lab's driver references link (kernel.c):
	// time_msec for a delay, sched_yield on a path the guest never takes.
	lab := map[string][]byte{"kern/e1000.c": []byte("#include <kern/sched.h>\n#include <kern/time.h>\n#include <kern/pci.h>\n" +
		"int a(struct pci_func *f) { unsigned t = time_msec(); while (time_msec() - t < 20) ; return 0; }\n" +
		"int tx(void *b, int n) { return 0; }\nint rx(void *b, int n) { if (n < 0) sched_yield(); return 0; }\n")}
	if _, err := Build(BuildConfig{Lab: lab}); err != nil {
		t.Errorf("a driver calling time_msec and sched_yield: %v", err)
	}
}

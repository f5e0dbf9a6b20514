package eth

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestDriversCompile compiles each reference driver as plain C99 for i386
// with every warning an error, against the kernel headers only.
func TestDriversCompile(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Fatalf("gcc not installed: %v", err)
	}
	inc := filepath.Join(t.TempDir(), "include")
	writeTree(t, "include", inc)
	for _, name := range Drivers {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			files, err := DriverFiles(name)
			if err != nil {
				t.Fatal(err)
			}
			for base, data := range files {
				if err := os.WriteFile(filepath.Join(dir, base), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, src := range []string{"eth.c", "pci.c"} {
				cmd := exec.Command("gcc", "-m32", "-std=c99", "-pedantic", "-ffreestanding", "-Wall", "-Wextra",
					"-Werror", "-O2", "-I", inc, "-c", src, "-o", src+".o")
				cmd.Dir = dir
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("%s/%s: %v\n%s", name, src, err, out)
				}
			}
		})
	}
}

// writeTree copies the directory root of FS to dst.
func writeTree(t *testing.T, root, dst string) {
	t.Helper()
	entries, err := FS.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := FS.ReadFile(root + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

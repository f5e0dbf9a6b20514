package jos

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInt30Trampoline builds a lab's lib/syscall.c for the x86-64 host
// with hosted/int30.h forced in and links it with hosted/rt_jos_trap.c and
// a recording trap: every wrapper reaches the trap with its number and
// arguments, and its registers survive it. No int instruction is left.
func TestInt30Trampoline(t *testing.T) {
	for name, lab := range map[string]string{"handlab": "testdata/handlab", "ref": ""} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			labDir := lab
			if lab == "" {
				if err := WriteTree(dir, "ref:jos"); err != nil {
					t.Fatal(err)
				}
				labDir = filepath.Join(dir, "lab")
			}
			obj := filepath.Join(dir, "syscall.o")
			args := []string{"-O1", "-fno-builtin", "-std=gnu99", "-mno-red-zone", "-nostdinc",
				"-Wno-pointer-to-int-cast", "-Wno-int-to-pointer-cast",
				"-include", "hosted/int30.h", "-DJOS_USER", "-I", labDir, "-I", "include",
				"-c", filepath.Join(labDir, "lib/syscall.c"), "-o", obj}
			if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
				t.Fatalf("gcc: %v\n%s", err, out)
			}
			dis, err := exec.Command("objdump", "-dr", obj).CombinedOutput()
			if err != nil {
				t.Fatalf("objdump: %v\n%s", err, dis)
			}
			if strings.Contains(string(dis), "\tint ") || !strings.Contains(string(dis), "nicsim_jos_int30") {
				t.Fatalf("lib/syscall.c still traps, or never calls the trampoline:\n%s", dis)
			}
			bin := filepath.Join(dir, "t")
			out, err := exec.Command("gcc", "-O1", "-o", bin, obj, "hosted/rt_jos_trap.c", "testdata/int30_main.c").CombinedOutput()
			if err != nil {
				t.Fatalf("link: %v\n%s", err, out)
			}
			out, err = exec.Command(bin).CombinedOutput()
			if err != nil || !strings.HasPrefix(string(out), "ok") {
				t.Fatalf("run: %v\n%s", err, out)
			}
		})
	}
}

// TestInt30OtherVector: an int of another vector does not assemble, and
// the error names it.
func TestInt30OtherVector(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "x.c")
	if err := os.WriteFile(src, []byte("void f(void) { asm volatile(\"int $3\"); }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("gcc", "-include", "hosted/int30.h", "-c", src, "-o", filepath.Join(dir, "x.o")).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "not JOS's system call trap") {
		t.Fatalf("err %v\n%s", err, out)
	}
}

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A run nicsim cannot go on with (the student's system call calls
// print_trapframe, which nicsim's JOS model does not provide) is reported
// apart from the driver's bugs: the lab tier passes, and the finding is
// listed as nicsim's.
func TestHuntReportsNicsimFaultApart(t *testing.T) {
	dir := t.TempDir()
	lab := copyRealLab(t, "a", filepath.Join(dir, "lab"), "kern/syscall.c",
		"\tuser_mem_assert(curenv, buf, len, PTE_U);\n\treturn e1000_transmit(buf, len);",
		"\tuser_mem_assert(curenv, buf, len, PTE_U);\n\tprint_trapframe(&curenv->env_tf);\n\treturn e1000_transmit(buf, len);")
	_, out, errs := runProc(t, "hunt", "--driver", lab, "--scenario", "testoutput", "--seeds", "2", "--out", filepath.Join(dir, "out"))
	for _, want := range []string{
		"[nicsim] lab (QEMU, make grade): pass",
		"[nicsim] nicsim could not run the driver (not a driver bug): 1",
		"kern/syscall.c calls print_trapframe, which nicsim's kernel model does not provide",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("hunt output lacks %q\n%s%s", want, out, errs)
		}
	}
}

package main

import (
	"encoding/json"
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
	lab := copyRealLab(t, "a", "kern/syscall.c",
		"\tuser_mem_assert(curenv, buf, len, PTE_U);\n\treturn e1000_transmit(buf, len);",
		"\tuser_mem_assert(curenv, buf, len, PTE_U);\n\tprint_trapframe(&curenv->env_tf);\n\treturn e1000_transmit(buf, len);")
	code, out, errs := runProc(t, "hunt", "--driver", lab, "--scenario", "testoutput", "--seeds", "2", "--out", filepath.Join(dir, "out"), "--json")
	// Not a verdict on the driver: exit 2 and verdict error, tier "nicsim",
	// no tier counts it.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var s huntSummary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s%s", err, out, errs)
	}
	if code != exitUsage || s.Verdict != "error" || s.Unsupported != 1 || s.Tiers != (tierCounts{}) ||
		len(s.Findings) != 1 || s.Findings[0].Tier != "nicsim" || !strings.Contains(s.Error, "print_trapframe") {
		t.Errorf("exit %d, verdict %s, error %q, unsupported %d, tiers %+v; want 2, error naming print_trapframe, 1, none\n%s%s",
			code, s.Verdict, s.Error, s.Unsupported, s.Tiers, out, errs)
	}
	for _, want := range []string{
		"[nicsim] lab (QEMU, make grade): no driver bug where nicsim could run the driver (not a pass: see below)",
		"[nicsim] nicsim could not run the driver (not a driver bug): 1",
		"kern/syscall.c calls print_trapframe, which nicsim's kernel model does not provide",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("hunt output lacks %q\n%s%s", want, out, errs)
		}
	}
}

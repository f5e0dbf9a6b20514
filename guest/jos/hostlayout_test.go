package jos

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// hostLayoutC measures, as symbol sizes, the x86-64 layout of the kernel
// structs the hosted runtime shares with a student's files.
const hostLayoutC = `#include <inc/env.h>
#include <inc/memlayout.h>
#include <kern/cpu.h>
#define AT(name, v) char name[(v) + 1]
AT(env_size, sizeof(struct Env));
AT(env_id, __builtin_offsetof(struct Env, env_id));
AT(env_status, __builtin_offsetof(struct Env, env_status));
AT(env_pgdir, __builtin_offsetof(struct Env, env_pgdir));
AT(env_ipc_value, __builtin_offsetof(struct Env, env_ipc_value));
AT(env_ipc_perm, __builtin_offsetof(struct Env, env_ipc_perm));
AT(tf_eax, __builtin_offsetof(struct Env, env_tf.tf_regs.reg_eax));
AT(cpu_env, __builtin_offsetof(struct CpuInfo, cpu_env));
AT(page_size, sizeof(struct PageInfo));
`

// hostLayout compiles hostLayoutC for the hosted build (x86-64, the
// kit's flags) with the include directories incs and returns the
// measurements by name.
func hostLayout(t *testing.T, incs ...string) map[string]uint64 {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "layout.c")
	if err := os.WriteFile(src, []byte(hostLayoutC), 0o644); err != nil {
		t.Fatal(err)
	}
	var args []string
	for i := 0; i < len(hostedFlags); i++ {
		if hostedFlags[i] == "-include" { // nicsim/x86host.h: asm macros only
			i++
			continue
		}
		args = append(args, hostedFlags[i])
	}
	for _, d := range incs {
		args = append(args, "-I", d)
	}
	obj := filepath.Join(dir, "layout.o")
	if out, err := exec.Command("gcc", append(args, "-c", src, "-o", obj)...).CombinedOutput(); err != nil {
		t.Fatalf("gcc %v: %v\n%s", incs, err, out)
	}
	f, err := elf.Open(obj)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]uint64{}
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) == elf.STT_OBJECT {
			out[s.Name] = s.Size - 1
		}
	}
	return out
}

// The hosted runtime (compiled against the stand-in headers) and a real
// lab's files (its own inc/types.h: uintptr_t is uint32_t) agree on struct
// Env, struct CpuInfo and struct PageInfo in the x86-64 build: the runtime
// writes env_status, env_id and the IPC fields the student's code reads.
// The stand-ins' struct Trapframe held tf_eip and tf_esp as a 64-bit
// uintptr_t, which moved env_status 8 bytes.
func TestHostedLayoutAgreesWithRealLab(t *testing.T) {
	ours := hostLayout(t, "include")
	for _, lab := range []string{"a", "b"} {
		theirs := hostLayout(t, filepath.Join("testdata", "reallab", lab), "include")
		for name, v := range ours {
			if theirs[name] != v {
				t.Errorf("reallab/%s: %s = %d with its headers, %d with nicsim's", lab, name, theirs[name], v)
			}
		}
	}
	if len(ours) != 9 {
		t.Errorf("%d measurements, want 9", len(ours))
	}
}

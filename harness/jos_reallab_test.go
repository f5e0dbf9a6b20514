package harness

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/internal/labvariant"
	"github.com/nicsim/nicsim/sim"
)

// reallab holds two reproduced complete JOS lab 6 trees
// (guest/jos/testdata/reallab): a/ the common student style, b/ another
// (E1000_REG over a byte pointer, quoted includes of kern/ headers, rings
// in pages, sys_pkt_send and sys_pkt_recv(buf, &len), an input environment
// cycling through eight pages), and variants/<lab>-<bug>.mutant, one bug
// each.
const reallab = "../guest/jos/testdata/reallab"

// The real trees build, with their full headers (inc/x86.h's i386 asm,
// kern/spinlock.h, kern/env.h's curenv), and a correct lab has no lab
// finding: every grader scenario and ping pass under QEMU's device
// without faults.
func TestJOSRealLabsPass(t *testing.T) {
	for _, lab := range []string{"a", "b"} {
		for _, sc := range []string{"testoutput", "testinput", "ping"} {
			c := Config{Driver: filepath.Join(reallab, lab), Scenario: sc, Seed: 1}
			c.Defaults()
			tg, err := Open(&c)
			if err != nil {
				t.Fatalf("%s: %v", lab, err)
			}
			res, err := (&Hunt{Base: c, Seeds: 8, NoShrink: true, Personality: "qemu", Faults: "none"}).Run(tg)
			tg.Close()
			if err != nil {
				t.Fatal(err)
			}
			if res.Fail != nil {
				t.Errorf("reallab/%s --scenario %s: a lab finding in a correct lab: seed %d: %v", lab, sc, res.Config.Seed, res.Fail.Verdict)
			}
		}
	}
}

// writeRealVariant copies reallab/<lab> with the variant's blocks applied,
// each to the one file of the tree that holds its text once.
func writeRealVariant(t *testing.T, lab string, m *csrc.Mutant) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(reallab, lab)
	tree := map[string][]byte{}
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		tree[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, blk := range m.Blocks {
		var hits []string
		for p, b := range tree {
			if bytes.Count(b, []byte(blk.Old)) == 1 {
				hits = append(hits, p)
			}
		}
		if len(hits) != 1 {
			t.Fatalf("%s: block %d occurs once in %d files of reallab/%s (%v)", m.Name, i+1, len(hits), lab, hits)
		}
		one := *m
		one.Blocks = m.Blocks[i : i+1]
		b, err := one.ApplyTo(tree[hits[0]])
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		tree[hits[0]] = b
	}
	for p, b := range tree {
		dst := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// realVariants are the variants TestJOSRealLabVariants hunts (each costs a
// build, 1.5-2.5 s): the environment oracle, a misaligned
// ring, a kernel virtual address in TDBAL, and a transmit without DD
// checks, which the strict device alone shows. The others of variants/
// (no SECRC, RDT = 0, a KVA in a descriptor, no volatile, ...) are found
// the same way by `nicsim hunt` (guest/jos/README.md).
var realVariants = []string{"a-input-reuse", "a-ring-misaligned", "b-tdbal-kva", "b-tx-no-dd"}

// Each variant of the real trees is found, in its scenario, with the class
// it is tagged with.
func TestJOSRealLabVariants(t *testing.T) {
	for _, name := range realVariants {
		f := filepath.Join(reallab, "variants", name+".mutant")
		m := labvariant.ReadMutant(t, f)
		lab, _, _ := strings.Cut(m.Name, "-")
		c := Config{Driver: writeRealVariant(t, lab, &m), Scenario: m.Scenario, Seed: 1}
		c.Defaults()
		start := time.Now()
		res := huntJOS(t, c, 24)
		t.Logf("%s: %d schedules in %v", m.Name, res.Schedules, time.Since(start).Round(time.Millisecond))
		if res.Fail == nil {
			t.Errorf("%s: not found in %d schedules of %s, want %s", m.Name, res.Schedules, m.Scenario, m.Verdict)
			continue
		}
		if got := res.Fail.Verdict.Class; got != m.Verdict {
			t.Errorf("%s: found as %s (seed %d, %s), want %s: %s", m.Name, got, res.Config.Seed, res.Config.Personality, m.Verdict, res.Fail.Verdict.Message)
		}
	}
}

// A driver that waits with time_msec (after the reset, as the manual's
// delays are often written) sees virtual time pass: it used to read 0 for
// ever and spin (a livelock nicsim made up).
func TestJOSTimeMsecWait(t *testing.T) {
	m := csrc.Mutant{Name: "reset-delay", Blocks: []csrc.Block{
		{Old: "#include \"e1000.h\"\n#include \"pmap.h\"\n", New: "#include \"e1000.h\"\n#include \"pmap.h\"\n#include <kern/time.h>\n"},
		{Old: "\twhile (E1000_REG(E1000_CTRL) & E1000_CTRL_RST)\n\t\t;\n",
			New: "\tuint32_t t0 = time_msec();\n\twhile (time_msec() - t0 < 20)\n\t\t;\n"},
	}}
	r := josRun(t, writeRealVariant(t, "b", &m), "ping", "qemu", 1)
	if r.Failed() {
		t.Fatalf("a 20 ms wait with time_msec in attach: %v", r.Verdict)
	}
	if r.VirtualTime < 20*sim.Millisecond {
		t.Errorf("the run took %v of virtual time, less than the 20 ms the driver waited", r.VirtualTime)
	}
}

// Kernel services a real lab uses, in one build of reallab/a: a
// zero-copy transmit system call finds the user's page with page_lookup
// and hands the driver page2kva of it (page_lookup returned NULL: every
// send was refused); the driver puts PADDR of that in the descriptor and
// asserts with inc/x86.h's read_eflags (i386 pushfl; popl: it did not
// assemble) that interrupts are off; the call has an env_run on a path
// never taken (nothing defines it in nicsim: it did not link; a call that
// happens is TestHuntReportsNicsimFaultApart's). testoutput's ten frames
// reach the wire in order.
func TestJOSRealLabKernelServices(t *testing.T) {
	m := csrc.Mutant{Name: "kernel-services", Blocks: []csrc.Block{
		{Old: "\tuser_mem_assert(curenv, buf, len, PTE_U);\n\treturn e1000_transmit(buf, len);\n",
			New: "\tstruct PageInfo *pp;\n\tpte_t *pte;\n\tuser_mem_assert(curenv, buf, len, PTE_U);\n" +
				"\tif (len > PGSIZE)\n\t\tenv_run(curenv);\n" +
				"\tif (PGOFF(buf) + len > PGSIZE)\n\t\treturn -E_INVAL;\n" +
				"\tif (!(pp = page_lookup(curenv->env_pgdir, buf, &pte)))\n\t\treturn -E_INVAL;\n" +
				"\treturn e1000_transmit(page2kva(pp) + PGOFF(buf), len);\n"},
		{Old: "#include <inc/error.h>\n\n// LAB 6: Your driver code here\n",
			New: "#include <inc/error.h>\n#include <inc/x86.h>\n\n// LAB 6: Your driver code here\n"},
		{Old: "\tmemmove(tx_buf[tail], addr, len);\n",
			New: "\tassert(!(read_eflags() & FL_IF));\n\twrite_eflags(read_eflags());\n\tdesc->addr = PADDR(addr);\n"},
	}}
	r := josRun(t, writeRealVariant(t, "a", &m), "testoutput", "qemu", 1)
	if r.Failed() {
		t.Fatalf("zero-copy transmit: %v\n%s", r.Verdict, strings.Join(r.Last, "\n"))
	}
	n := 0
	for _, f := range r.Frames {
		if bytes.HasPrefix(f.Data, []byte(fmt.Sprintf("Packet %02d", n))) {
			n++
		}
	}
	if n != 10 {
		t.Errorf("zero-copy transmit: %d of the ten packets on the wire in order", n)
	}
}

// A receive system call that gives up the CPU when the ring is empty
// (sched_yield, with -E_RX_EMPTY in the trap frame's %eax) returns to the
// input environment as JOS resumes it; testinput passes. nicsim panicked
// ("sched_yield from the driver").
func TestJOSRealLabYieldingReceive(t *testing.T) {
	m := csrc.Mutant{Name: "yield", Blocks: []csrc.Block{{
		Old: "\tuser_mem_assert(curenv, buf, len, PTE_U | PTE_W);\n\treturn e1000_receive(buf, len);\n",
		New: "\tint r;\n\n\tuser_mem_assert(curenv, buf, len, PTE_U | PTE_W);\n" +
			"\tif ((r = e1000_receive(buf, len)) == -E_RX_EMPTY) {\n" +
			"\t\tcurenv->env_tf.tf_regs.reg_eax = -E_RX_EMPTY;\n\t\tsched_yield();\n\t}\n\treturn r;\n"}}}
	r := josRun(t, writeRealVariant(t, "a", &m), "testinput", "qemu", 1)
	if r.Failed() {
		t.Fatalf("a receive call that yields: %v\n%s", r.Verdict, strings.Join(r.Last, "\n"))
	}
	// Marked ENV_NOT_RUNNABLE, it waits for kern/trap.c's handler: nicsim
	// says it cannot run that.
	m.Blocks[0].New = strings.Replace(m.Blocks[0].New, "\t\tsched_yield();", "\t\tcurenv->env_status = ENV_NOT_RUNNABLE;\n\t\tsched_yield();", 1)
	r = josRun(t, writeRealVariant(t, "a", &m), "testinput", "qemu", 1)
	if r.Verdict.Class != "internal-error" || !strings.Contains(r.Verdict.Message, "ENV_NOT_RUNNABLE") {
		t.Errorf("a receive call that blocks the environment: %v, want internal-error naming ENV_NOT_RUNNABLE", r.Verdict)
	}
}

// A lab whose receive function nicsim cannot call (three parameters)
// still runs its own system calls: testinput passes, and ping, which
// calls the driver's functions itself, says why it cannot (the whole lab
// was refused before).
func TestJOSRealLabUncallableReceive(t *testing.T) {
	m := csrc.Mutant{Name: "rx-flags", Blocks: []csrc.Block{
		{Old: "int e1000_receive(void *addr, size_t buflen);\n", New: "int e1000_receive(void *addr, size_t buflen, int flags);\n"},
		{Old: "e1000_receive(void *addr, size_t buflen)\n", New: "e1000_receive(void *addr, size_t buflen, int flags)\n"},
		{Old: "\treturn e1000_receive(buf, len);\n", New: "\treturn e1000_receive(buf, len, 0);\n"},
	}}
	lab := writeRealVariant(t, "a", &m)
	if r := josRun(t, lab, "testinput", "qemu", 1); r.Failed() {
		t.Fatalf("testinput: %v", r.Verdict)
	}
	r := josRun(t, lab, "ping", "qemu", 1)
	if r.Verdict.Class != "internal-error" || !strings.Contains(r.Verdict.Message, "look like the receive function") {
		t.Errorf("ping: %v, want internal-error saying no function looks like the receive function", r.Verdict)
	}
}

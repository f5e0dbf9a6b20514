package hosted

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// The Go mirror of the stack layout agrees with runtime/rt.h.
func TestStackLayoutMatchesRuntime(t *testing.T) {
	_, files := runtimeFiles()
	h := string(files["rt.h"])
	def := func(name string) uint64 {
		m := regexp.MustCompile(`#define ` + name + ` (0x[0-9A-Fa-f]+)UL`).FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("rt.h defines no %s", name)
		}
		v, _ := strconv.ParseUint(m[1][2:], 16, 64)
		return v
	}
	if got := def("NICSIM_RAM_BASE"); got != sim.RAMBase {
		t.Errorf("NICSIM_RAM_BASE = %#x, want %#x", got, sim.RAMBase)
	}
	if got := def("NICSIM_RAM_SIZE"); got != ramSize {
		t.Errorf("NICSIM_RAM_SIZE = %#x, want %#x", got, ramSize)
	}
	if got, lo := def("NICSIM_STACKS_BASE"), sim.RAMBase+ramSize; got != lo {
		t.Errorf("NICSIM_STACKS_BASE = %#x, want %#x", got, lo)
	}
	if !strings.Contains(h, fmt.Sprintf("#define NICSIM_STACKS_SIZE ((NICSIM_NCORO + 1) * %#xUL)", stackSlot)) {
		t.Errorf("NICSIM_STACKS_SIZE is not (NCORO+1) slots of %#x bytes", stackSlot)
	}
}

// stackDriver DMAs a frame from a buffer on its stack and prints the
// address of a local: both reach the trace.
func stackDriver(t *testing.T) []byte {
	return variant(t, "ref:xv6",
		"  e1000_enable();\n}", "  e1000_enable();\n  char local[16];\n  printf(\"local at %p\\n\", local);\n}",
		"  d->addr = (uint64)m->head;", "  char frame[64];\n  memmove(frame, m->head, 64);\n  d->addr = (uint64)frame;")
}

// stackRun runs stackDriver on seed 3 and returns the trace hash, the
// verdict and what the driver printed.
func stackRun(t *testing.T) (uint64, *sim.Verdict, []string) {
	h := hostSrc(t, "stack-dma", stackDriver(t), "xv6")
	r := newRig(h, 3, testFrame(1, 60))
	v := r.m.Run()
	return r.m.Trace.Hash(), v, h.Printed()
}

// A driver that DMAs from its stack and prints a stack address gives the
// same trace in every process: the stacks sit at fixed addresses.
func TestStackAddressesAreFixed(t *testing.T) {
	if os.Getenv("NICSIM_STACK_CHILD") == "1" {
		hash, v, _ := stackRun(t)
		fmt.Printf("hash=%016x class=%s\n", hash, v.Class)
		return
	}
	hash, v, printed := stackRun(t)
	if v.Class != sim.ClassDMAFault || !strings.Contains(v.Message, "0x81") {
		t.Fatalf("verdict %v, want a DMA fault at a stack address (0x81...)", v)
	}
	if len(printed) != 1 {
		t.Fatalf("printed %q, want one line", printed)
	}
	stack0 := sim.RAMBase + ramSize + pageSize
	local, err := strconv.ParseUint(strings.TrimSpace(strings.TrimPrefix(printed[0], "local at 0x")), 16, 64)
	if err != nil || local < stack0 || local >= stack0+stackSize {
		t.Errorf("printed %q, want a local in the first coroutine's stack %#x..%#x", printed, stack0, stack0+stackSize)
	}
	want := fmt.Sprintf("hash=%016x class=%s", hash, v.Class)
	for i := 0; i < 2; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStackAddressesAreFixed$", "-test.count=1")
		cmd.Env = append(os.Environ(), "NICSIM_STACK_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child process: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), want) {
			t.Fatalf("child process %d: %s\nwant %s", i, out, want)
		}
	}
}

// Deep recursion runs into the guard page below the coroutine's stack: a
// stack overflow verdict naming the function, and the host goes on.
func TestStackOverflowIsVerdict(t *testing.T) {
	src := variant(t, "ref:xv6", "void e1000_init(uint32 *xregs) {",
		"int deep(int n) {\n  volatile char pad[512];\n  pad[0] = n;\n  return n ? deep(n - 1) + pad[0] : 0;\n}\n"+
			"void e1000_init(uint32 *xregs) {\n  deep(1000000);")
	h := hostSrc(t, "deep", src, "xv6")
	for i := 0; i < 2; i++ {
		r := newRig(h, 12)
		v := r.m.Run()
		if v.Class != sim.ClassCrash || !strings.Contains(v.Message, "stack overflow in deep (e1000.c:") {
			t.Fatalf("run %d: verdict %v, want a stack overflow in deep", i, v)
		}
		t.Log(v.Message)
	}
	h = host(t, "ref:xv6")
	mustPass(t, newRig(h, 12, testFrame(1, 60)).m.Run())
}

// A local array written past its end runs up the stack into the guard page
// above it (a real student's e1000_recv collected frames into a local array
// of RX_RING_SIZE with no bound): a stack buffer overrun naming the
// function and line, not an exhausted stack.
func TestStackOverrunIsVerdict(t *testing.T) {
	src := variant(t, "ref:xv6", "void e1000_init(uint32 *xregs) {",
		"void smash(int n) {\n  volatile char got[16];\n  for(int i = 0; i < n; i++)\n    got[i] = 1;\n}\n"+
			"void e1000_init(uint32 *xregs) {\n  smash(1 << 20);")
	h := hostSrc(t, "overrun", src, "xv6")
	v := newRig(h, 12).m.Run()
	if v.Class != sim.ClassCrash || !strings.Contains(v.Message, guest.MarkStackOverrun+" smash (e1000.c:") ||
		strings.Contains(v.Message, "exhausted") {
		t.Fatalf("verdict %v, want a stack buffer overrun in smash", v)
	}
	t.Log(v.Message)
}

// A store through a pointer into the host process (here Go's heap arena)
// is stopped before it happens.
func TestWildWriteIsStopped(t *testing.T) {
	for _, tc := range []struct{ name, code, want string }{
		{"write", "*(volatile uint64 *)0xc000010000ULL = 1;", "accessing 0xc000010000 (a write to an address outside"},
		{"read", "regs = (uint32 *)*(volatile uint64 *)0x7f0000001000ULL;", "accessing 0x7f0000001000 (a read from"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := variant(t, "ref:xv6", "  e1000_enable();\n}", "  e1000_enable();\n  "+tc.code+"\n}")
			h := hostSrc(t, "wild-"+tc.name, src, "xv6")
			v := newRig(h, 13).m.Run()
			if v.Class != sim.ClassCrash || !strings.Contains(v.Message, tc.want) || !strings.Contains(v.Message, "e1000_init (e1000.c:") {
				t.Fatalf("verdict %v, want a crash in e1000_init %s", v, tc.want)
			}
			t.Log(v.Message)
		})
	}
}

// The process reserved the guest's fixed ranges at start (the C mirror of
// the layout agrees), so nothing else can be mapped there when an image loads.
func TestGuestRangesReserved(t *testing.T) {
	lo, hi := DriverMemory()
	want := [][2]uint64{{sim.MMIOBase, sim.MMIOSize}, {sim.RAMBase, hi - lo}, {0xEF800000, 0x2800000}, {0x0FF00000, 0x100000}}
	for i, w := range want {
		addr, size, ok := reservation(i)
		if addr != w[0] || size != w[1] || !ok {
			t.Errorf("reservation %d: %#x+%#x (took: %v), want %#x+%#x reserved", i, addr, size, ok, w[0], w[1])
		}
	}
}

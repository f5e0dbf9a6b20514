package harness

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/internal/labvariant"
)

// handlab is the hand-written JOS lab folder: its own driver, system
// calls and network server environments.
const handlab = "../guest/jos/testdata/handlab"

// josRun runs one scenario of a JOS lab folder (or bundled name) once.
func josRun(t *testing.T, driver, scenario, pers string, seed uint64) *Result {
	t.Helper()
	c := Config{Driver: driver, Scenario: scenario, Personality: pers, Seed: seed}
	return runs(t, c, Options{Capture: true, LastN: 40})[0]
}

// The grader scenarios run the lab's own environments: testoutput puts the
// ten "Packet NN" pages on the wire in order; testinput's ARP request goes
// out through the output environment and the host's ten datagrams come
// back up through the input environment (the test fails the run unless it
// read all ten, in order, before its deadline). Same seed, same trace.
func TestJOSLabScenariosRun(t *testing.T) {
	// A lab folder, the bundled lab, and a driver given alone (nicsim's
	// own environments and kern/syscall.c around it).
	for _, d := range []string{handlab, "ref:jos", handlab + "/kern/e1000.c"} {
		for _, pers := range []string{"qemu", "strict"} {
			r := josRun(t, d, "testoutput", pers, 1)
			if r.Failed() {
				t.Fatalf("%s testoutput %s: %v\n%s", d, pers, r.Verdict, strings.Join(r.Last, "\n"))
			}
			var got []string
			for _, f := range r.Frames {
				if bytes.HasPrefix(f.Data, []byte("Packet ")) {
					got = append(got, string(f.Data[:9]))
				}
			}
			var want []string
			for i := 0; i < 10; i++ {
				want = append(want, fmt.Sprintf("Packet %02d", i))
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s testoutput %s: wire %v, want %v", d, pers, got, want)
			}
			r = josRun(t, d, "testinput", pers, 1)
			if r.Failed() {
				t.Fatalf("%s testinput %s: %v\n%s", d, pers, r.Verdict, strings.Join(r.Last, "\n"))
			}
			n := 0
			for _, f := range r.Frames {
				if bytes.Contains(f.Data, []byte("Packet ")) {
					n++
				}
			}
			if n != 10 {
				t.Errorf("%s testinput %s: %d datagrams from the host on the wire, want 10", d, pers, n)
			}
			t.Logf("%s testinput %s: %d steps, %v virtual, %d frames on the wire", d, pers, r.Steps, r.VirtualTime, len(r.Frames))
		}
	}
	a := josRun(t, handlab, "testinput", "strict", 7)
	b := josRun(t, handlab, "testinput", "strict", 7)
	if a.TraceHash != b.TraceHash || a.Steps != b.Steps {
		t.Errorf("testinput seed 7 twice: trace %#x (%d steps) then %#x (%d steps)", a.TraceHash, a.Steps, b.TraceHash, b.Steps)
	}
}

// labVariant copies handlab with one file's text replaced.
func labVariant(t *testing.T, file, old, new string) string {
	t.Helper()
	return labvariant.Copy(t, handlab, labvariant.Edit{File: file, Old: old, New: new})
}

// The environment oracles name the lab's bugs: an input environment that
// receives every frame into the one page it sent (the lab's hint), an
// output environment that goes back to ipc_recv without transmitting, a
// receive system call that hands the user's buffer to the driver without
// user_mem_assert.
func TestJOSLabEnvironmentBugs(t *testing.T) {
	reuse := labvariant.Copy(t, handlab, labvariant.InputPageReuse...)
	r := josRun(t, reuse, "testinput", "qemu", 1)
	if r.Verdict.Class != "input-page-reuse" || !strings.Contains(r.Verdict.Message, "input (") {
		t.Errorf("input environment reusing its page: %v, want input-page-reuse naming input()", r.Verdict)
	}
	drop := labVariant(t, "net/output.c", "\t\tif (req != NSREQ_OUTPUT)\n\t\t\tcontinue;\n",
		"\t\tif (req != NSREQ_OUTPUT)\n\t\t\tcontinue;\n\t\tstatic int n;\n\t\tif (n++ == 3)\n\t\t\tcontinue;\n")
	r = josRun(t, drop, "testoutput", "qemu", 1)
	if r.Verdict.Class != "output-drop" {
		t.Errorf("output environment skipping a request: %v, want output-drop", r.Verdict)
	}
	// The same at REQVA, where many students put the page.
	reqva := labvariant.Copy(t, handlab, labvariant.Edit{File: "net/input.c", Old: "\twhile (1) {\n\t\twhile ((len",
		New: "\tif ((i = sys_page_alloc(0, (void *)REQVA, PTE_P | PTE_U | PTE_W)) < 0)\n\t\tpanic(\"alloc\");\n\twhile (1) {\n\t\twhile ((len"},
		labvariant.InputPageReuse[1],
		labvariant.Edit{File: "net/input.c", Old: "\t\tnsipcbuf.pkt.jp_len = len;\n\t\tmemmove(nsipcbuf.pkt.jp_data, buf, len);\n\t\tipc_send(ns_envid, NSREQ_INPUT, &nsipcbuf,",
			New: "\t\t((struct jif_pkt *)REQVA)->jp_len = len;\n\t\tmemmove(((struct jif_pkt *)REQVA)->jp_data, buf, len);\n\t\tipc_send(ns_envid, NSREQ_INPUT, (void *)REQVA,"})
	r = josRun(t, reqva, "testinput", "qemu", 1)
	if r.Verdict.Class != "input-page-reuse" {
		t.Errorf("input environment reusing its page at REQVA: %v, want input-page-reuse", r.Verdict)
	}
	unchecked := labVariant(t, "kern/syscall.c", "\tuser_mem_assert(curenv, buf, len, PTE_U | PTE_W);\n", "")
	r = josRun(t, unchecked, "testinput", "qemu", 1)
	if r.Verdict.Class != "unchecked-user-pointer" || !strings.Contains(r.Verdict.Message, "sys_net_receive") {
		t.Errorf("receive system call without user_mem_assert: %v, want unchecked-user-pointer naming sys_net_receive", r.Verdict)
	}
}

package harness

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// The timer environment sends NSREQ_TIMER to the core server every
// TIMER_INTERVAL (250 ms) after the core's answer: a testoutput whose
// output environment waits 60 ms of sys_time_msec after each transmit
// runs about 540 ms and sees two timer messages, 250 ms apart (plus the
// core's handling, under 100 us), and still passes; the same seed gives
// the same trace.
func TestJOSTimerEnvironment(t *testing.T) {
	slow := labVariant(t, "net/output.c", "\t\t\tsys_yield();\n\t\t}\n",
		"\t\t\tsys_yield();\n\t\t}\n\t\tunsigned int t0 = sys_time_msec();\n\t\twhile (sys_time_msec() < t0 + 60)\n\t\t\tsys_yield();\n")
	c := Config{Driver: slow, Scenario: "testoutput", Personality: "qemu", Seed: 3, KeepTrace: true}
	rs := runs(t, c, Options{Capture: true, LastN: 40}, Options{})
	r, again := rs[0], rs[1]
	if again.TraceHash != r.TraceHash || again.Steps != r.Steps {
		t.Errorf("seed 3 twice: trace %#x (%d steps) then %#x (%d steps)", r.TraceHash, r.Steps, again.TraceHash, again.Steps)
	}
	if r.Failed() {
		t.Fatalf("slow output environment: %v\n%s", r.Verdict, strings.Join(r.Last, "\n"))
	}
	var at []sim.Time
	replies := 0
	for _, e := range r.Machine.Trace.All() {
		switch e.S {
		case "timer -> ns: NSREQ_TIMER":
			at = append(at, e.T)
		case "ns -> timer: TIMER_INTERVAL 250":
			replies++
		}
	}
	if len(at) < 2 || replies < len(at)-1 {
		t.Fatalf("%v virtual: NSREQ_TIMER at %v, %d answers; want at least 2, each answered", r.VirtualTime, at, replies)
	}
	for i := 1; i < len(at); i++ {
		if d := at[i] - at[i-1]; d < 250*sim.Millisecond || d > 250*sim.Millisecond+100*sim.Microsecond {
			t.Errorf("NSREQ_TIMER at %v then %v: %v apart, want 250 ms plus the core's handling", at[i-1], at[i], d)
		}
	}
	t.Logf("%v virtual, %d steps: NSREQ_TIMER at %v", r.VirtualTime, r.Steps, at)
}

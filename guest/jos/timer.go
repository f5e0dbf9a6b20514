package jos

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// The timer environment (net/timer.c) at its IPC boundary: TIMER_INTERVAL
// after the core server's last answer it ipc_sends NSREQ_TIMER, which
// lands when the core is in ipc_recv (until then it retries, as any
// ipc_send). The core handles it (lwIP's timers: 5-50 us drawn from the
// tape) and answers; meanwhile it is not in ipc_recv, so an input
// environment's ipc_send of NSREQ_INPUT waits and retries. The test stands
// where the core server is: it takes the timer's messages between its own.

// serveTimer runs the core's part of the timer: true when this step went
// to it (the core took NSREQ_TIMER and handles it).
func (x *testCtx) serveTimer(m *sim.Machine, c *sim.CPU) bool {
	w := x.w
	now := int64(m.Now())
	if x.timing {
		// Handled: the answer to the timer, then back to what the core did.
		x.timing = false
		w.srv.TimerReplied(now)
		w.testRecving = x.recving
		m.EmitS(c.Source(), kindIPC, fmt.Sprintf("ns -> timer: TIMER_INTERVAL %d", TimerIntervalMsec), 0, 0, 0)
	}
	if w.srv.TimerDue(now) {
		x.timerDue = true
	}
	if !x.timerDue || !x.coreRecving() {
		return false
	}
	x.timerDue, x.timing = false, true
	x.recving, w.testRecving = w.testRecving, false
	m.EmitS(c.Source(), kindIPC, "timer -> ns: NSREQ_TIMER", 0, 0, 0)
	c.Sleep(w.calls.yieldTime())
	return true
}

// coreRecving reports whether the core server is in ipc_recv, where the
// timer's ipc_send lands: in testinput while it waits for NSREQ_INPUT (not
// while it reads a page); in testoutput between the pages it sends.
func (x *testCtx) coreRecving() bool {
	if x.w.env.Scenario == ScenarioTestInput {
		return x.w.testRecving && !x.reading
	}
	return true
}

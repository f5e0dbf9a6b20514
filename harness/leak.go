package harness

import (
	"fmt"
	"slices"

	"github.com/nicsim/nicsim/sim"
)

// checkLeak is the heap oracle at quiescence, which workloads call
// ([guest.WorkloadEnv.CheckLeak]): every page still allocated must be a
// buffer a ring can hold (one per RX and one per TX descriptor).
func (w *world) checkLeak() {
	if w.cfg.Observable {
		return
	}
	m := w.m
	tn, rn := w.dev.Capacity()
	limit := tn + rn
	if tn == 0 || rn == 0 {
		limit = 2 * w.cfg.Ring
	}
	if used := m.Heap.InUse(); used > limit {
		w.fail(sim.ClassLeak, "%d pages still allocated at quiescence, but the rings hold at most %d buffers (%d RX + %d TX descriptors): the driver loses buffers it should free (mbuffree/kfree); pages no descriptor points into, by allocating line: %s",
			used, limit, rn, tn, m.AllocSites(w.heldByRings()))
	}
}

// stoppedMidFlight are the classes of verdicts that stop a context in the
// middle of the driver's code (a fault, a panic, a spin on a lock): the
// buffers its locals held are neither freed nor lost, so counting pages
// then would report a leak the driver does not have (a real student's
// e1000_recv that crashed holding the frames it had collected).
var stoppedMidFlight = []string{sim.ClassCrash, sim.ClassPanic, sim.ClassLockReentry, sim.ClassLockRelease,
	sim.ClassDeadlock, sim.ClassLivelock}

// leakCheckable says whether the heap is checked for a leak after a run
// that failed with class: not after a leak or an internal error, not after
// a context stopped mid-flight, and not when the workload says its own
// structures hold pages the check cannot tell apart (a student's net.c
// that failed one of its oracles, with datagrams and list nodes queued).
func leakCheckable(class string, wl any) bool {
	if class == sim.ClassLeak || class == sim.ClassInternal || slices.Contains(stoppedMidFlight, class) {
		return false
	}
	if u, ok := wl.(interface{ LeakUnknownAfter(class string) bool }); ok && u.LeakUnknownAfter(class) {
		return false
	}
	return true
}

// leakAlongside is the leak check made after a run that failed with
// another verdict: a driver that also leaks gets both findings. Buffers in
// flight when the run stopped (one per process, one reply) are allowed on
// top of what the rings hold; nil when the heap looks sound.
func (w *world) leakAlongside() *sim.Verdict {
	if w.cfg.Observable {
		return nil
	}
	tn, rn := w.dev.Capacity()
	limit := tn + rn
	if tn == 0 || rn == 0 {
		limit = 2 * w.cfg.Ring
	}
	slack := w.cfg.Procs + 2
	if h, ok := w.wl.(interface{ HeldPages() int }); ok {
		slack += h.HeldPages() // pages the kernel legitimately holds (net.c's queues)
	}
	used := w.m.Heap.InUse()
	if used <= limit+slack {
		return nil
	}
	return &sim.Verdict{Class: sim.ClassLeak, T: w.m.Now(), Message: fmt.Sprintf(
		"%d pages allocated when the run stopped, but the rings hold at most %d buffers (%d RX + %d TX descriptors) and at most %d more were in flight: the driver loses buffers it should free (mbuffree/kfree); pages no descriptor points into, by allocating line: %s",
		used, limit, rn, tn, slack, w.m.AllocSites(w.heldByRings()))}
}

// heldByRings reports the pages a descriptor of the device's rings points
// into now (their "addr" field): buffers the rings legitimately hold.
func (w *world) heldByRings() func(page uint64) bool {
	pages := map[uint64]bool{}
	for _, r := range w.dev.State().Rings {
		for _, sl := range r.Slots {
			for _, f := range sl.Fields {
				if f.Name == "addr" && f.Value != 0 {
					pages[f.Value&^(sim.PageSize-1)] = true
				}
			}
		}
	}
	return func(p uint64) bool { return pages[p] }
}

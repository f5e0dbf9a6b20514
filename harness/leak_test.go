package harness

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// netcLike is a workload whose own oracles' classes leave the page count
// unknown, as a hosted net.c's do.
type netcLike struct{}

func (netcLike) LeakUnknownAfter(class string) bool { return class == "queue-bound" }

// The heap is counted after a failure only when the count means something:
// not after a context stopped mid-function (a real student's e1000_recv
// crashed holding the frames it had collected, and was reported as leaking
// them), and not when the workload's own structures hold pages (a net.c
// with no queue bound, whose queued datagrams and list nodes were reported
// as a leak of e1000_recv's buffers).
func TestLeakCheckable(t *testing.T) {
	for _, tc := range []struct {
		class string
		wl    any
		want  bool
	}{
		{sim.ClassLostPacket, nil, true},
		{sim.ClassRingOwnership, netcLike{}, true},
		{sim.ClassLeak, nil, false},
		{sim.ClassCrash, nil, false},
		{sim.ClassPanic, nil, false},
		{sim.ClassLockReentry, nil, false},
		{sim.ClassDeadlock, nil, false},
		{"queue-bound", netcLike{}, false},
		{"queue-bound", nil, true},
	} {
		if got := leakCheckable(tc.class, tc.wl); got != tc.want {
			t.Errorf("leakCheckable(%s, %T) = %v, want %v", tc.class, tc.wl, got, tc.want)
		}
	}
}

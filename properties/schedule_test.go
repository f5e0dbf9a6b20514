package properties

import (
	"testing"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
	"pgregory.net/rapid"
)

func TestScheduleSource(t *testing.T) {
	s := Schedule{
		Preemptions: []Preemption{{Gap: 2, To: 1}, {Gap: 0, To: 5}},
		Timing:      []Preemption{{Gap: 1, To: 2}},
	}
	src := s.Source()
	var got []uint32
	for range 6 {
		got = append(got, src.Uint32n(sim.StreamSched, 3))
	}
	want := []uint32{0, 0, 1, 1, 0, 0} // To=5 on 3 candidates: 1 + 4%2 = 1
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sched choices %v, want %v", got, want)
		}
	}
	if a, b := src.Uint32n(sim.StreamPeer, 4), src.Uint32n(sim.StreamPeer, 4); a != 0 || b != 2 {
		t.Errorf("timing choices %d %d, want 0 2", a, b)
	}
	if src.Uint32n(sim.StreamSched, 1) != 0 {
		t.Error("a choice among one is not 0")
	}
	if p, tm := src.Applied(); p != 2 || tm != 1 {
		t.Errorf("applied %d %d, want 2 1", p, tm)
	}
}

func TestScheduleString(t *testing.T) {
	if s := (Schedule{}).String(); s != "no preemptions" {
		t.Errorf("empty schedule: %q", s)
	}
	s := Schedule{Preemptions: []Preemption{{Gap: 12, To: 2}}}
	if got, want := s.String(), "preemptions [+12→2] timing []"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPreemptions(t *testing.T) {
	ds := []sim.Decision{{Stream: sim.StreamSched, V: 0, N: 3}, {Stream: sim.StreamSched, V: 2, N: 3}, {Stream: sim.StreamPeer, V: 1, N: 4}}
	if n := Preemptions(ds); n != 1 {
		t.Errorf("Preemptions = %d, want 1", n)
	}
}

// A rapid draw that runs out of input inside Machine.Run is rethrown after
// Run, so rapid sees invalid data (a skipped check) and not a verdict.
func TestRapidSourceRethrows(t *testing.T) {
	r, err := newRunner(Config{Harness: harness.Config{Driver: "model:xv6"}, Draw: DrawChoices}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var skipped bool
	t.Run("short", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		rapid.MakeFuzz(r.property)(t, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	})
	if r.last != nil {
		t.Fatalf("an exhausted input became a verdict: %v", r.last.res.Verdict)
	}
	if !skipped {
		t.Fatal("an exhausted input was not reported to rapid as invalid data")
	}
}

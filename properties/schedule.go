package properties

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/sim"
	"pgregory.net/rapid"
)

// Bounds of a drawn [Preemption].
const (
	// MaxGap is the largest gap between two preemptions, in scheduling
	// choices. A ping run of the standard size makes about 2,000 of them.
	MaxGap = 4095
	// MaxTo is the largest candidate offset drawn; it is reduced modulo the
	// number of candidates of the choice it lands on.
	MaxTo = 8
)

// Preemption is one deviation from the default schedule: Gap more choices
// take the default (candidate 0: keep running the current actor, or the
// lowest-numbered enabled actor when the current one cannot run), then the
// next choice takes candidate 1 + (To-1) mod (n-1) of its n candidates.
// Both shrink toward "early, and the next actor in line".
type Preemption struct {
	Gap int // default choices before this one
	To  int // 1..MaxTo
}

func (p Preemption) String() string { return fmt.Sprintf("+%d→%d", p.Gap, p.To) }

// Schedule is what rapid draws for one run: the preemptions of the scheduler
// stream and, on a separate lane, the deviations of every other stream (peer
// jitter, device timing) from their choice 0. Shrinking deletes preemptions,
// so a shrunk failure has the fewest preemptions rapid could find.
type Schedule struct {
	Preemptions []Preemption
	Timing      []Preemption
}

func (s Schedule) String() string {
	if len(s.Preemptions) == 0 && len(s.Timing) == 0 {
		return "no preemptions"
	}
	return fmt.Sprintf("preemptions %s timing %s", lane(s.Preemptions), lane(s.Timing))
}

func lane(ps []Preemption) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// ScheduleOf generates schedules of at most maxPreempt preemptions and
// maxTiming timing deviations.
func ScheduleOf(maxPreempt, maxTiming int) *rapid.Generator[Schedule] {
	p := rapid.Custom(func(t *rapid.T) Preemption {
		return Preemption{
			Gap: rapid.IntRange(0, MaxGap).Draw(t, "gap"),
			To:  rapid.IntRange(1, MaxTo).Draw(t, "to"),
		}
	})
	return rapid.Custom(func(t *rapid.T) Schedule {
		return Schedule{
			Preemptions: rapid.SliceOfN(p, 0, maxPreempt).Draw(t, "preemptions"),
			Timing:      rapid.SliceOfN(p, 0, maxTiming).Draw(t, "timing"),
		}
	})
}

// Source returns a fresh [sim.Source] that plays s. It draws nothing from
// rapid while the simulation runs, so rapid's control-flow panics never
// happen inside [sim.Machine.Run] (which would turn them into verdicts).
func (s Schedule) Source() *ScheduleSource {
	src := &ScheduleSource{}
	src.sched.init(s.Preemptions)
	src.timing.init(s.Timing)
	return src
}

// ScheduleSource is the [sim.Source] of a [Schedule].
type ScheduleSource struct {
	sched, timing laneState
}

var _ sim.Source = (*ScheduleSource)(nil)

// Uint32n implements [sim.Source]: 0 except where the schedule deviates.
func (s *ScheduleSource) Uint32n(st sim.Stream, n uint32) uint32 {
	if n < 2 {
		return 0
	}
	if st == sim.StreamSched {
		return s.sched.next(n)
	}
	return s.timing.next(n)
}

// Applied reports how many preemptions and timing deviations the run
// reached (a schedule may list more than a short run uses).
func (s *ScheduleSource) Applied() (preemptions, timing int) { return s.sched.i, s.timing.i }

type laneState struct {
	ps   []Preemption
	i    int // next preemption
	left int // default choices before it
}

func (l *laneState) init(ps []Preemption) {
	l.ps, l.i = ps, 0
	if len(ps) > 0 {
		l.left = ps[0].Gap
	}
}

func (l *laneState) next(n uint32) uint32 {
	if l.i >= len(l.ps) {
		return 0
	}
	if l.left > 0 {
		l.left--
		return 0
	}
	p := l.ps[l.i]
	l.i++
	if l.i < len(l.ps) {
		l.left = l.ps[l.i].Gap
	}
	return 1 + uint32(max(p.To, 1)-1)%(n-1)
}

// Preemptions counts the scheduling decisions of a recorded run that did
// not take choice 0.
func Preemptions(ds []sim.Decision) int {
	n := 0
	for _, d := range ds {
		if d.Stream == sim.StreamSched && d.V != 0 {
			n++
		}
	}
	return n
}

// GoString keeps rapid's draw log short.
func (s Schedule) GoString() string { return s.String() }

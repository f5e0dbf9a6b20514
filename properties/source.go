package properties

import (
	"github.com/nicsim/nicsim/sim"
	"pgregory.net/rapid"
)

// RapidSource is a [sim.Source] that draws every choice from a [*rapid.T]:
// one unlabelled rapid.Uint32Range(0, n-1) draw per choice. Rapid then
// shrinks each choice toward 0 (no preemption). A ping run makes thousands
// of choices, so this costs more per run and shrinks more slowly than a
// [Schedule]; it explores like a random walk.
//
// Rapid stops a test by panicking inside a draw, and [sim.Machine.Run]
// recovers every panic into a verdict. RapidSource therefore catches the
// panic, answers 0 from then on, and [RapidSource.Rethrow] raises it again
// once Run has returned. Draws are logged by rapid in the run it reports
// unless the source is used inside a [rapid.Custom] generator.
type RapidSource struct {
	t      *rapid.T
	gens   map[uint32]*rapid.Generator[uint32]
	caught any
	stop   bool
}

var _ sim.Source = (*RapidSource)(nil)

// NewRapidSource returns a source drawing from t.
func NewRapidSource(t *rapid.T) *RapidSource {
	return &RapidSource{t: t, gens: map[uint32]*rapid.Generator[uint32]{}}
}

// Uint32n implements [sim.Source].
func (s *RapidSource) Uint32n(_ sim.Stream, n uint32) (v uint32) {
	if n < 2 || s.stop {
		return 0
	}
	g := s.gens[n]
	if g == nil {
		g = rapid.Uint32Range(0, n-1)
		s.gens[n] = g
	}
	defer func() {
		if x := recover(); x != nil {
			s.caught, s.stop, v = x, true, 0
		}
	}()
	return g.Draw(s.t, "")
}

// Rethrow re-raises the panic a draw raised, if any. Call it after
// [sim.Machine.Run] returns and before looking at the verdict.
func (s *RapidSource) Rethrow() {
	if s.stop {
		panic(s.caught)
	}
}

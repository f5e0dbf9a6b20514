package sim

import "fmt"

// Decision is one recorded choice: value V in [0, N) on stream Stream.
// Only choices with N >= 2 are recorded; a choice among one option is not a
// choice.
type Decision struct {
	Stream Stream
	V, N   uint32
}

func (d Decision) String() string {
	return fmt.Sprintf("%c%d/%d", 'a'+d.Stream, d.V, d.N)
}

// Tape supplies every choice of a run and records it. In record mode choices
// come from a [Source]; in replay mode they come from a recorded list, and
// once the list is exhausted or no longer fits (the driver changed), from the
// source again, which is how a replay file stays useful after an edit.
type Tape struct {
	src      Source
	rec      []Decision
	replay   []Decision
	pos      int
	diverged int // index of the first decision that did not fit; -1 if none
	noRecord bool
}

// NewTape returns a tape drawing from src.
func NewTape(src Source) *Tape { return &Tape{src: src, diverged: -1} }

// NewReplayTape returns a tape that replays ds, then continues from src.
func NewReplayTape(ds []Decision, src Source) *Tape {
	return &Tape{src: src, replay: ds, diverged: -1}
}

// SetRecording turns recording of decisions on or off (on by default).
// Benchmarks that do not need a replay file turn it off.
func (t *Tape) SetRecording(on bool) { t.noRecord = !on }

// Source is the proposal source.
func (t *Tape) Source() Source { return t.src }

// Replaying reports whether recorded decisions remain to be replayed.
func (t *Tape) Replaying() bool { return t.pos < len(t.replay) && t.diverged < 0 }

// Decide records a choice in [0, n) on stream s. proposed is what the
// strategy wants; during replay the recorded value wins.
func (t *Tape) Decide(s Stream, n uint32, proposed uint32) uint32 {
	if n < 2 {
		return 0
	}
	v := proposed
	if t.pos < len(t.replay) && t.diverged < 0 {
		d := t.replay[t.pos]
		if d.Stream == s && d.V < n {
			v = d.V
			t.pos++
		} else {
			t.diverged = t.pos
		}
	}
	if !t.noRecord {
		t.rec = append(t.rec, Decision{Stream: s, V: v, N: n})
	}
	return v
}

// Intn draws a choice in [0, n) on stream s from the source and records it.
func (t *Tape) Intn(s Stream, n int) int {
	if n < 2 {
		return 0
	}
	var p uint32
	if !t.Replaying() {
		p = t.src.Uint32n(s, uint32(n))
	}
	return int(t.Decide(s, uint32(n), p))
}

// Decisions is the record of every choice made so far.
func (t *Tape) Decisions() []Decision { return t.rec }

// Diverged returns the index of the first recorded decision that did not fit
// the run, or -1 if the replay followed the record exactly.
func (t *Tape) Diverged() int { return t.diverged }

// Leftover is how many recorded decisions were not consumed.
func (t *Tape) Leftover() int { return len(t.replay) - t.pos }

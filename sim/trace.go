package sim

import (
	"fmt"
	"io"
	"math/bits"
	"strings"
)

// Kind is a registered trace event kind.
type Kind uint16

type kindInfo struct {
	name   string
	hash   uint64
	format func(e *Event, sym func(uint64) string) string
}

var kinds []kindInfo

// RegisterKind registers an event kind by name with a formatter for its
// arguments ("k=v ..."). Call it from package-level variable initialisers.
// The trace hash uses the name, not the number, so binaries with different
// sets of packages agree on hashes.
func RegisterKind(name string, format func(e *Event, sym func(uint64) string) string) Kind {
	kinds = append(kinds, kindInfo{name: name, hash: strHash(name), format: format})
	return Kind(len(kinds) - 1)
}

// Name is the kind's registered name.
func (k Kind) Name() string { return kinds[k].name }

// strHash is FNV-1a over the string's bytes, without allocating.
func strHash(s string) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 0x100000001b3
	}
	return h
}

// Event is one line of the trace: at virtual time T, source Src did Kind with
// arguments A, B, C and an optional string S.
type Event struct {
	T       Time
	Src     SourceID
	Kind    Kind
	A, B, C uint64
	S       string
}

// SourceID names who emitted an event (cpu0, nic.tx, wire, ...).
type SourceID uint16

// Trace is the run's event log: a rolling hash over every event, the last
// events in a ring for failure reports, and optionally every event.
type Trace struct {
	hash     uint64
	count    uint64
	noLast   bool // skip the ring of last events (hunting: a failure is re-run)
	last     [64]Event
	keepAll  bool
	all      []Event // with keepAll: the newest events, a ring of at most keepMax
	keepMax  int
	srcNames []string
	srcHash  []uint64
	// Symbolize renders code addresses in events (set by hosted drivers).
	Symbolize func(pc uint64) string
	// SymbolizeData names data addresses from the driver's symbols and
	// debug information ("tx_ring[1].length"), or returns "" (set by
	// hosted drivers).
	SymbolizeData func(addr uint64) string
}

const hashSeed = 0xcbf29ce484222325

func newTrace() *Trace { return &Trace{hash: hashSeed} }

// KeepMax is how many events KeepAll keeps by default: a livelock runs for
// millions of steps, and its last events are the ones that tell.
const KeepMax = 1 << 18

// KeepAll makes the trace keep every event (for --trace and reports), up to
// the newest KeepMax.
func (t *Trace) KeepAll(on bool) {
	t.keepAll = on
	if t.keepMax == 0 {
		t.keepMax = KeepMax
	}
}

func (t *Trace) addSource(name string) SourceID {
	for i, n := range t.srcNames {
		if n == name {
			return SourceID(i)
		}
	}
	t.srcNames = append(t.srcNames, name)
	t.srcHash = append(t.srcHash, strHash(name))
	return SourceID(len(t.srcNames) - 1)
}

func mix(h, x uint64) uint64 {
	return bits.RotateLeft64(h^x, 27) * 0x100000001b3
}

// Emit appends an event.
func (t *Trace) Emit(e Event) {
	h := mix(t.hash, uint64(e.T))
	h = mix(h, t.srcHash[e.Src]^kinds[e.Kind].hash)
	h = mix(h, e.A)
	if e.B|e.C != 0 {
		h = mix(mix(h, e.B), e.C)
	}
	if e.S != "" {
		h = mix(h, strHash(e.S))
	}
	t.hash = h
	if !t.noLast {
		t.last[t.count%uint64(len(t.last))] = e
	}
	t.count++
	if t.keepAll {
		if len(t.all) < t.keepMax {
			t.all = append(t.all, e)
		} else {
			t.all[(t.count-1)%uint64(t.keepMax)] = e
		}
	}
}

// KeepLast says whether to keep the last events for reports (on by
// default). Turning it off saves a copy per event when only the hash
// matters.
func (t *Trace) KeepLast(on bool) { t.noLast = !on }

// Hash is the rolling hash of every event so far.
func (t *Trace) Hash() uint64 { return t.hash }

// Count is the number of events so far.
func (t *Trace) Count() uint64 { return t.count }

// Last returns up to n of the most recent events, oldest first.
func (t *Trace) Last(n int) []Event {
	if n > len(t.last) {
		n = len(t.last)
	}
	if uint64(n) > t.count {
		n = int(t.count)
	}
	out := make([]Event, 0, n)
	for i := t.count - uint64(n); i < t.count; i++ {
		out = append(out, t.last[i%uint64(len(t.last))])
	}
	return out
}

// All returns the kept events in order if [Trace.KeepAll] was on.
func (t *Trace) All() []Event {
	if uint64(len(t.all)) < t.count && len(t.all) == t.keepMax {
		i := int(t.count % uint64(t.keepMax))
		return append(append([]Event(nil), t.all[i:]...), t.all[:i]...)
	}
	return t.all
}

// Dropped is how many of the oldest events KeepAll did not keep.
func (t *Trace) Dropped() uint64 {
	if !t.keepAll {
		return t.count
	}
	return t.count - uint64(len(t.all))
}

// SourceName is the name of a source.
func (t *Trace) SourceName(s SourceID) string { return t.srcNames[s] }

// Format renders one event as `t=<ns> <source> <kind> k=v ...`.
func (t *Trace) Format(e *Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "t=%d %s %s", e.T, t.srcNames[e.Src], kinds[e.Kind].name)
	sym := t.Symbolize
	if sym == nil {
		sym = func(pc uint64) string { return fmt.Sprintf("%#x", pc) }
	}
	if f := kinds[e.Kind].format; f != nil {
		if s := f(e, sym); s != "" {
			b.WriteByte(' ')
			b.WriteString(s)
		}
	}
	return b.String()
}

// WriteAll writes every kept event, one per line, after a note of how many
// older events were not kept.
func (t *Trace) WriteAll(w io.Writer) error {
	if d := t.Dropped(); d > 0 {
		if _, err := fmt.Fprintf(w, "# %d older events not kept\n", d); err != nil {
			return err
		}
	}
	all := t.All()
	for i := range all {
		if _, err := fmt.Fprintln(w, t.Format(&all[i])); err != nil {
			return err
		}
	}
	return nil
}

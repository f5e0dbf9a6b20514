package corpus

import (
	"fmt"
	"strconv"
)

// Magic is the first line of a replay file, before " v<version>".
const Magic = "nicsim replay"

// Version is the replay format version this package reads and writes.
const Version = 1

// Limits that bound what a replay file can make the loader allocate.
const (
	// MaxLineBytes is the longest line accepted, without its newline.
	MaxLineBytes = 1 << 20
	// MaxCommentBytes bounds the total size of the comment lines of a file
	// (each line counts its length plus one).
	MaxCommentBytes = 1 << 20
	// MaxDecisions is the largest number of decisions a file may hold.
	MaxDecisions = 10_000_000
	// NumStreams is the number of decision streams, one per letter a-z.
	NumStreams = 26
)

// File is one replay file.
type File struct {
	Driver      string // driver under test, e.g. "model:xv6" (required)
	DriverHash  string // content hash of the driver, "algo:hex" or "-"
	ABI         string // kernel ABI the driver is built against, e.g. "xv6"
	Device      string // device model, e.g. "e1000" (required)
	Personality string // device personality, e.g. "strict" (required)
	Scenario    string // workload, e.g. "ping" (required)
	Params      []Param
	Bug         string // injected bug of the Go model driver, if any
	Strategy    string // scheduling strategy, e.g. "pct:3"
	Seed        uint64 // the run's seed (required)
	Verdict     string // failure class, e.g. "lock-reentry"
	TraceHash   string // 16 lowercase hex digits, or empty
	Steps       uint64 // scheduler steps of the run, 0 if unknown
	Decisions   []Decision
	Comments    []string // comment lines, without the leading "# "
}

// Param is one key=value scenario parameter.
type Param struct {
	Key, Value string
}

// Decision is one recorded choice: value V in [0, N) on stream Stream.
type Decision struct {
	Stream uint8
	V, N   uint32
}

// String formats d as in a replay file, e.g. "f4/9".
func (d Decision) String() string {
	return string(appendDecision(nil, d))
}

func appendDecision(b []byte, d Decision) []byte {
	if d.Stream < NumStreams {
		b = append(b, 'a'+d.Stream)
	} else {
		b = fmt.Appendf(b, "[stream %d]", d.Stream)
	}
	b = strconv.AppendUint(b, uint64(d.V), 10)
	b = append(b, '/')
	return strconv.AppendUint(b, uint64(d.N), 10)
}

// Param returns the value of the scenario parameter key and whether it is
// present.
func (f *File) Param(key string) (string, bool) {
	for _, p := range f.Params {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}

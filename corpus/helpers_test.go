package corpus

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// goodText is a complete replay file in canonical form; goodFile is what it
// parses to.
const goodText = `nicsim replay v1
# found by nicsim run -seed 8812734
driver: model:xv6
driver-hash: sha256:9f86d081884c7d659a2feaa0c55ad015
abi: xv6
device: e1000
personality: strict
scenario: ping
params: packets=64 ring=16 cpus=3
bug: arp-reentrant
strategy: pct:3
seed: 8812734
verdict: lock-reentry
trace-hash: 9f86d081884c7d65
steps: 12345
decisions: 3
d s1/3 s0/2 f4/9
end
`

func goodFile() *File {
	return &File{
		Driver:      "model:xv6",
		DriverHash:  "sha256:9f86d081884c7d659a2feaa0c55ad015",
		ABI:         "xv6",
		Device:      "e1000",
		Personality: "strict",
		Scenario:    "ping",
		Params:      []Param{{"packets", "64"}, {"ring", "16"}, {"cpus", "3"}},
		Bug:         "arp-reentrant",
		Strategy:    "pct:3",
		Seed:        8812734,
		Verdict:     "lock-reentry",
		TraceHash:   "9f86d081884c7d65",
		Steps:       12345,
		Decisions:   []Decision{{18, 1, 3}, {18, 0, 2}, {5, 4, 9}},
		Comments:    []string{"found by nicsim run -seed 8812734"},
	}
}

// minimalText holds only the required headers.
const minimalText = `nicsim replay v1
driver: model:xv6
device: e1000
personality: strict
scenario: ping
seed: 0
end
`

// edit returns goodText with the first old replaced by new; it fails the
// test if old is not there, so that a table row cannot silently test the
// good file.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(goodText, old) {
		t.Fatalf("edit: %q not in goodText", old)
	}
	return strings.Replace(goodText, old, new, 1)
}

// checkRoundTrip fails t unless f marshals and parses back to an equal File.
func checkRoundTrip(t testing.TB, f *File) {
	t.Helper()
	b, err := f.Marshal()
	if err != nil {
		t.Fatalf("Marshal of a parsed file: %v", err)
	}
	g, err := ParseBytes(b)
	if err != nil {
		t.Fatalf("Parse(Marshal(f)): %v\ntext:\n%s", err, b)
	}
	if !reflect.DeepEqual(f, g) {
		t.Fatalf("Parse(Marshal(f)) differs:\n got %#v\nwant %#v\ntext:\n%s", g, f, b)
	}
}

// checkParseError fails t unless err is a *ParseError on a line in
// [0, maxLine] with a non-empty message.
func checkParseError(t testing.TB, err error, maxLine int) *ParseError {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.Line < 0 || pe.Line > maxLine || pe.Msg == "" {
		t.Fatalf("ParseError{Line: %d, Msg: %q}: want a message and a line in [0, %d]", pe.Line, pe.Msg, maxLine)
	}
	return pe
}

package corpus

import (
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestParseGood(t *testing.T) {
	got, err := ParseBytes([]byte(goodText))
	if err != nil {
		t.Fatalf("Parse(goodText) = %v", err)
	}
	if want := goodFile(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse(goodText):\n got %#v\nwant %#v", got, want)
	}
}

func TestParseMinimal(t *testing.T) {
	got, err := ParseBytes([]byte(minimalText))
	if err != nil {
		t.Fatalf("Parse(minimalText) = %v", err)
	}
	want := &File{Driver: "model:xv6", Device: "e1000", Personality: "strict", Scenario: "ping"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Parse(minimalText):\n got %#v\nwant %#v", got, want)
	}
}

// TestParseLenient lists the variations a hand-edited file may have.
func TestParseLenient(t *testing.T) {
	tests := []struct{ name, in string }{
		{"crlf", strings.ReplaceAll(goodText, "\n", "\r\n")},
		{"no final newline", strings.TrimSuffix(goodText, "\n")},
		{"blank lines", strings.ReplaceAll(goodText, "\n", "\n\n")},
		{"comments between decisions", strings.Replace(goodText, "d s1/3 s0/2 f4/9\n",
			"# first\nd s1/3\n#\n# second\nd s0/2   f4/9\n", 1)},
		{"header order", strings.Replace(strings.Replace(goodText, "driver: model:xv6\n", "", 1),
			"steps:", "driver: model:xv6\nsteps:", 1)},
		{"no space after colon", strings.Replace(goodText, "abi: xv6", "abi:xv6", 1)},
		{"padded value", strings.Replace(goodText, "abi: xv6", "abi:  \t xv6 \t", 1)},
		{"trailing space after end", strings.Replace(goodText, "end\n", "end \t\n\n  \n", 1)},
		{"tab after d", strings.Replace(goodText, "d s1/3 ", "d\ts1/3\t", 1)},
		{"spaced params", strings.Replace(goodText, "packets=64 ring=16", "packets=64   ring=16", 1)},
	}
	want := goodFile()
	for _, tt := range tests {
		got, err := ParseBytes([]byte(tt.in))
		if err != nil {
			t.Errorf("%s: Parse = %v", tt.name, err)
			continue
		}
		if tt.name == "comments between decisions" {
			got.Comments = got.Comments[:1]
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Parse:\n got %#v\nwant %#v", tt.name, got, want)
		}
	}
}

func TestParseComments(t *testing.T) {
	in := "nicsim replay v1\n#\n# one\n#two\n#   three  \n# \ttab\n" + minimalText[len("nicsim replay v1\n"):]
	f, err := ParseBytes([]byte(in))
	if err != nil {
		t.Fatalf("Parse = %v", err)
	}
	want := []string{"", "one", "two", "  three  ", "\ttab"}
	if !reflect.DeepEqual(f.Comments, want) {
		t.Fatalf("Comments = %q, want %q", f.Comments, want)
	}
	checkRoundTrip(t, f)
}

type errCase struct {
	name string
	in   string
	line int    // want ParseError.Line
	msg  string // want a substring of the message
}

func TestParseErrors(t *testing.T) {
	for _, tt := range append(fileErrCases(t), append(headerErrCases(t), decisionErrCases(t)...)...) {
		f, err := ParseBytes([]byte(tt.in))
		if err == nil {
			t.Errorf("%s: Parse = %+v, want error %q at line %d", tt.name, f, tt.msg, tt.line)
			continue
		}
		pe := checkParseError(t, err, strings.Count(tt.in, "\n")+2)
		if pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
			t.Errorf("%s: Parse error = %q, want line %d and a message containing %q", tt.name, err, tt.line, tt.msg)
		}
	}
}

func fileErrCases(t *testing.T) []errCase {
	long := "nicsim replay v1\n# " + strings.Repeat("x", MaxLineBytes) + "\n"
	manyComments := "nicsim replay v1\n" + strings.Repeat("# "+strings.Repeat("c", 1000)+"\n", 1100)
	return []errCase{
		{"empty", "", 0, "empty replay file"},
		{"not magic", "hello\nworld\n", 0, `not a nicsim replay file (first line "hello")`},
		{"blank first line", "\n" + goodText, 0, `not a nicsim replay file (first line "")`},
		{"binary junk", "\x00\xff\xfeGIF89a\x01\x02", 0, `not a nicsim replay file (first line "\x00\xff\xfeGIF89a\x01\x02")`},
		{"go fuzz file", "go test fuzz v1\n[]byte(\"x\")\n", 0, `first line "go test fuzz v1"`},
		{"newer version", strings.Replace(goodText, "v1", "v2", 1), 0, "replay format v2 is newer than this nicsim (v1)"},
		{"older version", strings.Replace(goodText, "v1", "v0", 1), 0, "replay format v0 is not supported"},
		{"bad version", strings.Replace(goodText, "v1", "vX", 1), 1, `bad replay format version "vX"`},
		{"truncated", strings.TrimSuffix(goodText, "end\n"), 18, `truncated replay file: no "end" line (read 3 of 3 decisions)`},
		{"truncated in decisions", edit(t, "d s1/3 s0/2 f4/9\nend\n", "d s1/3\n"), 18, "(read 1 of 3 decisions)"},
		{"text after end", goodText + "seed: 1\n", 19, `unexpected text after "end"`},
		{"line too long", long, 2, "line longer than 1048576 bytes"},
		{"comments too big", manyComments, 1049, "comments exceed 1048576 bytes"},
		{"control char", edit(t, "driver: model:xv6", "driver: model\x01xv6"), 3, "control character U+0001 at column 14"},
		{"invalid utf-8", edit(t, "scenario: ping", "scenario: p\xffing"), 8, "invalid UTF-8 at column 12"},
		{"nul in comment", edit(t, "# found", "# fo\x00und"), 2, "control character U+0000 at column 5"},
		{"missing end word", edit(t, "end\n", "ned\n"), 18, `want "key: value", "d ..." or "end", got "ned"`},
	}
}

func headerErrCases(t *testing.T) []errCase {
	return []errCase{
		{"unknown key", edit(t, "abi: xv6", "foo: bar"), 5, `unknown header key "foo"`},
		{"key case", edit(t, "abi: xv6", "ABI: xv6"), 5, `unknown header key "ABI"`},
		{"indented key", edit(t, "abi: xv6", "  abi: xv6"), 5, `unknown header key "  abi"`},
		{"no colon", edit(t, "abi: xv6", "abi xv6"), 5, `want "key: value", "d ..." or "end", got "abi xv6"`},
		{"duplicate", edit(t, "scenario: ping\n", "scenario: ping\ndevice: e100\n"), 9, `duplicate header key "device" (first on line 6)`},
		{"missing required", edit(t, "seed: 8812734\n", ""), 17, `missing required header "seed"`},
		{"missing several", edit(t, "personality: strict\nscenario: ping\n", ""), 16, `missing required header "personality", "scenario"`},
		{"empty value", edit(t, "bug: arp-reentrant", "bug:   "), 10, "bug: empty value"},
		{"seed not a number", edit(t, "seed: 8812734", "seed: 88x"), 12, `seed: "88x" is not a decimal number`},
		{"seed negative", edit(t, "seed: 8812734", "seed: -1"), 12, `seed: "-1" is not a decimal number`},
		{"seed hex", edit(t, "seed: 8812734", "seed: 0x10"), 12, `seed: "0x10" is not a decimal number`},
		{"seed huge", edit(t, "seed: 8812734", "seed: 18446744073709551616"), 12, "seed: 18446744073709551616 is out of range"},
		{"steps huge", edit(t, "steps: 12345", "steps: 999999999999999999999999"), 15, "steps: 999999999999999999999999 is out of range"},
		{"trace-hash short", edit(t, "trace-hash: 9f86d081884c7d65", "trace-hash: 9f86"), 14, `trace-hash: "9f86" is not 16 lowercase hex digits`},
		{"trace-hash upper", edit(t, "trace-hash: 9f86d081884c7d65", "trace-hash: 9F86D081884C7D65"), 14, "not 16 lowercase hex digits"},
		{"driver-hash no algo", edit(t, "driver-hash: sha256:", "driver-hash: "), 4, `driver-hash: "9f86d081884c7d659a2feaa0c55ad015" is not "-" or algorithm:lowercase-hex`},
		{"driver-hash not hex", edit(t, "sha256:9f86", "sha256:zz86"), 4, "driver-hash: \"sha256:zz86"},
		{"params no =", edit(t, "packets=64", "packets"), 9, `params: "packets" is not key=value`},
		{"params empty key", edit(t, "packets=64", "=64"), 9, `params: "=64": empty key`},
		{"params duplicate", edit(t, "cpus=3", "cpus=3 ring=8"), 9, `params: duplicate parameter "ring"`},
		{"tab in value", edit(t, "scenario: ping", "scenario: pi\tng"), 8, "scenario: control character U+0009 at byte 3 of the value"},
		{"value too long", edit(t, "bug: arp-reentrant", "bug: "+strings.Repeat("b", 70000)), 10, "bug: longer than 65536 bytes"},
		{"decisions count huge", edit(t, "decisions: 3", "decisions: 99999999999"), 16, "decisions: 99999999999 exceeds the limit of 10000000"},
		{"decisions count overflow", edit(t, "decisions: 3", "decisions: 99999999999999999999999"), 16, "is out of range"},
		{"decisions count negative", edit(t, "decisions: 3", "decisions: -3"), 16, `decisions: "-3" is not a decimal number`},
		{"header after decisions", edit(t, "steps: 12345\ndecisions: 3\nd s1/3 s0/2 f4/9\n", "decisions: 3\nd s1/3 s0/2 f4/9\nsteps: 12345\n"), 17, `header "steps" after decision lines`},
	}
}

func decisionErrCases(t *testing.T) []errCase {
	return []errCase{
		{"fewer than declared", edit(t, "decisions: 3", "decisions: 4"), 18, "found 3 decisions, but line 16 declares 4"},
		{"more than declared", edit(t, "decisions: 3", "decisions: 2"), 17, `token 3 "f4/9": more decisions than the 2 declared on line 16`},
		{"no decisions header", edit(t, "decisions: 3\n", ""), 16, `decision line before the "decisions:" header`},
		{"value >= n", edit(t, "s0/2", "s2/2"), 17, `token 2 "s2/2": value 2 is not less than n 2`},
		{"n < 2", edit(t, "s0/2", "s0/1"), 17, `token 2 "s0/1": n 1 is less than 2`},
		{"n zero", edit(t, "s0/2", "s0/0"), 17, "n 0 is less than 2"},
		{"upper stream", edit(t, "s0/2", "S0/2"), 17, `token 2 "S0/2": stream "S" is not a letter a-z`},
		{"digit stream", edit(t, "s0/2", "70/2"), 17, `stream "7" is not a letter a-z`},
		{"no slash", edit(t, "s0/2", "s02"), 17, `token 2 "s02": want <stream><value>/<n>`},
		{"value not a number", edit(t, "s0/2", "sx/2"), 17, `value "x" is not a decimal uint32`},
		{"value huge", edit(t, "s0/2", "s4294967296/4294967297"), 17, `value "4294967296" is not a decimal uint32`},
		{"n huge", edit(t, "s0/2", "s0/99999999999999999999"), 17, `n "99999999999999999999" is not a decimal uint32`},
		{"n empty", edit(t, "s0/2", "s0/"), 17, `n "" is not a decimal uint32`},
		{"signed value", edit(t, "s0/2", "s+0/2"), 17, `value "+0" is not a decimal uint32`},
		{"empty decision line", edit(t, "d s1/3 s0/2 f4/9", "d s1/3 s0/2 f4/9\nd   "), 18, "decision line without decisions"},
		{"decisions with zero count", edit(t, "decisions: 3", "decisions: 0"), 17, "more decisions than the 0 declared on line 16"},
	}
}

// TestTruncatedAtEveryLine cuts goodText after each of its lines.
func TestTruncatedAtEveryLine(t *testing.T) {
	lines := strings.SplitAfter(goodText, "\n")
	lines = lines[:len(lines)-1] // SplitAfter leaves an empty last element
	for k := 0; k < len(lines); k++ {
		in := strings.Join(lines[:k], "")
		_, err := ParseBytes([]byte(in))
		want, wantLine := "truncated replay file", k+1
		if k == 0 {
			want, wantLine = "empty replay file", 0
		}
		if err == nil {
			t.Fatalf("Parse(first %d lines) = nil error, want %q", k, want)
		}
		pe := checkParseError(t, err, k+1)
		if pe.Line != wantLine || !strings.Contains(pe.Msg, want) {
			t.Errorf("Parse(first %d lines) = %q, want line %d: %s...", k, err, wantLine, want)
		}
	}
}

// TestTruncatedAtEveryByte cuts goodText after each byte: only the cuts
// that keep "end" whole may parse.
func TestTruncatedAtEveryByte(t *testing.T) {
	for n := 0; n < len(goodText); n++ {
		in := goodText[:n]
		f, err := ParseBytes([]byte(in))
		complete := strings.HasSuffix(in, "\nend")
		switch {
		case complete && err != nil:
			t.Errorf("Parse(first %d bytes) = %v, want success", n, err)
		case !complete && err == nil:
			t.Errorf("Parse(first %d bytes) = %+v, want an error", n, f)
		case err != nil:
			checkParseError(t, err, strings.Count(in, "\n")+2)
		}
	}
}

// TestGarbledBytes overwrites each byte of goodText with a few values.
// Parse must not panic, must report an error on a line that exists, and
// what it accepts must round-trip.
func TestGarbledBytes(t *testing.T) {
	for i := 0; i < len(goodText); i++ {
		for _, c := range []byte{0, 0xff, '\n', '\r', ' ', ':', '#', '=', '/', 'z', '9', 'd'} {
			in := []byte(goodText)
			in[i] = c
			f, err := ParseBytes(in)
			if err != nil {
				checkParseError(t, err, strings.Count(string(in), "\n")+2)
				continue
			}
			checkRoundTrip(t, f)
		}
	}
}

// TestBinaryJunk feeds pseudo-random bytes, alone and after a good first
// line.
func TestBinaryJunk(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		junk := make([]byte, rng.IntN(2000))
		for j := range junk {
			junk[j] = byte(rng.Uint32())
		}
		for _, in := range [][]byte{junk, append([]byte("nicsim replay v1\n"), junk...)} {
			if f, err := ParseBytes(in); err == nil {
				t.Fatalf("Parse(junk %q) = %+v, want an error", in, f)
			} else {
				checkParseError(t, err, strings.Count(string(in), "\n")+2)
			}
		}
	}
}

// TestDecisionCountDoesNotPreallocate declares the maximum number of
// decisions and checks that the parser does not make room for all of them
// before it has seen them.
func TestDecisionCountDoesNotPreallocate(t *testing.T) {
	in := []byte(edit(t, "decisions: 3", "decisions: 10000000"))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ParseBytes(in)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("Parse = nil error, want a count mismatch")
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("Parse of a file declaring %d decisions allocated %d bytes, want < 1 MiB", MaxDecisions, n)
	}
}

func TestParseManyDecisions(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	f := goodFile()
	f.Decisions = make([]Decision, 200_000)
	for i := range f.Decisions {
		f.Decisions[i] = Decision{Stream: uint8(i % NumStreams), V: uint32(i), N: uint32(i) + 2}
	}
	checkRoundTrip(t, f)
}

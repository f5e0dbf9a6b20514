package corpus

import (
	"bytes"
	"strings"
	"testing"
)

func TestMarshalGolden(t *testing.T) {
	b, err := goodFile().Marshal()
	if err != nil {
		t.Fatalf("Marshal = %v", err)
	}
	if string(b) != goodText {
		t.Fatalf("Marshal:\n%s\nwant:\n%s", b, goodText)
	}
}

func TestMarshalMinimal(t *testing.T) {
	f := &File{Driver: "model:xv6", Device: "e1000", Personality: "strict", Scenario: "ping"}
	b, err := f.Marshal()
	if err != nil {
		t.Fatalf("Marshal = %v", err)
	}
	want := strings.Replace(minimalText, "end\n", "decisions: 0\nend\n", 1)
	if string(b) != want {
		t.Fatalf("Marshal:\n%s\nwant:\n%s", b, want)
	}
}

func TestMarshalWrapsDecisions(t *testing.T) {
	f := goodFile()
	f.Decisions = make([]Decision, 2*decisionsPerLine+6)
	for i := range f.Decisions {
		f.Decisions[i] = Decision{Stream: 2, V: 1, N: 2}
	}
	b, err := f.Marshal()
	if err != nil {
		t.Fatalf("Marshal = %v", err)
	}
	var lens []int
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "d ") {
			lens = append(lens, len(strings.Fields(line))-1)
		}
	}
	if len(lens) != 3 || lens[0] != decisionsPerLine || lens[1] != decisionsPerLine || lens[2] != 6 {
		t.Fatalf("decisions per d line = %v, want [%d %d 6]", lens, decisionsPerLine, decisionsPerLine)
	}
	checkRoundTrip(t, f)
}

func TestValidateRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(f *File)
		msg    string
	}{
		{"missing driver", func(f *File) { f.Driver = "" }, "driver: missing (required)"},
		{"missing scenario", func(f *File) { f.Scenario = "" }, "scenario: missing (required)"},
		{"newline in device", func(f *File) { f.Device = "e1000\nseed: 1" }, "device: control character U+000A at byte 6 of the value"},
		{"leading space", func(f *File) { f.ABI = " xv6" }, `abi: " xv6" has leading or trailing space`},
		{"no-break space", func(f *File) { f.Bug = "bug\u00a0" }, "has leading or trailing space"},
		{"invalid utf-8", func(f *File) { f.Verdict = "lock\xff" }, "verdict: invalid UTF-8 at byte 5 of the value"},
		{"trace hash", func(f *File) { f.TraceHash = "abc" }, `trace-hash: "abc" is not 16 lowercase hex digits`},
		{"driver hash", func(f *File) { f.DriverHash = "sha256:XYZ" }, "driver-hash:"},
		{"param key space", func(f *File) { f.Params[1].Key = "ring size" }, `params[1]: key "ring size" contains space`},
		{"param key =", func(f *File) { f.Params[0].Key = "a=b" }, `params[0]: key "a=b" contains '='`},
		{"param empty key", func(f *File) { f.Params[2].Key = "" }, "params[2]: empty key"},
		{"param value space", func(f *File) { f.Params[0].Value = "6 4" }, `params[0]: value "6 4" contains space`},
		{"param value control", func(f *File) { f.Params[0].Value = "6\x004" }, "params[0]: control character U+0000 at byte 2 of the value"},
		{"param duplicate", func(f *File) { f.Params[2].Key = "packets" }, `params[2]: key "packets" repeats params[0]`},
		{"decision v >= n", func(f *File) { f.Decisions[1].V = 2 }, "decisions[1]: value 2 is not less than n 2"},
		{"decision n < 2", func(f *File) { f.Decisions[0] = Decision{N: 1} }, "decisions[0]: n 1 is less than 2"},
		{"decision stream", func(f *File) { f.Decisions[2].Stream = 26 }, "decisions[2]: stream 26 is not in 0..25"},
		{"comment newline", func(f *File) { f.Comments = []string{"ok", "a\nb"} }, "comments[1]: control character U+000A at byte 2"},
		{"comments too big", func(f *File) { f.Comments = []string{strings.Repeat("c", 600_000), strings.Repeat("c", 600_000)} }, "comments total 1200002 bytes, more than 1048576"},
		{"value too long", func(f *File) { f.Scenario = strings.Repeat("s", 1<<17) }, "scenario: longer than 65536 bytes"},
	}
	for _, tt := range tests {
		f := goodFile()
		tt.mutate(f)
		err := f.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: Validate() = %v, want an error containing %q", tt.name, err, tt.msg)
			continue
		}
		var buf bytes.Buffer
		if n, werr := f.WriteTo(&buf); werr == nil || n != 0 || buf.Len() != 0 {
			t.Errorf("%s: WriteTo = %d, %v and wrote %d bytes, want 0, an error and nothing written", tt.name, n, werr, buf.Len())
		}
	}
}

func TestWriteTo(t *testing.T) {
	var buf bytes.Buffer
	n, err := goodFile().WriteTo(&buf)
	if err != nil || n != int64(len(goodText)) || buf.String() != goodText {
		t.Fatalf("WriteTo = %d, %v, wrote:\n%s\nwant %d, nil, wrote goodText", n, err, buf.String(), len(goodText))
	}
}

func TestDecisionString(t *testing.T) {
	tests := []struct {
		d    Decision
		want string
	}{
		{Decision{Stream: 0, V: 0, N: 2}, "a0/2"},
		{Decision{Stream: 5, V: 4, N: 9}, "f4/9"},
		{Decision{Stream: 25, V: 4294967294, N: 4294967295}, "z4294967294/4294967295"},
		{Decision{Stream: 30, V: 1, N: 3}, "[stream 30]1/3"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestParam(t *testing.T) {
	f := goodFile()
	if v, ok := f.Param("ring"); v != "16" || !ok {
		t.Errorf(`Param("ring") = %q, %v, want "16", true`, v, ok)
	}
	if v, ok := f.Param("nope"); v != "" || ok {
		t.Errorf(`Param("nope") = %q, %v, want "", false`, v, ok)
	}
}

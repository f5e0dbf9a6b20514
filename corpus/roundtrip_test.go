package corpus

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"pgregory.net/rapid"
)

// TestRoundTrip: every valid File survives Marshal and Parse unchanged, and
// marshals to the same text again.
func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := genFile().Draw(t, "file")
		if err := f.Validate(); err != nil {
			t.Fatalf("generated file does not validate: %v", err)
		}
		b, err := f.Marshal()
		if err != nil {
			t.Fatalf("Marshal = %v", err)
		}
		g, err := ParseBytes(b)
		if err != nil {
			t.Fatalf("Parse(Marshal(f)) = %v\ntext:\n%s", err, b)
		}
		if !reflect.DeepEqual(f, g) {
			t.Fatalf("Parse(Marshal(f)):\n got %#v\nwant %#v\ntext:\n%s", g, f, b)
		}
		if b2, _ := g.Marshal(); string(b2) != string(b) {
			t.Fatalf("Marshal is not stable:\n%s\nthen\n%s", b, b2)
		}
	})
}

// TestValidateIsExact: for a File with arbitrary strings, either Validate
// rejects it (and Marshal with it) or it round-trips.
func TestValidateIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := genRawFile().Draw(t, "file")
		b, err := f.Marshal()
		if verr := f.Validate(); (verr == nil) != (err == nil) {
			t.Fatalf("Validate() = %v but Marshal() error = %v", verr, err)
		}
		if err != nil {
			return
		}
		g, err := ParseBytes(b)
		if err != nil {
			t.Fatalf("Validate accepted a file that does not parse back: %v\ntext:\n%s", err, b)
		}
		if !reflect.DeepEqual(f, g) {
			t.Fatalf("Validate accepted a file that changes in a round trip:\n got %#v\nwant %#v", g, f)
		}
	})
}

// genFile generates valid Files.
func genFile() *rapid.Generator[*File] {
	return rapid.Custom(func(t *rapid.T) *File {
		return &File{
			Driver:      genText(true).Draw(t, "driver"),
			DriverHash:  rapid.OneOf(rapid.Just(""), rapid.Just("-"), genHash()).Draw(t, "driver-hash"),
			ABI:         genText(false).Draw(t, "abi"),
			Device:      genText(true).Draw(t, "device"),
			Personality: genText(true).Draw(t, "personality"),
			Scenario:    genText(true).Draw(t, "scenario"),
			Params:      nilIfEmpty(rapid.SliceOfNDistinct(genParam(), 0, 6, func(p Param) string { return p.Key }).Draw(t, "params")),
			Bug:         genText(false).Draw(t, "bug"),
			Strategy:    genText(false).Draw(t, "strategy"),
			Seed:        rapid.Uint64().Draw(t, "seed"),
			Verdict:     genText(false).Draw(t, "verdict"),
			TraceHash:   rapid.OneOf(rapid.Just(""), rapid.Custom(genTraceHash)).Draw(t, "trace-hash"),
			Steps:       rapid.Uint64().Draw(t, "steps"),
			Decisions:   nilIfEmpty(rapid.SliceOfN(genDecision(), 0, 100).Draw(t, "decisions")),
			Comments:    nilIfEmpty(rapid.SliceOfN(genComment(), 0, 5).Draw(t, "comments")),
		}
	})
}

// genRawFile generates Files with arbitrary strings and decisions, most of
// them invalid.
func genRawFile() *rapid.Generator[*File] {
	return rapid.Custom(func(t *rapid.T) *File {
		f := genFile().Draw(t, "base")
		s := rapid.String()
		switch rapid.IntRange(0, 5).Draw(t, "field") {
		case 0:
			f.Driver = s.Draw(t, "driver")
		case 1:
			f.TraceHash = s.Draw(t, "trace-hash")
		case 2:
			f.Params = append(f.Params, Param{s.Draw(t, "key"), s.Draw(t, "value")})
		case 3:
			f.Decisions = append(f.Decisions, Decision{rapid.Uint8().Draw(t, "stream"),
				rapid.Uint32().Draw(t, "v"), rapid.Uint32().Draw(t, "n")})
		case 4:
			f.Comments = append(f.Comments, s.Draw(t, "comment"))
		case 5:
			f.DriverHash = s.Draw(t, "driver-hash")
		}
		return f
	})
}

// genText draws free text: any runes but control characters, with inner
// spaces and no surrounding ones.
func genText(required bool) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		s := strings.TrimSpace(dropControls(rapid.String().Draw(t, "text"), false))
		if required && s == "" {
			s = "x"
		}
		return s
	})
}

func genComment() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return dropControls(rapid.String().Draw(t, "comment"), true)
	})
}

func genParam() *rapid.Generator[Param] {
	return rapid.Custom(func(t *rapid.T) Param {
		key := noSpace(rapid.String().Draw(t, "key"))
		key = strings.ReplaceAll(key, "=", "")
		if key == "" {
			key = "k"
		}
		return Param{Key: key, Value: noSpace(rapid.String().Draw(t, "value"))}
	})
}

func genDecision() *rapid.Generator[Decision] {
	return rapid.Custom(func(t *rapid.T) Decision {
		n := rapid.Uint32Min(2).Draw(t, "n")
		return Decision{
			Stream: rapid.Uint8Max(NumStreams-1).Draw(t, "stream"),
			V:      rapid.Uint32Max(n-1).Draw(t, "v"),
			N:      n,
		}
	})
}

func genHash() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		algo := rapid.SampledFrom([]string{"sha256", "blake3", "md5"}).Draw(t, "algo")
		return algo + ":" + rapid.StringMatching(`[0-9a-f]{1,64}`).Draw(t, "sum")
	})
}

func genTraceHash(t *rapid.T) string { return fmt.Sprintf("%016x", rapid.Uint64().Draw(t, "hash")) }

func dropControls(s string, keepTab bool) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !(keepTab && r == '\t') {
			return -1
		}
		return r
	}, s)
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

package corpus

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the header table and the value checks shared by the
// parser and [File.Validate]. A check returns "" for a good value and
// otherwise a message saying what is wrong.

// maxValueBytes bounds a header value, so that every header line stays far
// below [MaxLineBytes].
const maxValueBytes = 64 << 10

// header describes one header key. Exactly one of str and num is set,
// except for params and decisions, which the parser and writer special-case.
type header struct {
	key      string
	required bool
	str      func(*File) *string
	num      func(*File) *uint64
	check    func(string) string // syntax beyond checkText, for str headers
}

// headers lists the keys in the order they are written.
var headers = []header{
	{key: "driver", required: true, str: func(f *File) *string { return &f.Driver }},
	{key: "driver-hash", str: func(f *File) *string { return &f.DriverHash }, check: checkDriverHash},
	{key: "abi", str: func(f *File) *string { return &f.ABI }},
	{key: "device", required: true, str: func(f *File) *string { return &f.Device }},
	{key: "personality", required: true, str: func(f *File) *string { return &f.Personality }},
	{key: "scenario", required: true, str: func(f *File) *string { return &f.Scenario }},
	{key: "params"},
	{key: "bug", str: func(f *File) *string { return &f.Bug }},
	{key: "strategy", str: func(f *File) *string { return &f.Strategy }},
	{key: "seed", required: true, num: func(f *File) *uint64 { return &f.Seed }},
	{key: "verdict", str: func(f *File) *string { return &f.Verdict }},
	{key: "trace-hash", str: func(f *File) *string { return &f.TraceHash }, check: checkTraceHash},
	{key: "steps", num: func(f *File) *uint64 { return &f.Steps }},
	{key: "decisions"},
}

func lookupHeader(key string) (header, bool) {
	for _, h := range headers {
		if h.key == key {
			return h, true
		}
	}
	return header{}, false
}

// checkText checks a free-text header value.
func checkText(v string) string {
	if v == "" {
		return "empty value"
	}
	if len(v) > maxValueBytes {
		return fmt.Sprintf("longer than %d bytes", maxValueBytes)
	}
	if v != strings.TrimSpace(v) {
		return fmt.Sprintf("%q has leading or trailing space", clip(v))
	}
	return checkChars(v, false, "byte %d of the value")
}

// checkChars rejects invalid UTF-8 and control characters (but tab when
// allowTab). where formats the 1-based byte position, e.g. "column %d".
func checkChars(s string, allowTab bool, where string) string {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return "invalid UTF-8 at " + fmt.Sprintf(where, i+1)
		case r == '\t' && allowTab:
		case unicode.IsControl(r):
			return fmt.Sprintf("control character %U at ", r) + fmt.Sprintf(where, i+1)
		}
	}
	return ""
}

func checkDriverHash(v string) string {
	if v == "-" {
		return ""
	}
	algo, sum, ok := strings.Cut(v, ":")
	if !ok || algo == "" || sum == "" || !isClass(algo, "abcdefghijklmnopqrstuvwxyz0123456789") ||
		!isClass(sum, "0123456789abcdef") {
		return fmt.Sprintf("%q is not \"-\" or algorithm:lowercase-hex (e.g. sha256:9f86d0...)", clip(v))
	}
	return ""
}

func checkTraceHash(v string) string {
	if len(v) != 16 || !isClass(v, "0123456789abcdef") {
		return fmt.Sprintf("%q is not 16 lowercase hex digits", clip(v))
	}
	return ""
}

func isClass(s, class string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(class, s[i]) < 0 {
			return false
		}
	}
	return true
}

// parseUint64 parses a decimal uint64.
func parseUint64(v string) (uint64, string) {
	n, err := strconv.ParseUint(v, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Sprintf("%s is out of range (max %d)", clip(v), uint64(1<<64-1))
	case err != nil:
		return 0, fmt.Sprintf("%q is not a decimal number", clip(v))
	}
	return n, ""
}

// checkParam checks one parameter for Validate; the parser's splitting
// enforces the same rules.
func checkParam(p Param) string {
	switch {
	case p.Key == "":
		return "empty key"
	case strings.Contains(p.Key, "="):
		return fmt.Sprintf("key %q contains '='", clip(p.Key))
	case strings.IndexFunc(p.Key, unicode.IsSpace) >= 0:
		return fmt.Sprintf("key %q contains space", clip(p.Key))
	case strings.IndexFunc(p.Value, unicode.IsSpace) >= 0:
		return fmt.Sprintf("value %q contains space", clip(p.Value))
	}
	if msg := checkChars(p.Key, false, "byte %d of the key"); msg != "" {
		return msg
	}
	if msg := checkChars(p.Value, false, "byte %d of the value"); msg != "" {
		return msg
	}
	return ""
}

// parseParams parses the value of a params header.
func parseParams(v string) ([]Param, string) {
	if len(v) > maxValueBytes {
		return nil, fmt.Sprintf("longer than %d bytes", maxValueBytes)
	}
	var ps []Param
	for _, tok := range strings.Fields(v) {
		key, val, ok := strings.Cut(tok, "=")
		if !ok {
			return nil, fmt.Sprintf("%q is not key=value", clip(tok))
		}
		p := Param{Key: key, Value: val}
		if msg := checkParam(p); msg != "" {
			return nil, fmt.Sprintf("%q: %s", clip(tok), msg)
		}
		for _, q := range ps {
			if q.Key == key {
				return nil, fmt.Sprintf("duplicate parameter %q", clip(key))
			}
		}
		ps = append(ps, p)
	}
	return ps, ""
}

// checkDecision checks the ranges of a decision.
func checkDecision(d Decision) string {
	switch {
	case d.Stream >= NumStreams:
		return fmt.Sprintf("stream %d is not in 0..%d", d.Stream, NumStreams-1)
	case d.N < 2:
		return fmt.Sprintf("n %d is less than 2", d.N)
	case d.V >= d.N:
		return fmt.Sprintf("value %d is not less than n %d", d.V, d.N)
	}
	return ""
}

// parseDecision parses a token such as "f4/9".
func parseDecision(tok string) (Decision, string) {
	if c := tok[0]; c < 'a' || c > 'z' {
		return Decision{}, fmt.Sprintf("stream %q is not a letter a-z", clip(tok[:1]))
	}
	vs, ns, ok := strings.Cut(tok[1:], "/")
	if !ok {
		return Decision{}, "want <stream><value>/<n>, e.g. f4/9"
	}
	v, err := strconv.ParseUint(vs, 10, 32)
	if err != nil {
		return Decision{}, fmt.Sprintf("value %q is not a decimal uint32", clip(vs))
	}
	n, err := strconv.ParseUint(ns, 10, 32)
	if err != nil {
		return Decision{}, fmt.Sprintf("n %q is not a decimal uint32", clip(ns))
	}
	d := Decision{Stream: tok[0] - 'a', V: uint32(v), N: uint32(n)}
	return d, checkDecision(d)
}

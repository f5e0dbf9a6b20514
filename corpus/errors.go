package corpus

import "strconv"

// ParseError is a malformed replay file: what is wrong (Msg) and where
// (Line, 1-based; 0 when the error concerns the whole file).
type ParseError struct {
	Line int
	Msg  string
	Err  error // underlying read error, if any
}

// Error formats e as "line N: msg", or just msg for Line 0.
func (e *ParseError) Error() string {
	if e.Line <= 0 {
		return e.Msg
	}
	return "line " + strconv.Itoa(e.Line) + ": " + e.Msg
}

// Unwrap returns the underlying read error, if any.
func (e *ParseError) Unwrap() error { return e.Err }

// clip shortens s for quoting in an error message.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

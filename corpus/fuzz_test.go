package corpus

import (
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that its errors are
// *ParseError on a line that exists, and that whatever it accepts
// round-trips through Marshal. Seeds live in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(goodText))
	f.Add([]byte(minimalText))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseBytes(data)
		if err != nil {
			checkParseError(t, err, strings.Count(string(data), "\n")+2)
			return
		}
		checkRoundTrip(t, file)
	})
}

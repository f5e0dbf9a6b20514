//go:build gofuzz

package corpus

import (
	"bytes"
	"reflect"
)

// Fuzz is the go-fuzz entry point (go-fuzz-build -func Fuzz ./corpus). It
// returns 1 when data parses, 0 otherwise, and panics when a parsed file
// does not survive Marshal and Parse unchanged.
func Fuzz(data []byte) int {
	f, err := ParseBytes(data)
	if err != nil {
		return 0
	}
	b, err := f.Marshal()
	if err != nil {
		panic("corpus: parsed file does not validate: " + err.Error())
	}
	g, err := ParseBytes(b)
	if err != nil {
		panic("corpus: marshaled file does not parse: " + err.Error())
	}
	if !reflect.DeepEqual(f, g) {
		panic("corpus: round trip changed the file")
	}
	if b2, _ := g.Marshal(); !bytes.Equal(b, b2) {
		panic("corpus: Marshal is not stable")
	}
	return 1
}

package xv6

import (
	"bytes"
	"fmt"
	"regexp"
)

// The two generations differ in e1000_transmit's parameters.
var (
	transmitMbuf = regexp.MustCompile(`\be1000_transmit\s*\(\s*struct\s+mbuf\s*\*`)
	transmitBuf  = regexp.MustCompile(`\be1000_transmit\s*\(\s*(?:const\s+)?char\s*\*\s*\w*\s*,\s*(?:unsigned\s+|const\s+)*(?:int|uint|uint32|unsigned)\b`)
	comments     = regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*`)
)

// Detect tells the generation of an xv6 net-lab driver from
// e1000_transmit's signature: struct mbuf * for 2020-2023, char *, int for
// 2024 and later. It returns "xv6" or "xv6-2024" and why, or ok false.
func Detect(src []byte) (abi, why string, ok bool) {
	code := comments.ReplaceAllFunc(src, func(c []byte) []byte {
		return bytes.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, c) // keep line numbers
	})
	if loc := transmitMbuf.FindIndex(code); loc != nil {
		return gen2020.Name, fmt.Sprintf("e1000_transmit(struct mbuf *) at line %d", line(code, loc[0])), true
	}
	if loc := transmitBuf.FindIndex(code); loc != nil {
		return gen2024.Name, fmt.Sprintf("e1000_transmit(char *, int) at line %d", line(code, loc[0])), true
	}
	return "", "", false
}

func line(b []byte, off int) int { return bytes.Count(b[:off], []byte("\n")) + 1 }

// detectFor is a kernel's Detect: it says yes when the source is of gen.
func detectFor(gen string) func([]byte) (string, bool) {
	return func(src []byte) (string, bool) {
		abi, why, ok := Detect(src)
		return why, ok && abi == gen
	}
}

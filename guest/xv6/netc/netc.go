package netc

import (
	"embed"
	"regexp"
)

// FS holds the reference net.c and the zoo.
//
//go:embed ref/net.c zoo/*.mutant
var FS embed.FS

// File is the base name of the network code hosted beside the driver.
const File = "net.c"

// QLen is how many datagrams a bound port may hold (the lab's bound; the
// grader's ping3 sends more).
const QLen = 16

// Reference returns nicsim's reference net.c.
func Reference() []byte {
	b, err := FS.ReadFile("ref/net.c")
	if err != nil {
		panic(err) // embedded
	}
	return b
}

var recvDef = regexp.MustCompile(`(?m)^\s*(?:uint64|int|long)\s*\n?\s*sys_recv\s*\(\s*(?:void)?\s*\)\s*\{?`)

// IsNetC reports whether a C source defines net.c's sys_recv.
func IsNetC(src []byte) bool { return recvDef.Match(src) }

// hasNetC reports whether one of the driver's sources is a net.c.
func hasNetC(srcs [][]byte) bool {
	for _, s := range srcs {
		if IsNetC(s) {
			return true
		}
	}
	return false
}

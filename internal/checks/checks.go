// Package checks sets rapid's check count for one property run, shared by
// the rapid suites (properties, and each device's own suite).
package checks

import (
	"flag"
	"os"
	"strconv"
	"sync"
)

// checksMu serialises the calls that set rapid's global -rapid.checks.
var checksMu sync.Mutex

// With runs f with rapid's check count set to n, unless n is 0 or the user
// chose a count with -rapid.checks or RAPID_CHECKS.
func With(tb interface{ Helper() }, n int, f func()) {
	tb.Helper()
	fl := flag.Lookup("rapid.checks")
	if n <= 0 || fl == nil || flagGiven("rapid.checks") || os.Getenv("RAPID_CHECKS") != "" {
		f()
		return
	}
	checksMu.Lock()
	defer checksMu.Unlock()
	old := fl.Value.String()
	if err := fl.Value.Set(strconv.Itoa(n)); err != nil {
		panic(err) // an int flag accepts any int
	}
	defer func() { _ = fl.Value.Set(old) }()
	f()
}

// flagGiven reports whether the named flag was set on the command line.
func flagGiven(name string) (given bool) {
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

//go:build gofuzz

package fuzz

import (
	"fmt"
	"sync"

	gofuzzdep "github.com/dvyukov/go-fuzz/go-fuzz-dep"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/nic/e1000/fuzzdesc"
)

// Fuzz is the go-fuzz entry point of the whole-scenario target: the ping
// scenario of the correct model driver with data as the tape (see [Ping]).
// It panics when the run fails. Build it with
//
//	go-fuzz-build -func Fuzz -o fuzz-ping.zip ./fuzz
func Fuzz(data []byte) int {
	drv := guest.DefaultDriver(guest.DriverModel)
	tg := target(drv)
	r, c, err := Ping(tg, PingConfig(drv, ""), data, false)
	if err != nil {
		panic(err)
	}
	if r.Failed() {
		panic(fmt.Sprintf("%s under %s: %s", r.Verdict.Class, c.Personality, r.Verdict.Message))
	}
	return 0
}

// FuzzDesc is the go-fuzz entry point of the descriptor target (see
// [fuzzdesc.Descriptors]): go-fuzz-build -func FuzzDesc -o fuzz-desc.zip ./fuzz.
// Package nic/e1000/fuzzdesc has the same entry point as Fuzz, which a stock
// go-fuzz-build can build.
func FuzzDesc(data []byte) int {
	if err := fuzzdesc.Descriptors(data); err != nil {
		panic(err)
	}
	return 0
}

// FuzzRef is the whole-scenario target on a C driver, named by the
// NICSIM_FUZZ_DRIVER environment variable (default "ref:xv6"): with
// go-fuzz-build -libfuzzer it is the entry point of the libFuzzer build
// (see the package documentation for what is and is not instrumented).
// If the target reports the C driver's coverage, it is folded into
// go-fuzz's coverage table after the run.
func FuzzRef(data []byte) int {
	tg := target(envDriver())
	r, c, err := Ping(tg, PingConfig(tg.Name(), ""), data, false)
	if err != nil {
		panic(err)
	}
	foldCoverage(tg)
	if r.Failed() {
		panic(fmt.Sprintf("%s under %s: %s", r.Verdict.Class, c.Personality, r.Verdict.Message))
	}
	return 0
}

// coverer is a target that can report the coverage of its last run (one
// counter per edge of the C driver), such as a hosted C driver could.
type coverer interface {
	Coverage() []byte
}

// foldCoverage adds the C driver's edge counters of the last run to
// go-fuzz's table (which is libFuzzer's extra counters in -libfuzzer
// builds), spread by a multiplicative hash to keep clear of Go's own.
func foldCoverage(tg harness.Target) {
	cv, ok := tg.(coverer)
	if !ok {
		return
	}
	tab := gofuzzdep.CoverTab
	for i, n := range cv.Coverage() {
		if n != 0 {
			j := uint32(i+1) * 0x9e3779b1 % uint32(len(tab))
			tab[j] += n
		}
	}
}

var (
	targetsMu sync.Mutex
	targets   = map[string]harness.Target{}
)

// target opens a driver once per process: go-fuzz calls the entry points
// millions of times.
func target(driver string) harness.Target {
	targetsMu.Lock()
	defer targetsMu.Unlock()
	if tg := targets[driver]; tg != nil {
		return tg
	}
	c := PingConfig(driver, "")
	tg, err := harness.Open(&c)
	if err != nil {
		panic(err)
	}
	targets[driver] = tg
	return tg
}

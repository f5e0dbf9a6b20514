//go:build !(cgo && linux && amd64)

package hosted

import (
	"errors"
	"unsafe"
)

const watchdogTicks = 20

var errUnsupported = errors.New("hosted: C drivers need cgo on linux/amd64")

type mapping struct{ p []byte }

func mapFixed(addr, size uint64) (mapping, error) { return mapping{}, errUnsupported }
func (m mapping) addr() uint64                    { return 0 }
func (m mapping) guard(off, n uint64) error       { return errUnsupported }
func (m mapping) zero(off, n uint64)              {}
func (m mapping) unmap()                          {}
func call(fn, arg uint64) uint64                  { panic(errUnsupported) }

func reservation(i int) (addr, size uint64, ok bool) { return 0, 0, false }

func armFaults(imgLo, imgHi, stkLo, stkHi, landing, crashSP uint64, inCoro, bb unsafe.Pointer) error {
	return errUnsupported
}

func setWatchdog(ticks uint64) {}

var watchdogLimit uint64 = watchdogTicks

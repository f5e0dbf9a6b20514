package diag

import (
	"regexp"
	"strings"

	"github.com/nicsim/nicsim/sim"
)

// Signature identifies a bug: the verdict class plus the driver sites that
// matter for that class (C function and line, lock, register, direction).
// Schedule noise (CPU numbers, addresses, descriptor indices, times,
// sequence numbers) is left out, so two schedules that hit the same bug
// give the same signature. It reads as "lock-reentry tx (drv.c:136)
// lock=tx_lock".
type Signature string

// Class is the verdict class of the signature.
func (s Signature) Class() string {
	c, _, _ := strings.Cut(string(s), " ")
	return c
}

var (
	// reBack finds a tail that went over descriptors the device still
	// owned: "moved TDT back", or "TDT caught up with TDH".
	reBack  = regexp.MustCompile(`moved (\w+) back|(\w+) caught up with`)
	reWrote = regexp.MustCompile(`wrote (\w+) descriptor`)
)

// SignatureOf is the signature of a failing verdict ("pass" for none).
func SignatureOf(v *sim.Verdict) Signature {
	if v.Pass() {
		return Signature(sim.ClassPass)
	}
	s := SitesOf(v)
	parts := []string{v.Class}
	add := func(k, val string) {
		if val != "" {
			parts = append(parts, k+val)
		}
	}
	switch v.Class {
	case sim.ClassUnpublished:
		// Which descriptor field the device caught unfenced depends on
		// the schedule; the bug is the function that publishes.
		add("", s.At.Func)
		add("ring=", ringOf(v.Message))
	case sim.ClassLivelock:
		// Which CPU was caught where when the budget ran out depends on
		// the schedule; a loop the driver spins in (named with its line
		// by the hosted runtime) does not.
		if s.At.File != "" {
			add("", s.At.Func)
		}
	case sim.ClassLostPacket, sim.ClassDuplicate:
		add("dir=", s.Dir)
	case sim.ClassLockOrder, sim.ClassDeadlock:
		add("lock=", s.Lock)
	case sim.ClassRingOwnership:
		if reg := backReg(v.Message); reg != "" {
			add("", reg+"-moved-back")
			add("", s.At.String())
		} else {
			// Which field of an owned descriptor the driver writes first
			// depends on the schedule; the function that writes does not.
			if m := reWrote.FindStringSubmatch(v.Message); m != nil {
				add("", m[1]+"-descriptor-written")
			}
			add("", s.At.Func)
		}
	case sim.ClassLeak:
		// Which allocations a run has lost when it stops, and at which
		// lines, depends on the schedule (how many laps, which frame was
		// in flight): a driver's leaks are one finding, named by its
		// file, whose message lists every allocating line.
		add("", leakFile(v.Message))
	default:
		add("", s.At.String())
		add("lock=", s.Lock)
		add("reg=", s.Reg)
	}
	return Signature(strings.Join(parts, " "))
}

// backReg is the tail register of a full-lap message ("" if it is not one).
func backReg(msg string) string {
	m := reBack.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	return m[1] + m[2]
}

// reLeakFile finds the driver file of "N at FILE:LINE (func)" in a leak's
// list of lost pages by allocating line.
var reLeakFile = regexp.MustCompile(`\d+ at ([^\s:]+):\d+ \(\w+\)`)

// leakFile is the driver file a leak message's allocating lines are in,
// or "" when it names none.
func leakFile(msg string) string {
	_, list, ok := strings.Cut(msg, "by allocating line:")
	if !ok {
		return ""
	}
	if m := reLeakFile.FindStringSubmatch(list); m != nil {
		return m[1]
	}
	return ""
}

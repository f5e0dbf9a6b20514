package diag

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/sim"
)

// Site is a place in the driver's source: a C function and, when the
// driver is C, its file and line.
type Site struct {
	Func string
	File string // "e1000.c"; empty for the Go model driver
	Line int
	// Caller is the C function and line that called Func, when the trace
	// gave it (a register write in a helper: wr16, called from eth_isr).
	Caller *Site
}

// Known reports whether the site names anything.
func (s Site) Known() bool { return s.Func != "" || s.File != "" }

// Loc is "e1000.c:118", or the function for a site without a line.
func (s Site) Loc() string {
	if s.File == "" {
		return s.Func
	}
	return fmt.Sprintf("%s:%d", s.File, s.Line)
}

// Chain is String, then ", called from" the caller when known.
func (s Site) Chain() string {
	if s.Caller == nil || !s.Caller.Known() {
		return s.String()
	}
	return s.String() + ", called from " + s.Caller.String()
}

// String is "e1000_transmit (e1000.c:118)".
func (s Site) String() string {
	switch {
	case s.File == "":
		return s.Func
	case s.Func == "":
		return s.Loc()
	}
	return fmt.Sprintf("%s (%s)", s.Func, s.Loc())
}

// Sites are the driver's own names a verdict carries: where it happened,
// the lock and the register or ring involved, and (from the trace) the
// register write that published the ring before it.
type Sites struct {
	At   Site   // the first driver site the message names (the acting one)
	Lock string // the lock involved ("e1000_lock"), if any
	Reg  string // the register or ring involved, as the device names it
	// Publish is the last write of the ring's tail register before the
	// verdict, found in the trace by [Locate].
	Publish Site
	// Holder is where the CPU that already holds a re-acquired lock took
	// it (lock re-entry), the place to drop the lock before the call.
	Holder Site
	// Dir is the direction of a lost or duplicated datagram: "tx" (the
	// peer missed it), "rx" (the guest socket missed it) or "" .
	Dir string
}

var (
	// reSite is a call-chain frame, "e1000_transmit (e1000.c:136)"; reAt
	// the form findings name their sites in, "at e1000.c:118
	// (e1000_transmit)" (sim.Machine.At).
	reSite   = regexp.MustCompile(`([A-Za-z_]\w*) \(([\w./+-]+\.[ch]):(\d+)\)`)
	reAt     = regexp.MustCompile(`\bat ([\w./+-]+\.[ch]):(\d+)(?: \(([A-Za-z_]\w*)\))?`)
	reIn     = regexp.MustCompile(`\bin ([A-Za-z_]\w*)`)
	reLock   = regexp.MustCompile(`\block ([A-Za-z_]\w*)|release: ([A-Za-z_]\w*) released|spins on ([A-Za-z_]\w*)`)
	reOrder  = regexp.MustCompile(`inversion: (\w+) then (\w+)`)
	reSpin   = regexp.MustCompile(`(?m)^\s*cpu\d+: ([A-Za-z_]\w*)`)
	reFromCP = regexp.MustCompile(`cpu\d+ in ([A-Za-z_]\w*)`)
	reHolder = regexp.MustCompile(`holds it since cpu\d+ in (.*)`)
)

// SitesOf reads the sites of a verdict's message.
func SitesOf(v *sim.Verdict) Sites {
	if v == nil {
		return Sites{}
	}
	msg := v.Message
	var s Sites
	s.At = firstSite(msg)
	if ss := sitesIn(msg); v.Class == sim.ClassUnpublished && len(ss) > 1 {
		s.Publish = ss[1] // the store, then the tail write that published it
	}
	if m := reOrder.FindStringSubmatch(msg); m != nil {
		ls := []string{m[1], m[2]}
		slices.Sort(ls)
		s.Lock = strings.Join(ls, "+")
	} else if m := reLock.FindStringSubmatch(msg); m != nil {
		s.Lock = m[1] + m[2] + m[3]
	}
	if m := words().reg.FindString(msg); m != "" {
		s.Reg = m
	} else if m := ringOf(msg); m != "" {
		s.Reg = m
	}
	if m := reHolder.FindStringSubmatch(msg); m != nil {
		s.Holder = firstSite(" in " + m[1])
	}
	if v.Class == sim.ClassLivelock && !s.At.Known() {
		s.At = spinning(msg)
	}
	if v.Class == sim.ClassLostPacket || v.Class == sim.ClassDuplicate {
		s.Dir = direction(msg)
	}
	return s
}

// firstSite is the first site msg names ("at file.c:N (func)" or
// "func (file.c:N)"), else the first "in func".
func firstSite(msg string) Site {
	if ss := sitesIn(msg); len(ss) > 0 {
		return ss[0]
	}
	if m := reFromCP.FindStringSubmatch(msg); m != nil {
		return Site{Func: m[1]}
	}
	if m := reIn.FindStringSubmatch(msg); m != nil {
		return Site{Func: m[1]}
	}
	return Site{}
}

// spinning is the function a livelock's CPU lines show running (not idle,
// not asleep).
func spinning(msg string) Site {
	for _, line := range strings.Split(msg, "\n") {
		if strings.Contains(line, "[sleeping]") {
			continue
		}
		if m := reSpin.FindStringSubmatch(line); m != nil && m[1] != "idle" {
			return Site{Func: m[1]}
		}
	}
	return Site{}
}

// direction is "tx" when the peer missed a datagram, "rx" when the guest
// socket did, "tx" when a process could not send all it had.
func direction(msg string) string {
	idx := func(subs ...string) int {
		best := -1
		for _, s := range subs {
			if i := strings.Index(msg, s); i >= 0 && (best < 0 || i < best) {
				best = i
			}
		}
		return best
	}
	tx, rx := idx("peer got", "peer received", "sent only"), idx("guest socket")
	switch {
	case tx >= 0 && (rx < 0 || tx < rx):
		return "tx"
	case rx >= 0:
		return "rx"
	}
	return ""
}

// sitesIn lists the sites msg names, in the order it names them, in
// either form.
func sitesIn(msg string) []Site {
	type at struct {
		off int
		s   Site
	}
	var all []at
	for _, m := range reAt.FindAllStringSubmatchIndex(msg, -1) {
		n, _ := strconv.Atoi(msg[m[4]:m[5]])
		s := Site{File: msg[m[2]:m[3]], Line: n}
		if m[6] >= 0 {
			s.Func = msg[m[6]:m[7]]
		}
		all = append(all, at{m[0], s})
	}
	for _, m := range reSite.FindAllStringSubmatchIndex(msg, -1) {
		n, _ := strconv.Atoi(msg[m[6]:m[7]])
		all = append(all, at{m[0], Site{Func: msg[m[2]:m[3]], File: msg[m[4]:m[5]], Line: n}})
	}
	slices.SortStableFunc(all, func(a, b at) int { return a.off - b.off })
	out := make([]Site, len(all))
	for i, a := range all {
		out[i] = a.s
	}
	return out
}

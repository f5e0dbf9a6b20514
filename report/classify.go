package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/sim"
)

// kindClass is what the timeline does with an event kind.
type kindClass uint8

const (
	kOther kindClass = iota
	kAcquire
	kRelease
	kSpin
	kTrap
	kTrapDone
	kMMIORead
	kMMIOWrite
	kHead // a device's ring head event (its column's HeadEvent)
	kCall
	kReturn
	kAt
)

// classes names the kinds the timeline understands (registered by sim,
// guest and guest/hosted; matched by name). A device's ring head events are
// named by its model's columns.
var classes = map[string]kindClass{
	"acquire": kAcquire, "release": kRelease, "spin": kSpin,
	"trap": kTrap, "trap.done": kTrapDone,
	"mmio.read": kMMIORead, "mmio.write": kMMIOWrite,
	"call": kCall, "return": kReturn, "at": kAt,
}

// classOf classifies a kind: one of classes, or a head event of a column
// of a registered device, with the column's index.
func classOf(name string) (kindClass, int) {
	if c, ok := classes[name]; ok {
		return c, -1
	}
	if _, i := headColumn(name); i >= 0 {
		return kHead, i
	}
	return kOther, -1
}

type kindInfo struct {
	name  string
	class kindClass
	col   int // the column of a head event
	seen  bool
}

type srcInfo struct {
	name string
	lane Lane
	cpu  int
	seen bool
}

func (f *folder) kind(k sim.Kind) kindInfo {
	for int(k) >= len(f.kinds) {
		f.kinds = append(f.kinds, kindInfo{})
	}
	if !f.kinds[k].seen {
		n := k.Name()
		c, col := classOf(n)
		f.kinds[k] = kindInfo{name: n, class: c, col: col, seen: true}
	}
	return f.kinds[k]
}

func (f *folder) source(s sim.SourceID) srcInfo {
	for int(s) >= len(f.srcs) {
		f.srcs = append(f.srcs, srcInfo{})
	}
	if !f.srcs[s].seen {
		n := f.t.SourceName(s)
		lane, cpu := classifySource(n)
		f.srcs[s] = srcInfo{name: n, lane: lane, cpu: cpu, seen: true}
	}
	return f.srcs[s]
}

// classifySource puts cpuN and cpuN.irq on the CPU lane as CPU N, the
// device (nic, nic.*) and the wire (wire, wire.*) on the NIC lane.
func classifySource(name string) (Lane, int) {
	if rest, ok := strings.CutPrefix(name, "cpu"); ok {
		num, _, _ := strings.Cut(rest, ".")
		if n, err := strconv.Atoi(num); err == nil && n >= 0 {
			return LaneCPU, n
		}
	}
	for _, p := range []string{"nic", "wire"} {
		if name == p || strings.HasPrefix(name, p+".") {
			return LaneNIC, -1
		}
	}
	return LaneOther, -1
}

// args renders an event's arguments: the lock name for lock events, else
// what the kind's formatter gives in the trace file.
func args(t *sim.Trace, e *sim.Event, src, kind string) string {
	switch classes[kind] {
	case kAcquire, kRelease, kCall:
		return e.S
	case kSpin:
		return fmt.Sprintf("%s held by cpu%d", e.S, e.B)
	}
	line := t.Format(e)
	// Format gives "t=<ns> <source> <kind>[ args]".
	n := len("t=") + digits(int64(e.T)) + 1 + len(src) + 1 + len(kind)
	if len(line) <= n+1 {
		return ""
	}
	return line[n+1:]
}

func digits(v int64) int {
	n := 1
	if v < 0 {
		n, v = 2, -v
	}
	for ; v >= 10; v /= 10 {
		n++
	}
	return n
}

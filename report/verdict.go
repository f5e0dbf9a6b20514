package report

import (
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/sim"
)

// KindFail is the kind of the row WithVerdict adds.
const KindFail = "FAIL"

// WithVerdict returns rows followed by a row for a failing verdict v (rows
// unchanged if v passed). Failures are detected inside a step and emit no
// event of their own, so this row puts the failure on the timeline: at the
// verdict's time, with the state of the last row, in the lane of the first
// CPU the message names (the CPU that re-acquired, spins or crashed), else
// in the right lane.
func WithVerdict(rows []Row, v *sim.Verdict) []Row {
	if v.Pass() {
		return rows
	}
	r := Row{Index: -1, T: v.T, Lane: LaneOther, CPU: -1, Src: "verdict", Kind: KindFail,
		args: v.Class + ": " + firstLine(v.Message)}
	if n := len(rows); n > 0 {
		last := &rows[n-1]
		r.Intr, r.Locks, r.TX, r.RX, r.Dev = last.Intr, last.Locks, last.TX, last.RX, last.Dev
	} else {
		r.TX, r.RX = unknownRing, unknownRing
	}
	if cpu := namedCPU(v.Message); cpu >= 0 && v.Class != sim.ClassLivelock {
		r.Lane, r.CPU = LaneCPU, cpu
	}
	return append(rows[:len(rows):len(rows)], r)
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// namedCPU is N of the first "cpuN" in s, or -1.
func namedCPU(s string) int {
	for i := 0; ; {
		j := strings.Index(s[i:], "cpu")
		if j < 0 {
			return -1
		}
		i += j + 3
		k := i
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > i && (i-3 == 0 || !isWord(s[i-4])) {
			n, err := strconv.Atoi(s[i:k])
			if err == nil {
				return n
			}
		}
	}
}

func isWord(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

package report

import (
	"bufio"
	"fmt"
	"github.com/nicsim/nicsim/nic"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/nicsim/nicsim/sim"
)

// DefaultWidth is the text timeline's width when WriteText is given 0.
const DefaultWidth = 160

const (
	maxLocksW = 30 // the locks column is cut beyond this
	minLanesW = 40 // the two lanes get at least this much together
)

// WriteText writes rows as a plain-text two-lane timeline at most width
// columns wide (DefaultWidth if width <= 0): virtual time in milliseconds,
// the CPU lane, the NIC and wire lane, the locks held and the TX and RX
// ring registers after each event. Columns are as wide as their text
// needs; when the lanes do not fit, the longer one is cut with "…".
func WriteText(w io.Writer, rows []Row, width int) error {
	if width <= 0 {
		width = DefaultWidth
	}
	lines := make([]textRow, 0, len(rows)+1)
	cols := columnTitles(rows)
	lines = append(lines, textRow{"t (ms)", "CPUs", "NIC / wire", "locks held", cols[0], cols[1]})
	for i := range rows {
		lines = append(lines, newTextRow(&rows[i]))
	}
	l := layout(lines, width)
	bw := bufio.NewWriter(w)
	for _, r := range lines {
		l.line(bw, &r)
	}
	return bw.Flush()
}

// textRow is one line's cells: time, lanes, locks, TX, RX.
type textRow [6]string

func newTextRow(r *Row) textRow {
	cpu, nic := laneText(r)
	return textRow{FormatMillis(r.T), cpu, nic, LocksText(r.Locks), RingText(r.TX), RingText(r.RX)}
}

// textLayout is the width of each column.
type textLayout [6]int

func layout(lines []textRow, width int) textLayout {
	var l textLayout
	for _, r := range lines {
		for i, c := range r {
			l[i] = max(l[i], utf8.RuneCountInString(c))
		}
	}
	l[3] = min(l[3], maxLocksW)
	avail := max(width-(l[0]+2+l[3]+l[4]+l[5]+3*3+1), minLanesW)
	if l[1]+l[2] > avail {
		cpu := min(l[1], max(avail/2, avail-l[2]))
		l[1], l[2] = cpu, avail-cpu
	}
	return l
}

func (l textLayout) line(w *bufio.Writer, r *textRow) {
	s := fmt.Sprintf("%*s  %s | %s | %s | %s %s", l[0], r[0], fit(r[1], l[1]), fit(r[2], l[2]),
		fit(r[3], l[3]), fit(r[4], l[4]), r[5])
	w.WriteString(strings.TrimRight(s, " "))
	w.WriteByte('\n')
}

// laneText is the row's text in its lane; the other lane is empty.
func laneText(r *Row) (cpu, nic string) {
	if r.Lane != LaneCPU {
		return "", r.Src + " " + r.Text()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cpu%d ", r.CPU)
	if r.InIntr(r.CPU) {
		b.WriteString("intr ")
	}
	b.WriteString(r.Text())
	if r.At != "" {
		b.WriteString(" @ ")
		b.WriteString(r.At)
	}
	return b.String(), ""
}

// fit pads s to n columns, cutting it with "…" when it is longer.
func fit(s string, n int) string {
	c := utf8.RuneCountInString(s)
	if c <= n {
		return s + strings.Repeat(" ", n-c)
	}
	i := 0
	for k := 0; k < n-1; k++ {
		_, sz := utf8.DecodeRuneInString(s[i:])
		i += sz
	}
	return s[:i] + "…"
}

// FormatMillis renders virtual time in milliseconds to the nanosecond
// (1.204310), so that neighbouring steps stay apart.
func FormatMillis(t sim.Time) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return fmt.Sprintf("%s%d.%06d", sign, t/sim.Millisecond, t%sim.Millisecond)
}

// RingText renders head/tail ("3/5"), with "?" for what is not known.
func RingText(g Ring) string {
	return num(g.Head) + "/" + num(g.Tail)
}

func num(v int32) string {
	if v < 0 {
		return "?"
	}
	return fmt.Sprint(v)
}

// LocksText renders the locks held and who spins on them:
// "e1000_lock@cpu0 (cpu1 spins), net_lock@cpu2"; a CPU spinning on a lock
// nobody holds (it was released, and the CPU has not retried yet, or it
// was taken before the trace begins) shows as "(cpu1 spins on e1000_lock)".
func LocksText(locks []Hold) string {
	var parts []string
	for _, h := range locks {
		if h.Spin {
			continue
		}
		parts = append(parts, h.Lock+"@"+cpuName(h.CPU)+spinners(locks, h.Key))
	}
	for _, h := range locks {
		if h.Spin && !heldKey(locks, h.Key) {
			parts = append(parts, "("+cpuName(h.CPU)+" spins on "+h.Lock+")")
		}
	}
	return strings.Join(parts, ", ")
}

func spinners(locks []Hold, key uint64) string {
	var s []string
	for _, h := range locks {
		if h.Spin && h.Key == key {
			s = append(s, cpuName(h.CPU)+" spins")
		}
	}
	if len(s) == 0 {
		return ""
	}
	return " (" + strings.Join(s, ", ") + ")"
}

func heldKey(locks []Hold, key uint64) bool {
	for _, h := range locks {
		if !h.Spin && h.Key == key {
			return true
		}
	}
	return false
}

func cpuName(id int) string { return fmt.Sprintf("cpu%d", id) }

// columnTitles are the headers of the two ring columns of rows' device
// ("TDH/TDT", "RDH/RDT"), or "TX" and "RX".
func columnTitles(rows []Row) [2]string {
	var m *nic.Model
	for i := len(rows) - 1; i >= 0 && m == nil; i-- {
		m = rows[i].Dev
	}
	v := newDevView(m)
	return v.titles()
}

// columnNames are the head and tail register names of column i of m
// ("TDH", "TDT"), or "head" and "tail".
func columnNames(m *nic.Model, i int) (string, string) {
	if m != nil && i < len(m.Columns) {
		return m.Columns[i].Head, m.Columns[i].Tail
	}
	return "head", "tail"
}

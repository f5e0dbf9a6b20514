package debugger

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/report"
)

// Where describes the cursor: row, step, time and the row's event.
func (e *Engine) Where() string {
	r := &e.rows[e.cur]
	step := strconv.Itoa(e.rowStep[e.cur])
	if e.rowStep[e.cur] > e.nsteps {
		step = "end"
	}
	s := fmt.Sprintf("row %d/%d  step %s/%d  t=%sms  %s %s", e.cur, len(e.rows)-1, step, e.nsteps,
		report.FormatMillis(r.T), r.Src, r.Text())
	if r.At != "" {
		s += "  @ " + r.At
	}
	if e.AtFinding() {
		s += "\n" + e.findingText()
	}
	return s
}

func (e *Engine) findingText() string {
	if e.verdict.Pass() {
		return "no finding: the run passed"
	}
	return fmt.Sprintf("FINDING %s at step %d (t=%sms): %s", e.verdict.Class, e.nsteps+1,
		report.FormatMillis(e.verdict.T), e.verdict.Message)
}

// timeline draws rows around the cursor in two lanes: CPUs | NIC and wire,
// then the locks held and the rings' head/tail after each row. width 0
// does not truncate.
func (e *Engine) timeline(before, after, width int) string {
	lo, hi := max(0, e.cur-before), min(len(e.rows), e.cur+after+1)
	var b strings.Builder
	fmt.Fprintf(&b, "  %12s %5s  %-46s | %-40s | %-20s | %s\n", "t (ms)", "step", "CPUs", "NIC / wire", "locks held", "TDH/TDT RDH/RDT")
	for i := lo; i < hi; i++ {
		r := &e.rows[i]
		mark := " "
		if i == e.cur {
			mark = ">"
		}
		cpu, dev := "", ""
		text := r.Src + " " + r.Text()
		if r.Lane == report.LaneCPU {
			cpu = text
			if r.At != "" {
				cpu += " @ " + r.At
			}
		} else {
			dev = text
		}
		line := fmt.Sprintf("%s %12s %5d  %-46s | %-40s | %-20s | %-7s %s", mark, report.FormatMillis(r.T), e.rowStep[i],
			fit(cpu, 46), fit(dev, 40), fit(report.LocksText(r.Locks), 20), report.RingText(r.TX), report.RingText(r.RX))
		if width > 0 {
			line = fit(line, width)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func fit(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	return string(r[:n-1]) + "…"
}

// RenderRings draws each ring or list slot by slot: owner, fields, flags,
// and where head and tail point.
func RenderRings(st *nic.State) string {
	var b strings.Builder
	for i := range st.Rings {
		if i > 0 {
			b.WriteByte('\n')
		}
		renderRing(&b, &st.Rings[i])
	}
	for _, u := range st.Units {
		fmt.Fprintf(&b, "\n%s: %s", u.Name, u.State)
	}
	return strings.TrimRight(b.String(), "\n")
}

func renderRing(b *strings.Builder, r *nic.RingView) {
	owned := 0
	for _, s := range r.Slots {
		if s.Owner == nic.OwnerDevice {
			owned++
		}
	}
	head := ""
	if r.Head >= 0 {
		head = fmt.Sprintf(" %s=%d %s=%d,", r.HeadName, r.Head, r.TailName, r.Tail)
	}
	fmt.Fprintf(b, "%s at %#x, %d slots,%s device owns %d\n", r.Name, r.Base, len(r.Slots), head, owned)
	if len(r.Slots) == 0 {
		b.WriteString("  (not set up)\n")
		return
	}
	rows := [][]string{slotHeader(&r.Slots[0])}
	for i := range r.Slots {
		rows = append(rows, slotCells(r, &r.Slots[i]))
	}
	writeTable(b, rows)
}

func slotHeader(s *nic.Slot) []string {
	h := []string{"slot", "owner"}
	for _, f := range s.Fields {
		h = append(h, f.Name)
	}
	return append(h, "flags", "")
}

func slotCells(r *nic.RingView, s *nic.Slot) []string {
	c := []string{"[" + strconv.Itoa(s.Index) + "]", s.Owner.String()}
	for _, f := range s.Fields {
		c = append(c, fieldText(f))
	}
	c = append(c, strings.Join(s.Flags, " "))
	var marks []string
	if s.Index == r.Head {
		marks = append(marks, "<- "+r.HeadName)
	}
	if s.Index == r.Tail {
		marks = append(marks, "<- "+r.TailName)
	}
	if s.Note != "" && s.Index != r.Head { // the head's note is what its marker says
		marks = append(marks, s.Note)
	}
	return append(c, strings.Join(marks, " "))
}

// fieldText renders a field: addresses, byte-wide command and status
// fields and 16-bit words with high bits set (the 82557's status and
// command) in hex, 16-bit counts and lengths in decimal.
func fieldText(f nic.Field) string {
	if f.Width >= 4 || f.Width == 1 || f.Value >= 0x1000 {
		return fmt.Sprintf("%#x", f.Value)
	}
	return strconv.FormatUint(f.Value, 10)
}

func writeTable(b *strings.Builder, rows [][]string) {
	var w []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(w) {
				w = append(w, 0)
			}
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		var line strings.Builder
		line.WriteString("  ")
		for i, c := range r {
			line.WriteString(c + strings.Repeat(" ", w[i]-len([]rune(c))+2))
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// RenderRegs lists the registers, perLine to a line.
func RenderRegs(st *nic.State, perLine int) string {
	var b strings.Builder
	for i, r := range st.Registers {
		if i > 0 && i%perLine == 0 {
			b.WriteByte('\n')
		} else if i > 0 {
			b.WriteString("  ")
		}
		fmt.Fprintf(&b, "%-6s=0x%0*x", r.Name, 2*r.Width, r.Value)
	}
	return b.String()
}

// RenderLocks lists the locks, their holders and the CPUs spinning on them.
func RenderLocks(s *Snapshot) string {
	if len(s.Locks) == 0 {
		return "no locks"
	}
	var b strings.Builder
	for i, l := range s.Locks {
		if i > 0 {
			b.WriteByte('\n')
		}
		holder := "free"
		if l.Holder >= 0 {
			holder = fmt.Sprintf("held by cpu%d", l.Holder)
		}
		fmt.Fprintf(&b, "%-12s %s", l.Name, holder)
		for _, c := range l.Spinners {
			fmt.Fprintf(&b, ", cpu%d spins", c)
		}
	}
	return b.String()
}

// RenderCPUs describes each CPU: contexts, interrupts on or off, source line.
func RenderCPUs(s *Snapshot) string {
	var b strings.Builder
	for i, c := range s.CPUs {
		if i > 0 {
			b.WriteByte('\n')
		}
		intr := "intr off"
		if c.SIE {
			intr = "intr on"
		}
		if c.InTrap {
			intr += ", in trap"
		}
		name, what, _ := strings.Cut(c.Describe, ": ")
		fmt.Fprintf(&b, "%s [%s, noff=%d]", name, intr, c.Noff)
		if c.Line > 0 {
			fmt.Fprintf(&b, " next %s:%d", c.File, c.Line)
		}
		fmt.Fprintf(&b, ": %s", what)
	}
	return b.String()
}

// sourceCPU is the CPU whose source the cursor shows: the one that ran the
// failing step at the finding, else the row's, or the last CPU row's
// before it.
func (e *Engine) sourceCPU(s *Snapshot) int {
	if k := e.rowStep[e.cur]; e.rows[e.cur].Index < 0 && k <= len(e.actors) {
		if id, ok := cpuOf(e.actors[k-1]); ok && id < len(s.CPUs) && s.CPUs[id].Line > 0 {
			return id
		}
	}
	for i := e.cur; i >= 0; i-- {
		if c := e.rows[i].CPU; c >= 0 && c < len(s.CPUs) && s.CPUs[c].Line > 0 {
			return c
		}
	}
	for _, c := range s.CPUs {
		if c.Line > 0 {
			return c.ID
		}
	}
	return -1
}

// sourceAround shows the source around the cursor's line: "=>" marks the
// line the row's step ran (for a CPU row of a hosted driver), "->" the line
// the CPU runs next.
func (e *Engine) sourceAround(s *Snapshot, n int) string {
	id := e.sourceCPU(s)
	if id < 0 {
		return e.lastRan(n)
	}
	c := s.CPUs[id]
	file, ran := e.ranLine(id)
	head := fmt.Sprintf("cpu%d next at %s:%d", id, c.File, c.Line)
	if ran > 0 && file == c.File {
		head = fmt.Sprintf("cpu%d ran %s:%d in this step, next at line %d", id, file, ran, c.Line)
	} else {
		ran = 0
	}
	lines := e.source[c.File]
	if lines == nil {
		return head + " (source not available)"
	}
	return head + excerpt(lines, ran, c.Line, n)
}

// lastRan shows the source line a CPU ran last before the cursor, when no
// CPU runs driver code at the cursor.
func (e *Engine) lastRan(n int) string {
	const none = "no C source line at this step (no CPU runs hosted driver code)"
	if e.dw == nil {
		return "no C source: the Go model driver runs as Go code (cpus shows where each CPU is)"
	}
	for i := e.cur; i >= 0 && i > e.cur-5000; i-- {
		k := e.rowStep[i]
		if e.rows[i].CPU < 0 || k < 1 || k > len(e.stepPC) || e.stepPC[k-1] == 0 {
			continue
		}
		if id, ok := cpuOf(e.actors[k-1]); !ok || id != e.rows[i].CPU {
			continue
		}
		file, line := e.dw.line(e.stepPC[k-1] - 1)
		if lines := e.source[file]; line > 0 && lines != nil {
			return fmt.Sprintf("no CPU runs driver code; cpu%d last ran %s:%d (step %d)", e.rows[i].CPU, file, line, k) +
				excerpt(lines, line, 0, n)
		}
	}
	return none
}

// excerpt renders lines around focus, "=>" on ran and "->" on next.
func excerpt(lines []string, ran, next, n int) string {
	focus := next
	if ran > 0 {
		focus = ran
	}
	var b strings.Builder
	for l := max(1, focus-n); l <= min(len(lines), focus+n); l++ {
		mark := "  "
		switch l {
		case ran:
			mark = "=>"
		case next:
			mark = "->"
		}
		fmt.Fprintf(&b, "\n%s %4d  %s", mark, l, strings.ReplaceAll(lines[l-1], "\t", "    "))
	}
	return b.String()
}

// ranLine is the source line cpu ran in the cursor row's step, if the row
// is that CPU's (or is the finding, whose step cpu ran).
func (e *Engine) ranLine(cpu int) (string, int) {
	r := &e.rows[e.cur]
	k := e.rowStep[e.cur]
	verdict := r.Index < 0 // the finding: the failing step, whoever ran it
	if !verdict && r.CPU != cpu || k < 1 || k > len(e.stepPC) || e.dw == nil {
		return "", 0
	}
	if id, ok := cpuOf(e.actors[k-1]); !ok || id != cpu || e.stepPC[k-1] == 0 {
		return "", 0
	}
	return e.dw.line(e.stepPC[k-1] - 1)
}

// StateText is every pane as text: position, rings, registers, locks,
// CPUs, source and the finding.
func (e *Engine) StateText(s *Snapshot) string {
	parts := []string{e.Where(), RenderRings(&s.Device), RenderRegs(&s.Device, 4), RenderLocks(s), RenderCPUs(s), e.sourceAround(s, 3)}
	return strings.Join(parts, "\n\n")
}

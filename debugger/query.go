package debugger

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/nic"
)

// until moves forward (or back) to the next write of a register, the next
// step at a source line, or the next call of a kernel service.
func (e *Engine) until(arg string, fwd bool) (string, error) {
	if arg == "" {
		return "", fmt.Errorf("want a register (TDT), a source line (e1000.c:118) or a kernel service (mbuffree)")
	}
	match, err := e.untilMatch(arg)
	if err != nil {
		return "", err
	}
	dir := 1
	if !fwd {
		dir = -1
	}
	for i := e.cur + dir; i >= 0 && i < len(e.rows); i += dir {
		if match(i) {
			return e.jump(i)
		}
	}
	return fmt.Sprintf("no %s %s row %d: the cursor stays\n%s", arg, map[bool]string{true: "after", false: "before"}[fwd], e.cur, e.Where()), nil
}

// untilMatch returns the test of a row for until's target.
func (e *Engine) untilMatch(arg string) (func(int) bool, error) {
	s, err := e.Current()
	if err != nil {
		return nil, err
	}
	if reg, ok := findReg(&s.Device, arg); ok {
		steps := e.changeSteps(func(c *Change) bool { return c.What == reg })
		return func(i int) bool {
			r := &e.rows[i]
			return r.Kind == "mmio.write" && strings.HasPrefix(r.Args(), reg+"=") || e.firstOfStep(i, steps)
		}, nil
	}
	if file, line, ok := sourceLine(arg); ok {
		if e.dw == nil {
			return nil, fmt.Errorf("%s: the driver has no line table (a Go model driver)", arg)
		}
		steps := map[int]bool{}
		for k, pc := range e.stepPC {
			if pc != 0 {
				if f, l := e.dw.line(pc - 1); l == line && (file == "" || f == file) {
					steps[k+1] = true
				}
			}
		}
		return func(i int) bool { return e.firstOfStep(i, steps) }, nil
	}
	steps := map[int]bool{}
	known := map[string]bool{}
	for _, c := range e.calls {
		known[c.Name] = true
		if c.Name == arg {
			steps[c.Step] = true
		}
	}
	if !known[arg] {
		return nil, fmt.Errorf("%q is not a register of %s, a FILE:LINE, or a kernel service this run called (%s)",
			arg, s.Device.Device, strings.Join(sortedKeys(known), ", "))
	}
	return func(i int) bool { return e.firstOfStep(i, steps) }, nil
}

// firstOfStep reports whether row i is the first row of a step in steps.
func (e *Engine) firstOfStep(i int, steps map[int]bool) bool {
	k := e.rowStep[i]
	return steps[k] && (i == 0 || e.rowStep[i-1] != k)
}

func (e *Engine) changeSteps(f func(*Change) bool) map[int]bool {
	steps := map[int]bool{}
	for i := range e.changes {
		if f(&e.changes[i]) {
			steps[e.changes[i].Step] = true
		}
	}
	return steps
}

func sourceLine(arg string) (string, int, bool) {
	file, ln, ok := strings.Cut(arg, ":")
	if !ok {
		return "", 0, false
	}
	n, err := strconv.Atoi(ln)
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return path.Base(file), n, true
}

func findReg(st *nic.State, name string) (string, bool) {
	for _, r := range st.Registers {
		if strings.EqualFold(r.Name, name) {
			return r.Name, true
		}
	}
	return "", false
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slicesSort(out)
	return out
}

// who names the step that last wrote X's value at the cursor.
func (e *Engine) who(arg string) (string, error) {
	if arg == "" {
		return "", fmt.Errorf("want a register (RDT), a ring slot field (TX[3].status) or a driver expression (rx_ring[0].length)")
	}
	s, err := e.Current()
	if err != nil {
		return "", err
	}
	what, label, err := e.resolve(s, arg)
	if err != nil {
		return "", err
	}
	cur := e.rowStep[e.cur]
	for i := len(e.changes) - 1; i >= 0; i-- {
		c := &e.changes[i]
		if c.Step <= cur && what(c.What) {
			return e.describeChange(label, c), nil
		}
	}
	return fmt.Sprintf("%s: not written since the run began (as the device has it at step %d)", label, cur), nil
}

// resolve resolves who's argument to a test of Change.What.
func (e *Engine) resolve(s *Snapshot, arg string) (func(string) bool, string, error) {
	if reg, ok := findReg(&s.Device, arg); ok {
		return func(w string) bool { return w == reg }, reg, nil
	}
	if w, ok := ringTarget(&s.Device, arg); ok {
		if strings.Contains(w, ".") {
			return func(x string) bool { return x == w }, w, nil
		}
		return func(x string) bool { return strings.HasPrefix(x, w+".") }, w, nil
	}
	if e.dw == nil {
		return nil, "", fmt.Errorf("%q is not a register or ring slot of %s", arg, s.Device.Device)
	}
	addr, t, err := e.dw.locate(&s.mem, arg)
	if err != nil {
		return nil, "", err
	}
	w, ok := slotAt(&s.Device, addr, uint64(t.Size()))
	if !ok {
		return nil, "", fmt.Errorf("%s (at %#x) is not a register or in a ring of %s: who follows registers and descriptors", arg, addr, s.Device.Device)
	}
	label := arg + " (" + w + ")"
	if strings.Contains(w, ".") {
		return func(x string) bool { return x == w }, label, nil
	}
	return func(x string) bool { return strings.HasPrefix(x, w+".") }, label, nil
}

// ringTarget parses RING[i], RING[i].field or RING[i].FLAG.
func ringTarget(st *nic.State, arg string) (string, bool) {
	name, rest, ok := strings.Cut(arg, "[")
	if !ok {
		return "", false
	}
	idx, tail, ok := strings.Cut(rest, "]")
	n, err := strconv.Atoi(idx)
	if !ok || err != nil {
		return "", false
	}
	for _, r := range st.Rings {
		if strings.EqualFold(r.Name, name) && n >= 0 && n < len(r.Slots) {
			w := r.Name + "[" + idx + "]"
			if tail == "" {
				return w, true
			}
			field, ok := strings.CutPrefix(tail, ".")
			return w + "." + field, ok && field != ""
		}
	}
	return "", false
}

// slotAt maps a memory range to the ring slot field (or slot) it lies in.
func slotAt(st *nic.State, addr, n uint64) (string, bool) {
	for _, r := range st.Rings {
		for _, s := range r.Slots {
			size := slotSize(&s)
			if addr < s.Addr || addr >= s.Addr+size {
				continue
			}
			w := fmt.Sprintf("%s[%d]", r.Name, s.Index)
			for _, f := range s.Fields {
				if uint64(f.Off) == addr-s.Addr && uint64(f.Width) >= n {
					return w + "." + f.Name, true
				}
			}
			return w, true
		}
	}
	return "", false
}

func slotSize(s *nic.Slot) uint64 {
	var end uint64
	for _, f := range s.Fields {
		end = max(end, uint64(f.Off+f.Width))
	}
	return end
}

func (e *Engine) describeChange(label string, c *Change) string {
	writer := c.Actor + " DMA write"
	if c.DMA != "" {
		writer = c.DMA + " DMA write"
		if c.DMA != c.Actor {
			writer += " inside " + c.Actor + "'s step"
		}
	} else if _, ok := cpuOf(c.Actor); ok {
		writer = c.Actor + " store"
		if c.How != "" {
			writer = c.How
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s = %#x, written at step %d by %s (%#x -> %#x)", label, c.New, c.Step, writer, c.Old, c.New)
	if c.Line != "" {
		fmt.Fprintf(&b, " at %s", c.Line)
	}
	if c.Context != "" && c.DMA == "" {
		fmt.Fprintf(&b, "\n  %s", c.Context)
	}
	fmt.Fprintf(&b, "\n  (step %d to go there)", c.Step)
	return b.String()
}

// print shows a driver global at the cursor.
func (e *Engine) print(arg string) (string, error) {
	s, err := e.Current()
	if err != nil {
		return "", err
	}
	if e.dw != nil {
		if arg == "" {
			return e.dw.globals(), nil
		}
		return e.dw.printC(&s.mem, arg)
	}
	if arg == "" {
		return goGlobals(s.driver), nil
	}
	return printGo(s.driver, arg)
}

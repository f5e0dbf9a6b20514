package csrc

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A mutant of a kernel's zoo is a small patch against one of the kernel's
// reference drivers, in a text file <name>.mutant: a header of "key: value"
// lines in a fixed order, then one or more replacement blocks.
//
//	row: 1
//	bug: ARP re-entrancy: the receive path holds the transmit lock across net_rx
//	verdict: lock-reentry
//	oracle: lock
//	qemu: yes
//	scenario: ping
//	--- replace
//	<exact lines of the reference driver>
//	+++ with
//	<the lines that take their place>
//	--- replace
//	...
//
// Header keys, all on one line each, in this order:
//
//	row       the row of notes/bugs.md (1-39), or "-" for a bug outside the catalogue
//	bug       one line: the planted bug
//	verdict   the verdict class nicsim is expected to report (a class of
//	          sim, of the device or of the kernel: see [Mutant.Check])
//	oracle    the component expected to catch it ([Oracles])
//	qemu      yes, no or sometimes: would a student see it under QEMU?
//	scenario  the workload that expresses it, one of the kernel's ("ping")
//	params    optional: scenario knobs it needs, "key=value ..." ([ParamKeys])
//	strict    optional: the verdict class when hunting with the strict
//	          personality alone, where it differs from verdict (which is what
//	          a hunt alternating both personalities reports first)
//	needs     optional: what the workload lacks to express the bug at all;
//	          such a mutant is expected to pass today
//	file      optional: the file the blocks edit, a slash path in a lab tree
//	          ("kernel/net.c"), for a variant of a whole student tree; a zoo
//	          mutant edits its kernel's reference driver and names none
//
// A block's lines are taken verbatim, blank lines included, up to the next
// marker line ("--- replace", "+++ with") or the end of the file. Each
// replace text must occur exactly once in the reference driver, at the
// start of a line; blocks must not overlap. An empty "with" deletes.

// MaxRow is the last row of the catalogue (notes/bugs.md): rows 34-39 are
// the 2024+ lab's net.c bugs (queue bound, lost wakeup, leak of dropped
// datagrams, spinlock across sleep, copyout past the buffer, wrong port).
const MaxRow = 39

// Mutant is a zoo mutant: its tags and its patch.
type Mutant struct {
	Name     string      // "zoo:xv6/arp-reentrant" (empty from [ParseMutant])
	ABI      string      // the kernel's name, "xv6" (empty from [ParseMutant])
	Row      int         // row of notes/bugs.md; 0 for a bug outside the catalogue
	Bug      string      // one line: the planted bug
	Verdict  string      // expected verdict class, e.g. "lock-reentry"
	Oracle   string      // expected oracle, e.g. "lock"
	QEMU     string      // "yes", "no" or "sometimes"
	Scenario string      // "ping"
	Params   [][2]string // scenario knobs the bug needs, in file order
	Strict   string      // verdict class under the strict personality alone, if it differs
	Needs    string      // what the workload lacks to express the bug ("" if nothing)
	File     string      // the file of a lab tree the blocks edit ("" for a zoo mutant)
	Blocks   []Block     // the replacements
}

// Block is one replacement of a mutant.
type Block struct {
	Line int    // line of its "--- replace" marker in the .mutant file
	Old  string // reference lines, each ending in "\n"
	New  string // their replacement, each line ending in "\n" ("" deletes)
}

// Oracles are the components a mutant may name as the one that catches it:
//
//	lock          xv6 spinlock semantics (panic: acquire / release, deadlock)
//	lockdep       lock-order tracking
//	ownership     the device's ring-ownership tracking
//	delivery      exactly-once, in-order delivery in both directions
//	liveness      quiescence with work undone, step and time budgets, silent spins
//	heap          kfree checks and the leak check at quiescence
//	dma           device DMA outside RAM or into freed pages
//	crash         a fault in the driver
//	config        the range checks of ring registers (both personalities, judged while the ring is in force)
//	memory-order  stores not published by a barrier before the tail write
//	device        a device model's own finding (the 82557: lost SCB
//	              commands, CU stalls, misaligned blocks)
//	callback      the eth API's callback contract (ids, statuses)
//	environment   JOS's user environments at the kernel boundary (user
//	              pointers checked by system calls, IPC pages)
//	socket        the 2024+ net.c's socket oracles (queue bound, lost
//	              wakeup, locks across sleep, page leaks, copyout, ports)
var Oracles = []string{
	"lock", "lockdep", "ownership", "delivery", "liveness", "heap", "dma", "crash", "config", "memory-order",
	"device", "callback", "environment", "socket",
}

// ParamKeys are the scenario knobs a mutant's params may set (the names of
// harness.Config.Params).
var ParamKeys = []string{"packets", "ring", "cpus", "procs", "payload"}

// header keys in file order, and whether each is required.
var headerKeys = []struct {
	key      string
	required bool
}{
	{"row", true}, {"bug", true}, {"verdict", true}, {"oracle", true}, {"qemu", true},
	{"scenario", true}, {"params", false}, {"strict", false}, {"needs", false},
	{"file", false},
}

const (
	markReplace = "--- replace"
	markWith    = "+++ with"
)

var (
	classWord  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	headerLine = regexp.MustCompile(`^([a-z]+): (\S.*)$`)
	paramWord  = regexp.MustCompile(`^([a-z]+)=([0-9]+)$`)
)

// ParseMutant parses the text of a .mutant file. The result has no Name
// or ABI; the error says which line is wrong.
func ParseMutant(text []byte) (Mutant, error) {
	var m Mutant
	if len(text) == 0 || text[len(text)-1] != '\n' {
		return m, errors.New("file must end with a newline")
	}
	lines := strings.Split(string(text[:len(text)-1]), "\n")
	i, next := 0, 0 // line index; next header key allowed
	for ; i < len(lines) && lines[i] != markReplace; i++ {
		sub := headerLine.FindStringSubmatch(lines[i])
		if sub == nil {
			return m, fmt.Errorf("line %d: want \"key: value\" or %q, got %q", i+1, markReplace, lines[i])
		}
		key, val := sub[1], sub[2]
		k := next
		for k < len(headerKeys) && headerKeys[k].key != key {
			if headerKeys[k].required {
				return m, fmt.Errorf("line %d: %q where %q must come (keys in order: %s)", i+1, key, headerKeys[k].key, keyOrder())
			}
			k++
		}
		if k == len(headerKeys) {
			return m, fmt.Errorf("line %d: unknown, repeated or misplaced key %q (keys in order: %s)", i+1, key, keyOrder())
		}
		next = k + 1
		if strings.TrimSpace(val) != val {
			return m, fmt.Errorf("line %d: trailing space in %s", i+1, key)
		}
		if err := m.set(key, val); err != nil {
			return m, fmt.Errorf("line %d: %s: %v", i+1, key, err)
		}
	}
	for k := next; k < len(headerKeys); k++ {
		if headerKeys[k].required {
			return m, fmt.Errorf("line %d: missing %q before the first %q", i+1, headerKeys[k].key, markReplace)
		}
	}
	if m.Strict != "" && m.Strict == m.Verdict {
		return m, fmt.Errorf("strict: %q repeats verdict (give strict only when it differs)", m.Strict)
	}
	if i == len(lines) {
		return m, fmt.Errorf("no %q block", markReplace)
	}
	for i < len(lines) {
		b := Block{Line: i + 1}
		var old, repl []string
		for i++; i < len(lines) && lines[i] != markWith; i++ {
			if lines[i] == markReplace {
				return m, fmt.Errorf("line %d: %q without %q for the block at line %d", i+1, markReplace, markWith, b.Line)
			}
			old = append(old, lines[i])
		}
		if i == len(lines) {
			return m, fmt.Errorf("line %d: block has no %q", b.Line, markWith)
		}
		if len(old) == 0 {
			return m, fmt.Errorf("line %d: empty replace text", b.Line)
		}
		for i++; i < len(lines) && lines[i] != markReplace; i++ {
			if lines[i] == markWith {
				return m, fmt.Errorf("line %d: second %q in the block at line %d", i+1, markWith, b.Line)
			}
			repl = append(repl, lines[i])
		}
		b.Old, b.New = joinLines(old), joinLines(repl)
		if b.Old == b.New {
			return m, fmt.Errorf("line %d: block changes nothing", b.Line)
		}
		m.Blocks = append(m.Blocks, b)
	}
	return m, nil
}

func keyOrder() string {
	var ks []string
	for _, k := range headerKeys {
		ks = append(ks, k.key)
	}
	return strings.Join(ks, ", ")
}

func joinLines(ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	return strings.Join(ls, "\n") + "\n"
}

// set checks and stores one header value.
func (m *Mutant) set(key, val string) error {
	oneOf := func(v string, set []string) error {
		if !slices.Contains(set, v) {
			return fmt.Errorf("%q is not one of %s", v, strings.Join(set, ", "))
		}
		return nil
	}
	switch key {
	case "row":
		if val == "-" {
			return nil
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 || n > MaxRow || strconv.Itoa(n) != val {
			return fmt.Errorf("%q: want a row of notes/bugs.md (1-%d) or -", val, MaxRow)
		}
		m.Row = n
	case "bug":
		m.Bug = val
	case "verdict":
		m.Verdict = val
		return word(val)
	case "oracle":
		m.Oracle = val
		return oneOf(val, Oracles)
	case "qemu":
		m.QEMU = val
		return oneOf(val, []string{"yes", "no", "sometimes"})
	case "scenario":
		m.Scenario = val
		return word(val)
	case "params":
		for _, w := range strings.Split(val, " ") {
			sub := paramWord.FindStringSubmatch(w)
			if sub == nil {
				return fmt.Errorf("%q: want key=number", w)
			}
			if err := oneOf(sub[1], ParamKeys); err != nil {
				return err
			}
			for _, p := range m.Params {
				if p[0] == sub[1] {
					return fmt.Errorf("%s given twice", sub[1])
				}
			}
			m.Params = append(m.Params, [2]string{sub[1], sub[2]})
		}
	case "strict":
		m.Strict = val
		return word(val)
	case "needs":
		m.Needs = val
	case "file":
		if !fs.ValidPath(val) || val == "." {
			return fmt.Errorf("%q: want a slash path in the tree, like kernel/net.c", val)
		}
		m.File = val
	}
	return nil
}

// word checks a class or scenario name: lower-case words joined by dashes.
func word(v string) error {
	if !classWord.MatchString(v) {
		return fmt.Errorf("%q: want a lower-case name like lost-packet", v)
	}
	return nil
}

// Param returns the value of a scenario knob the mutant sets, or "".
func (m *Mutant) Param(key string) string {
	for _, p := range m.Params {
		if p[0] == key {
			return p[1]
		}
	}
	return ""
}

// ApplyTo applies the mutant's blocks to ref: each replace text must occur
// exactly once, at the start of a line, and no two may overlap.
func (m *Mutant) ApplyTo(ref []byte) ([]byte, error) {
	type span struct {
		at int
		b  *Block
	}
	spans := make([]span, 0, len(m.Blocks))
	for i := range m.Blocks {
		b := &m.Blocks[i]
		at := lineMatches(ref, b.Old)
		if len(at) != 1 {
			return nil, fmt.Errorf("csrc: mutant %s: block %d (line %d of %s.mutant): its replace text occurs %d times in the reference driver, want exactly once",
				m.Name, i+1, b.Line, path.Base(m.Name), len(at))
		}
		spans = append(spans, span{at[0], b})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.at - b.at })
	var out bytes.Buffer
	pos := 0
	for i, s := range spans {
		if s.at < pos {
			return nil, fmt.Errorf("csrc: mutant %s: block at line %d overlaps the block at line %d", m.Name, s.b.Line, spans[i-1].b.Line)
		}
		out.Write(ref[pos:s.at])
		out.WriteString(s.b.New)
		pos = s.at + len(s.b.Old)
	}
	out.Write(ref[pos:])
	return out.Bytes(), nil
}

// lineMatches returns the offsets at which old occurs in src starting a line.
func lineMatches(src []byte, old string) []int {
	var at []int
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte(old))
		if i < 0 {
			return at
		}
		if p := off + i; p == 0 || src[p-1] == '\n' {
			at = append(at, p)
		}
		off += i + 1
	}
}

// Check reports a verdict or strict class that is not one of classes, or
// a scenario that is not one of scenarios: the classes nicsim can report
// and the workloads of the mutant's kernel, which the registries know
// (guest.CheckMutant asks them).
func (m *Mutant) Check(classes, scenarios []string) error {
	for _, f := range []struct{ key, val string }{{"verdict", m.Verdict}, {"strict", m.Strict}} {
		if f.val != "" && !slices.Contains(classes, f.val) {
			return fmt.Errorf("%s: %q is not one of %s", f.key, f.val, strings.Join(classes, ", "))
		}
	}
	if !slices.Contains(scenarios, m.Scenario) {
		return fmt.Errorf("scenario: %q is not one of %s", m.Scenario, strings.Join(scenarios, ", "))
	}
	return nil
}

// Clone returns a copy of m that shares no slices with it.
func (m Mutant) Clone() Mutant {
	m.Params = slices.Clone(m.Params)
	m.Blocks = slices.Clone(m.Blocks)
	return m
}

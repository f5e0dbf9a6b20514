package debugger

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// CommandError is a command the debugger cannot run: unknown, or with a bad
// argument. It names the command.
type CommandError struct {
	Cmd string
	Err error
}

func (e *CommandError) Error() string { return fmt.Sprintf("command %q: %v", e.Cmd, e.Err) }

func (e *CommandError) Unwrap() error { return e.Err }

// Help lists the commands.
const Help = `commands (separate several with ';'):
  next [N|LANE]     forward N rows (default 1), or to the next row of LANE (cpu0, cpu1, ..., nic)
  back [N|LANE]     backward the same way (also: prev)
  start | end       the first row | the last row
  row N | step K    row N of the timeline | the first row of step K
  finding           the failing row (the verdict)
  until X           forward to the next write of register X (TDT), the next step at a
                    source line (e1000.c:118), the next call of a kernel service (mbuffree),
                    or the finding (until finding)
  back-to X         the same, backward
  who X             the step that last wrote X's current value: a register (RDT), a ring
                    slot's field or flag (TX[3].status, RX[0].DD) or a driver expression
                    that lies in a ring (rx_ring[0].length)
  print [X]         a driver global at the cursor (print tx_ring[3]); no X lists them
  rings | regs | locks | cpus | source | finding-text | timeline [N] | where | state
  help`

// Script runs commands separated by ';' or newlines, writing each one's
// output after a header line "(nicsim) CMD". It stops at the first command
// that fails and returns its error.
func (e *Engine) Script(script string, w io.Writer) error {
	for _, line := range strings.FieldsFunc(script, func(r rune) bool { return r == ';' || r == '\n' }) {
		cmd := strings.TrimSpace(line)
		if cmd == "" {
			continue
		}
		fmt.Fprintf(w, "(nicsim) %s\n", cmd)
		out, err := e.Exec(cmd)
		if err != nil {
			return err
		}
		if out != "" {
			fmt.Fprintln(w, out)
		}
	}
	return nil
}

// Exec runs one command and returns its output. A bad command returns a
// *[CommandError] and leaves the cursor where it was.
func (e *Engine) Exec(cmd string) (string, error) {
	verb, arg, _ := strings.Cut(strings.TrimSpace(cmd), " ")
	arg = strings.TrimSpace(arg)
	out, err := e.exec(verb, arg)
	if err != nil {
		var ce *CommandError
		if !errors.As(err, &ce) {
			err = &CommandError{Cmd: strings.TrimSpace(cmd), Err: err}
		}
	}
	return out, err
}

func (e *Engine) exec(verb, arg string) (string, error) {
	switch verb {
	case "next", "n":
		return e.move(arg, +1)
	case "back", "prev", "b", "p":
		return e.move(arg, -1)
	case "start":
		return e.jump(0)
	case "end":
		return e.jump(len(e.rows) - 1)
	case "row":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 || n >= len(e.rows) {
			return "", fmt.Errorf("want a row number in 0..%d", len(e.rows)-1)
		}
		return e.jump(n)
	case "step":
		return e.gotoStep(arg)
	case "finding":
		if e.verdict.Pass() {
			return "", errors.New("the run passed: there is no finding")
		}
		return e.jump(len(e.rows) - 1)
	case "until", "back-to":
		if verb == "until" && arg == "finding" {
			return e.exec("finding", "")
		}
		return e.until(arg, verb == "until")
	case "who":
		return e.who(arg)
	case "print":
		return e.print(arg)
	case "help":
		return Help, nil
	}
	return e.view(verb, arg)
}

// view runs the commands that only draw.
func (e *Engine) view(verb, arg string) (string, error) {
	if verb == "timeline" {
		n := 8
		if arg != "" {
			v, err := strconv.Atoi(arg)
			if err != nil || v < 0 {
				return "", fmt.Errorf("want a number of rows around the cursor, got %q", arg)
			}
			n = v
		}
		return e.timeline(n, n, 0), nil
	}
	switch verb {
	case "where", "finding-text", "rings", "regs", "locks", "cpus", "source", "state":
	default:
		return "", fmt.Errorf("unknown command (try help)")
	}
	if arg != "" {
		return "", fmt.Errorf("takes no argument")
	}
	if verb == "where" {
		return e.Where(), nil
	}
	if verb == "finding-text" {
		return e.findingText(), nil
	}
	s, err := e.Current()
	if err != nil {
		return "", err
	}
	switch verb {
	case "rings":
		return RenderRings(&s.Device), nil
	case "regs":
		return RenderRegs(&s.Device, 4), nil
	case "locks":
		return RenderLocks(s), nil
	case "cpus":
		return RenderCPUs(s), nil
	case "source":
		return e.sourceAround(s, 5), nil
	case "state":
		return e.StateText(s), nil
	}
	return "", fmt.Errorf("unknown command (try help)")
}

// move steps the cursor by N rows, or to the next row of a lane.
func (e *Engine) move(arg string, dir int) (string, error) {
	if arg == "" {
		arg = "1"
	}
	if n, err := strconv.Atoi(arg); err == nil {
		if n < 0 {
			return "", fmt.Errorf("want a count >= 0, got %d", n)
		}
		return e.jump(clamp(e.cur+dir*n, 0, len(e.rows)-1))
	}
	match, err := e.lane(arg)
	if err != nil {
		return "", err
	}
	for i := e.cur + dir; i >= 0 && i < len(e.rows); i += dir {
		if match(i) {
			return e.jump(i)
		}
	}
	return fmt.Sprintf("no row of %s %s the cursor: the cursor stays\n%s", arg, map[int]string{1: "after", -1: "before"}[dir], e.Where()), nil
}

// lane parses a lane name: cpuN, or nic (the device, the wire and timers).
func (e *Engine) lane(name string) (func(int) bool, error) {
	if name == "nic" {
		return func(i int) bool { return e.rows[i].CPU < 0 && e.rows[i].Index >= 0 }, nil
	}
	if id, ok := cpuOf(name); ok && id < e.Config.CPUs {
		return func(i int) bool { return e.rows[i].CPU == id }, nil
	}
	return nil, fmt.Errorf("%q is not a count or a lane (cpu0..cpu%d, nic)", name, e.Config.CPUs-1)
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// jump moves the cursor to row i and describes where it is.
func (e *Engine) jump(i int) (string, error) {
	if i < 0 || i >= len(e.rows) {
		return "", fmt.Errorf("row %d out of range", i)
	}
	old := e.cur
	e.cur = i
	if _, err := e.Current(); err != nil {
		e.cur = old
		return "", err
	}
	return e.Where(), nil
}

func (e *Engine) gotoStep(arg string) (string, error) {
	k, err := strconv.Atoi(arg)
	if err != nil || k < 1 || k > e.nsteps+1 {
		return "", fmt.Errorf("want a step in 1..%d", e.nsteps+1)
	}
	return e.jump(e.rowOfStep(k))
}

// rowOfStep is the first row showing step k or later.
func (e *Engine) rowOfStep(k int) int {
	for i, s := range e.rowStep {
		if s >= k {
			return i
		}
	}
	return len(e.rows) - 1
}

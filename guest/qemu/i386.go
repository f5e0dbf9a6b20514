package qemu

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// An i386 guest's verdicts name functions: where a hung CPU was (from the
// monitor's registers) and the backtrace of a panic (the return addresses
// the guest printed). [ConsoleSession.Where], [ConsoleSession.Callers] and
// [Backtrace.Names] do that for guest/qemu/pc and guest/qemu/jospc.

var (
	eipRE  = regexp.MustCompile(`EIP=([0-9a-fA-F]{8})`)
	ebpRE  = regexp.MustCompile(`EBP=([0-9a-fA-F]{8})`)
	espRE  = regexp.MustCompile(`ESP=([0-9a-fA-F]{8})`)
	wordRE = regexp.MustCompile(`0x([0-9a-fA-F]+)`)
)

// HangAt is where a hung i386 CPU was, as [ConsoleSession.Where] found it.
type HangAt struct {
	// Message is why, after c.LastMark, and where the CPU was (or why the
	// monitor could not tell).
	Message string
	// Regs is the monitor's "info registers" text when it named EIP ("" else).
	Regs string
	// EIP is the instruction pointer and Where it as function+offset.
	EIP   uint32
	Where string
}

// Where asks the monitor where the CPU is, for a hang verdict saying why.
func (c *ConsoleSession) Where(why string, syms *Symbols) HangAt {
	h := HangAt{Message: why}
	if c.LastMark != "" {
		h.Message += fmt.Sprintf(" after %q", c.LastMark)
	}
	text, err := c.M.HMP("info registers", 500*time.Millisecond)
	if err != nil {
		h.Message += "; " + err.Error()
		return h
	}
	if m := eipRE.FindStringSubmatch(text); m != nil {
		eip, _ := strconv.ParseUint(m[1], 16, 32)
		h.Regs, h.EIP, h.Where = text, uint32(eip), syms.Name(eip)
		h.Message += fmt.Sprintf("; CPU at %s (eip 0x%x)", h.Where, eip)
	}
	return h
}

// Callers names the functions on the guest's stack from the registers in
// "info registers" text, up to one of roots: the frame-pointer chain from
// EBP (saved EBP at [EBP], return address at [EBP+4]), read through the
// monitor. TCG reports EIP at the start of a translation block, so the state
// may be before the function's frame is set up: when ESP != EBP, [ESP] holds
// the caller's EBP (after push %ebp) or a return address (at the entry), and
// that caller comes first.
func (c *ConsoleSession) Callers(regs string, syms *Symbols, roots ...string) []string {
	var fns []string
	ebp, esp := regValue(regs, ebpRE), regValue(regs, espRE)
	if w := c.words(esp, 2); esp != ebp && len(w) == 2 {
		ret := w[0]
		if w[0] == ebp {
			ret = w[1]
		}
		if fn := syms.Function(uint64(ret) - 1); !strings.HasPrefix(fn, "0x") {
			fns = append(fns, fn)
		}
	}
	for i := 0; i < 12 && ebp != 0 && ebp&3 == 0; i++ {
		w := c.words(ebp, 2)
		if len(w) < 2 {
			break
		}
		next, ret := w[0], uint64(w[1])
		fn := syms.Function(ret - 1)
		if ret == 0 || strings.HasPrefix(fn, "0x") {
			break
		}
		fns = append(fns, fn)
		if slices.Contains(roots, fn) {
			break
		}
		ebp = next
	}
	return fns
}

// words reads n 32-bit words of guest memory at addr through the monitor.
func (c *ConsoleSession) words(addr uint32, n int) []uint32 {
	text, err := c.M.HMP(fmt.Sprintf("xp /%dxw 0x%x", n, addr), 200*time.Millisecond)
	if err != nil {
		return nil
	}
	_, words, _ := strings.Cut(text, ":")
	var out []uint32
	for _, m := range wordRE.FindAllStringSubmatch(words, n) {
		v, _ := strconv.ParseUint(m[1], 16, 32)
		out = append(out, uint32(v))
	}
	return out
}

func regValue(regs string, re *regexp.Regexp) uint32 {
	m := re.FindStringSubmatch(regs)
	if m == nil {
		return 0
	}
	v, _ := strconv.ParseUint(m[1], 16, 32)
	return uint32(v)
}

// Backtrace says how a guest's backtrace (the addresses of its
// "nicsim: bt 0x..." lines, innermost first) is named in a panic verdict.
type Backtrace struct {
	// TrapFirst: the first address is where the panic or trap happened, not
	// a return address.
	TrapFirst bool
	// Roots end the walk: the function that runs the workload, with the
	// name to give it in the verdict ("" leaves it out).
	Roots map[string]string
	// Hidden are the guest's own functions that the verdict leaves out
	// (the panic, the trap handler, the adapters).
	Hidden []string

	_ struct{}
}

// Names names the functions of bt, innermost first.
func (b Backtrace) Names(syms *Symbols, bt []uint32) []string {
	var fns []string
	for i, pc := range bt {
		at := uint64(pc)
		if i > 0 || !b.TrapFirst {
			at-- // a return address: the call is just before it
		}
		fn := syms.Function(at)
		if name, ok := b.Roots[fn]; ok {
			if name != "" {
				fns = append(fns, name)
			}
			break
		}
		if !slices.Contains(b.Hidden, fn) {
			fns = append(fns, fn)
		}
	}
	return fns
}

// PanicMessage is msg with the backtrace's functions, if any, in brackets.
func (b Backtrace) PanicMessage(msg string, syms *Symbols, bt []uint32) string {
	if fns := b.Names(syms, bt); len(fns) > 0 {
		msg += " (" + strings.Join(fns, " <- ") + ")"
	}
	return msg
}

package jos

import (
	"fmt"
	"regexp"
	"strings"
)

// Function is a function a lab file defines, as gcc -aux-info prints it.
type Function struct {
	Name      string
	Static    bool
	Ret       string  // return type ("int", "ssize_t")
	Params    []Param // in order
	Prototype string  // "int e1000_transmit (const void *data, size_t len)"
}

// Param is one parameter: its declaration and, for a pointer, the type it
// points to.
type Param struct {
	Decl    string
	Pointer bool
	Pointee string
}

// auxLine matches a function definition in gcc -aux-info output:
//
//	/* kern/e1000.c:110:NF */ extern int e1000_transmit (const void *data, size_t len); /* ... */
var auxLine = regexp.MustCompile(`^/\* (.+):\d+:[NO]F \*/ (extern |static )?(.*?)\b(\w+) \((.*)\);(?: /\*.*\*/)?$`)

// DefinedFunctions returns the functions defined in file, from the text
// gcc -aux-info wrote.
func DefinedFunctions(aux, file string) []Function {
	var fns []Function
	for _, line := range strings.Split(aux, "\n") {
		m := auxLine.FindStringSubmatch(line)
		if m == nil || !strings.HasSuffix(m[1], file) {
			continue
		}
		f := Function{Name: m[4], Static: m[2] == "static ", Ret: strings.TrimSpace(m[3])}
		f.Prototype = f.Ret + " " + f.Name + " (" + m[5] + ")"
		for _, p := range splitParams(m[5]) {
			f.Params = append(f.Params, parseParam(p))
		}
		fns = append(fns, f)
	}
	return fns
}

// splitParams splits a parameter list at its top-level commas; "void" and
// "" are no parameters.
func splitParams(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" || s == "void" {
		return nil
	}
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

var paramName = regexp.MustCompile(`\s*\b\w+$`)

// parseParam reads "size_t *len" as a pointer to size_t.
func parseParam(decl string) Param {
	p := Param{Decl: decl}
	if i := strings.IndexByte(decl, '['); i > 0 { // char buf[]: a pointer
		return Param{Decl: decl, Pointer: true, Pointee: strings.TrimSpace(paramName.ReplaceAllString(decl[:i], ""))}
	}
	typ := decl
	if i := strings.LastIndexByte(decl, '*'); i < 0 || strings.TrimSpace(decl[i+1:]) != "" {
		typ = paramName.ReplaceAllString(decl, "") // drop the name
	}
	typ = strings.TrimSpace(typ)
	if strings.HasSuffix(typ, "*") && !strings.Contains(typ, "(") {
		p.Pointer = true
		p.Pointee = strings.TrimSpace(strings.TrimSuffix(typ, "*"))
	}
	return p
}

// RXShape is how a receive function takes its buffer.
type RXShape string

// The receive shapes the surveyed drivers use.
const (
	RXBuf       RXShape = "buf"      // (buf): returns the length
	RXBufLen    RXShape = "buf,len"  // (buf, len): returns the length
	RXBufLenPtr RXShape = "buf,&len" // (buf, &len): stores the length
	// RXBufLenOut is (buf, &len) where the function only stores the
	// length: it never reads *len, so the caller's buffer must hold any
	// frame, as with RXBuf ([Entries.ReadSource] tells it from RXBufLenPtr).
	RXBufLenOut RXShape = "buf,&len(out)"
)

// TakesLength reports whether the receive function learns the size of the
// caller's buffer (a caller may then pass a short one).
func (s RXShape) TakesLength() bool { return s == RXBufLen || s == RXBufLenPtr }

var (
	txName = regexp.MustCompile(`(?i)transmit|tx|send|xmit`)
	rxName = regexp.MustCompile(`(?i)receive|rx|recv`)
)

// Entries are a driver's attach, transmit and receive functions.
type Entries struct {
	Attach, TX, RX Function
	Shape          RXShape
}

// FindEntries picks the attach function among fns (attach if named, else
// the only function taking a struct pci_func *) and the transmit and
// receive functions (those named, or the only non-static candidate whose
// name and parameters fit). file names the driver in errors. The
// simulator's glue and the real i386 guest (guest/qemu/jospc) both find a
// driver's entries with it.
func FindEntries(fns []Function, file, attach, tx, rx string) (Entries, error) {
	var e Entries
	var err error
	takesFunc := func(f Function) bool {
		return len(f.Params) == 1 && f.Params[0].Pointer && strings.Contains(f.Params[0].Pointee, "struct pci_func")
	}
	if e.Attach, err = pick(fns, file, attach, "attach", "attach", anyName, takesFunc); err != nil {
		return e, err
	}
	if e.TX, err = pick(fns, file, tx, "transmit", "tx", txName, TXFits); err != nil {
		return e, err
	}
	if e.RX, err = pick(fns, file, rx, "receive", "rx", rxName, func(f Function) bool { return ShapeOf(f) != "" }); err != nil {
		return e, err
	}
	e.Shape = ShapeOf(e.RX)
	return e, nil
}

// anyName matches every function name: the attach function is found by
// its parameter alone.
var anyName = regexp.MustCompile(``)

// pick returns the function called want, or the only candidate whose name
// matches re and whose parameters fit.
func pick(fns []Function, file, want, what, flag string, re *regexp.Regexp, fits func(Function) bool) (Function, error) {
	if want != "" {
		for _, f := range fns {
			if f.Name != want {
				continue
			}
			if f.Static {
				return f, fmt.Errorf("jos: the %s function %s is static in %s: the kernel cannot call it", what, want, file)
			}
			if !fits(f) {
				return f, fmt.Errorf("jos: the %s function %s (%s) takes parameters nicsim cannot pass", what, want, f.Prototype)
			}
			return f, nil
		}
		return Function{}, fmt.Errorf("jos: %s defines no function %s (--%s)", file, want, flag)
	}
	var found []Function
	var names []string
	for _, f := range fns {
		if !f.Static && re.MatchString(f.Name) && fits(f) {
			found = append(found, f)
			names = append(names, f.Name)
		}
	}
	if len(found) != 1 {
		return Function{}, fmt.Errorf("jos: %d functions of %s look like the %s function (%s): name it with --%s NAME",
			len(found), file, what, strings.Join(names, ", "), flag)
	}
	return found[0], nil
}

// TXFits reports whether f takes (buffer pointer, length).
func TXFits(f Function) bool {
	return len(f.Params) == 2 && f.Params[0].Pointer && !f.Params[1].Pointer
}

// ShapeOf says how the receive function f takes its buffer, or "".
func ShapeOf(f Function) RXShape {
	switch {
	case len(f.Params) == 1 && f.Params[0].Pointer:
		return RXBuf
	case len(f.Params) == 2 && f.Params[0].Pointer && !f.Params[1].Pointer:
		return RXBufLen
	case len(f.Params) == 2 && f.Params[0].Pointer && f.Params[1].Pointer && f.Params[1].Pointee != "void":
		return RXBufLenPtr
	}
	return ""
}

// Adapter is the C file that calls the driver's entries as nicsim's
// runtimes expect: nicsim_jos_attach(f), nicsim_jos_tx(buf, len) (< 0:
// refused) and nicsim_jos_rx(buf, len) (the frame's length, or < 0: none).
// header is the driver's own header ("kern/e1000.h"), included for the
// types its prototypes use.
func (e Entries) Adapter(header string) string {
	return e.AdapterAs(AdapterNames{File: "nicsim_glue.c", By: "nicsim", Header: header,
		Attach: "nicsim_jos_attach", TX: "nicsim_jos_tx", RX: "nicsim_jos_rx", TXBuf: "void *"})
}

// AdapterNames say what an adapter ([Entries.AdapterAs]) calls its file
// and its functions.
type AdapterNames struct {
	File, By string // the file's name and who generates it, for its comment
	Header   string // the driver's own header
	// Attach, TX and RX name the adapter's functions: int Attach(struct
	// pci_func *), int TX(TXBuf buf, unsigned int len) (< 0: refused) and
	// int RX(void *buf, unsigned int len) (the frame's length, or < 0: none).
	Attach, TX, RX string
	TXBuf          string // the type of TX's buffer ("void *", "const void *")
}

// AdapterAs is the C file that calls the driver's entries under the names
// of n.
func (e Entries) AdapterAs(n AdapterNames) string {
	var b strings.Builder
	fmt.Fprintf(&b, "/* %s: generated by %s for the driver's own functions. */\n", n.File, n.By)
	fmt.Fprintf(&b, "#include <inc/types.h>\n#include <kern/pci.h>\n#include <%s>\n\n", n.Header)
	for _, f := range []Function{e.Attach, e.TX, e.RX} {
		fmt.Fprintf(&b, "extern %s;\n", f.Prototype)
	}
	fmt.Fprintf(&b, "\nint %s(struct pci_func *f) {\n%s}\n", n.Attach, call(e.Attach, "f"))
	fmt.Fprintf(&b, "\nint %s(%sbuf, unsigned int len) {\n%s}\n", n.TX, n.TXBuf, call(e.TX, "(void *)buf, len"))
	fmt.Fprintf(&b, "\nint %s(void *buf, unsigned int len) {\n", n.RX)
	switch e.Shape {
	case RXBuf:
		b.WriteString(call(e.RX, "buf"))
	case RXBufLen:
		b.WriteString(call(e.RX, "buf, len"))
	case RXBufLenPtr, RXBufLenOut:
		fmt.Fprintf(&b, "  %s n = len;\n  int r = (int)%s(buf, &n);\n  return r < 0 ? r : r > 0 ? r : (int)n;\n",
			e.RX.Params[1].Pointee, e.RX.Name)
	}
	b.WriteString("}\n")
	return b.String()
}

// call is the body of an adapter function calling f with args.
func call(f Function, args string) string {
	if f.Ret == "void" {
		return fmt.Sprintf("  %s(%s);\n  return 0;\n", f.Name, args)
	}
	return fmt.Sprintf("  return (int)%s(%s);\n", f.Name, args)
}

// ReadSource reads the receive function's body in src, the driver's
// source: a (buf, &len) function that only ever stores *len (len = the
// frame's length, never compared with the buffer's size) has shape
// RXBufLenOut. Its caller guarantees a buffer large enough for any frame
// (sys_pkt_recv's user_mem_assert of 2048 bytes), so nicsim must not hand
// it a short one.
func (e *Entries) ReadSource(src []byte) {
	if e.Shape != RXBufLenPtr || len(e.RX.Params) != 2 {
		return
	}
	name := paramName.FindString(e.RX.Params[1].Decl)
	name = strings.TrimSpace(name)
	if name == "" || strings.HasSuffix(e.RX.Params[1].Decl, "*") {
		return // an unnamed parameter
	}
	text := stripComments(string(src))
	def := regexp.MustCompile(`(?m)^[\w \t\*]*\b` + regexp.QuoteMeta(e.RX.Name) + `\s*\([^;{]*\)\s*\{`)
	loc := def.FindStringIndex(text)
	if loc == nil {
		return
	}
	body, ok := enclosed(text[loc[1]-1:], '{', '}')
	if !ok {
		return
	}
	uses := regexp.MustCompile(`\b`+regexp.QuoteMeta(name)+`\b`).FindAllStringIndex(body, -1)
	if len(uses) == 0 {
		return
	}
	for _, u := range uses {
		before := strings.TrimRight(body[:u[0]], " \t\n")
		after := strings.TrimLeft(body[u[1]:], " \t\n")
		store := strings.HasSuffix(before, "*") && strings.HasPrefix(after, "=") && !strings.HasPrefix(after, "==")
		if !store && !nullCheck(before, after) {
			return
		}
	}
	e.Shape = RXBufLenOut
}

// nullCheck reports whether a use of a pointer between before and after
// only tests it against NULL (!len, len == NULL, if (len)).
func nullCheck(before, after string) bool {
	if strings.HasSuffix(before, "*") {
		return false // *len: a read of the length
	}
	if strings.HasSuffix(before, "!") {
		return true
	}
	for _, op := range []string{"==", "!="} {
		if rest, ok := strings.CutPrefix(after, op); ok {
			rest = strings.TrimSpace(rest)
			return strings.HasPrefix(rest, "NULL") || strings.HasPrefix(rest, "0")
		}
	}
	cond, ok := strings.CutSuffix(before, "(")
	return ok && strings.HasPrefix(after, ")") && strings.HasSuffix(strings.TrimRight(cond, " \t"), "if")
}

package jospc

import (
	"fmt"
	"regexp"
	"strings"
)

// function is a function defined in the driver, as gcc -aux-info prints it.
type function struct {
	name      string
	static    bool
	ret       string // return type, e.g. "int", "ssize_t"
	params    []param
	prototype string // "int e1000_transmit (const void *data, size_t len)"
}

// param is one parameter: its declaration and, for a pointer, the type it
// points to.
type param struct {
	decl    string
	pointer bool
	pointee string
}

// auxLine matches a function definition in gcc -aux-info output:
//
//	/* kern/e1000.c:110:NF */ extern int e1000_transmit (const void *data, size_t len); /* ... */
var auxLine = regexp.MustCompile(`^/\* (.+):\d+:[NO]F \*/ (extern |static )?(.*?)\b(\w+) \((.*)\);(?: /\*.*\*/)?$`)

// definedFunctions returns the functions defined in file, from -aux-info text.
func definedFunctions(aux, file string) []function {
	var fns []function
	for _, line := range strings.Split(aux, "\n") {
		m := auxLine.FindStringSubmatch(line)
		if m == nil || !strings.HasSuffix(m[1], file) {
			continue
		}
		f := function{name: m[4], static: m[2] == "static ", ret: strings.TrimSpace(m[3])}
		f.prototype = f.ret + " " + f.name + " (" + m[5] + ")"
		for _, p := range splitParams(m[5]) {
			f.params = append(f.params, parseParam(p))
		}
		fns = append(fns, f)
	}
	return fns
}

// splitParams splits a parameter list at its top-level commas; "void" and ""
// are no parameters.
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
func parseParam(decl string) param {
	p := param{decl: decl}
	if i := strings.IndexByte(decl, '['); i > 0 { // char buf[]: a pointer
		return param{decl: decl, pointer: true, pointee: strings.TrimSpace(paramName.ReplaceAllString(decl[:i], ""))}
	}
	typ := decl
	if i := strings.LastIndexByte(decl, '*'); i < 0 || strings.TrimSpace(decl[i+1:]) != "" {
		typ = paramName.ReplaceAllString(decl, "") // drop the name
	}
	typ = strings.TrimSpace(typ)
	if strings.HasSuffix(typ, "*") && !strings.Contains(typ, "(") {
		p.pointer = true
		p.pointee = strings.TrimSpace(strings.TrimSuffix(typ, "*"))
	}
	return p
}

var (
	txName = regexp.MustCompile(`(?i)transmit|tx|send|xmit`)
	rxName = regexp.MustCompile(`(?i)receive|rx|recv`)
)

// pick returns the function called want, or the only candidate whose name
// matches re and whose parameters fit.
func pick(fns []function, want, what string, re *regexp.Regexp, fits func(function) bool) (function, error) {
	if want != "" {
		for _, f := range fns {
			if f.name == want {
				if f.static {
					return f, fmt.Errorf("jospc: %s function %s is static in %s: the guest cannot call it", what, want, DriverPath)
				}
				if !fits(f) {
					return f, fmt.Errorf("jospc: %s function %s (%s) has parameters the guest cannot pass", what, want, f.prototype)
				}
				return f, nil
			}
		}
		return function{}, fmt.Errorf("jospc: %s defines no function %s (the %s function)", DriverPath, want, what)
	}
	var found []function
	var names []string
	for _, f := range fns {
		if !f.static && re.MatchString(f.name) && fits(f) {
			found = append(found, f)
			names = append(names, f.name)
		}
	}
	if len(found) != 1 {
		return function{}, fmt.Errorf("jospc: %d functions of %s look like the %s function (%s): name it (--%s NAME)",
			len(found), DriverPath, what, strings.Join(names, ", "), map[string]string{"transmit": "tx", "receive": "rx"}[what])
	}
	return found[0], nil
}

// txFits: (buffer pointer, length).
func txFits(f function) bool {
	return len(f.params) == 2 && f.params[0].pointer && !f.params[1].pointer
}

// rxShape says how the receive function f takes its buffer, or "".
func rxShape(f function) RXShape {
	switch {
	case len(f.params) == 1 && f.params[0].pointer:
		return RXBuf
	case len(f.params) == 2 && f.params[0].pointer && !f.params[1].pointer:
		return RXBufLen
	case len(f.params) == 2 && f.params[0].pointer && f.params[1].pointer && f.params[1].pointee != "void":
		return RXBufLenPtr
	}
	return ""
}

// makeAdapter chooses the transmit and receive functions and writes the C
// file that calls them as the workload expects (nicsim/guest.h).
func makeAdapter(img *Image, cfg BuildConfig, fns []function) (string, error) {
	tx, err := pick(fns, cfg.TX, "transmit", txName, txFits)
	if err != nil {
		return "", err
	}
	rx, err := pick(fns, cfg.RX, "receive", rxName, func(f function) bool { return rxShape(f) != "" })
	if err != nil {
		return "", err
	}
	img.TX, img.RX, img.RXShape = tx.name, rx.name, rxShape(rx)
	var b strings.Builder
	b.WriteString("/* adapter.c: generated by guest/qemu/jospc for the driver's own functions. */\n")
	b.WriteString("#include <inc/types.h>\n#include <kern/pci.h>\n#include <kern/e1000.h>\n\n")
	for _, f := range fns {
		if f.name == img.Attach || f.name == tx.name || f.name == rx.name {
			fmt.Fprintf(&b, "extern %s;\n", f.prototype)
			img.Prototypes = append(img.Prototypes, f.prototype)
		}
	}
	fmt.Fprintf(&b, "\nint nicsim_attach(struct pci_func *f) { return %s(f); }\n", img.Attach)
	fmt.Fprintf(&b, "\nint nicsim_tx(const void *buf, unsigned len) {\n%s}\n", call(tx, "(void *)buf, len"))
	b.WriteString("\nint nicsim_rx(void *buf, unsigned len) {\n")
	switch img.RXShape {
	case RXBuf:
		b.WriteString(call(rx, "buf"))
	case RXBufLen:
		b.WriteString(call(rx, "buf, len"))
	case RXBufLenPtr:
		fmt.Fprintf(&b, "  %s n = len;\n  int r = (int)%s(buf, &n);\n  return r < 0 ? r : r > 0 ? r : (int)n;\n",
			rx.params[1].pointee, rx.name)
	}
	b.WriteString("}\n")
	return b.String(), nil
}

// call is the body of an adapter function calling f with args.
func call(f function, args string) string {
	if f.ret == "void" {
		return fmt.Sprintf("  %s(%s);\n  return 0;\n", f.name, args)
	}
	return fmt.Sprintf("  return (int)%s(%s);\n", f.name, args)
}

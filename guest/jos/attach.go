package jos

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// vendorTable finds the start of the pci_attach_vendor[] initializer.
var vendorTable = regexp.MustCompile(`\bpci_attach_vendor\s*\[[^\]]*\]\s*=\s*\{`)

// designator matches a designated initializer's ".name =".
var designator = regexp.MustCompile(`^\.\s*(\w+)\s*=\s*`)

var ident = regexp.MustCompile(`^[A-Za-z_]\w*$`)

// AttachFunction returns the attach function that the pci_attach_vendor[]
// table of a preprocessed kern/pci.c (gcc -E output, so the student's
// macros are already numbers) names for vendor:device, as JOS's
// pci_attach_match finds it. The error says what the table holds.
func AttachFunction(pciC string, vendor, device uint32) (string, error) {
	loc := vendorTable.FindStringIndex(pciC)
	if loc == nil {
		return "", fmt.Errorf("jos: no pci_attach_vendor[] initializer in kern/pci.c")
	}
	body, ok := enclosed(pciC[loc[1]-1:], '{', '}')
	if !ok {
		return "", fmt.Errorf("jos: pci_attach_vendor[]: unbalanced braces")
	}
	var seen []string
	for _, row := range rows(body) {
		key1, key2, fn, err := vendorRow(row)
		if err != nil {
			return "", fmt.Errorf("jos: pci_attach_vendor[] row {%s}: %v", row, err)
		}
		if key1 == vendor && key2 == device {
			return fn, nil
		}
		seen = append(seen, fmt.Sprintf("%04x:%04x", key1, key2))
	}
	return "", fmt.Errorf("jos: pci_attach_vendor[] has no row for %04x:%04x (rows: %s)",
		vendor, device, strings.Join(seen, ", "))
}

// enclosed returns the text inside the block that s starts with, opened
// by open and closed by the matching close.
func enclosed(s string, open, close rune) (string, bool) {
	depth := 0
	for i, c := range s {
		switch c {
		case open:
			depth++
		case close:
			if depth--; depth == 0 {
				return s[1:i], true
			}
		}
	}
	return "", false
}

// rows returns the insides of the brace blocks at the top level of s.
func rows(s string) []string {
	var out []string
	for i := strings.IndexByte(s, '{'); i >= 0; i = strings.IndexByte(s, '{') {
		in, ok := enclosed(s[i:], '{', '}')
		if !ok {
			break
		}
		out = append(out, in)
		s = s[i+len(in)+2:]
	}
	return out
}

// vendorRow reads one { key1, key2, attachfn } row, positional or
// designated.
func vendorRow(row string) (key1, key2 uint32, fn string, err error) {
	fields := map[string]string{"key1": "0", "key2": "0", "attachfn": "0"} // C zero-fills
	order := []string{"key1", "key2", "attachfn"}
	for i, f := range splitTop(row) {
		name := ""
		if m := designator.FindStringSubmatch(f); m != nil {
			name, f = m[1], f[len(m[0]):]
		} else if i < len(order) {
			name = order[i]
		}
		fields[name] = f
	}
	if key1, err = cInt(fields["key1"]); err != nil {
		return 0, 0, "", err
	}
	if key2, err = cInt(fields["key2"]); err != nil {
		return 0, 0, "", err
	}
	fn = strings.TrimSpace(strings.TrimPrefix(unwrap(fields["attachfn"]), "&"))
	if fn != "0" && !ident.MatchString(unwrap(fn)) {
		return 0, 0, "", fmt.Errorf("attach function %q is not a name", fields["attachfn"])
	}
	return key1, key2, unwrap(fn), nil
}

// splitTop splits s at the commas outside parentheses, dropping an empty
// last field (a trailing comma).
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if last := strings.TrimSpace(s[start:]); last != "" {
		out = append(out, last)
	}
	return out
}

// unwrap strips outer parentheses and casts: "((uint32_t)(0x8086))".
func unwrap(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "(") {
		in, ok := enclosed(s, '(', ')')
		switch {
		case !ok:
			return s
		case len(in)+2 == len(s): // (x)
			s = strings.TrimSpace(in)
		case ident.MatchString(strings.TrimSpace(strings.TrimRight(in, " *"))): // (type)x
			s = strings.TrimSpace(s[len(in)+2:])
		default:
			return s
		}
	}
	return s
}

// cInt parses a C integer constant: decimal, hex or octal, with suffixes.
func cInt(s string) (uint32, error) {
	v := strings.TrimRight(unwrap(s), "uUlL")
	n, err := strconv.ParseUint(v, 0, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer constant", s)
	}
	return uint32(n), nil
}

package debugger

import (
	"debug/dwarf"
	"encoding/binary"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// access is one step of a print expression: an index or a member.
type access struct {
	index int    // for '['
	field string // for '.' and '->'
	arrow bool
}

// parseExpr parses NAME followed by [N], .FIELD and ->FIELD.
func parseExpr(s string) (string, []access, error) {
	s = strings.TrimSpace(s)
	i := identEnd(s, 0)
	if i == 0 {
		return "", nil, fmt.Errorf("%q: want a name such as tx_ring[3].status", s)
	}
	name, rest := s[:i], s[i:]
	var acc []access
	for rest != "" {
		switch {
		case rest[0] == '[':
			j := strings.IndexByte(rest, ']')
			if j < 0 {
				return "", nil, fmt.Errorf("%q: missing ]", s)
			}
			n, err := strconv.Atoi(strings.TrimSpace(rest[1:j]))
			if err != nil || n < 0 {
				return "", nil, fmt.Errorf("%q: index %q is not a number >= 0", s, rest[1:j])
			}
			acc, rest = append(acc, access{index: n}), rest[j+1:]
		case rest[0] == '.' || strings.HasPrefix(rest, "->"):
			arrow := rest[0] == '-'
			rest = rest[1:]
			if arrow {
				rest = rest[1:]
			}
			j := identEnd(rest, 0)
			if j == 0 {
				return "", nil, fmt.Errorf("%q: want a member name after . or ->", s)
			}
			acc, rest = append(acc, access{index: -1, field: rest[:j], arrow: arrow}), rest[j:]
		default:
			return "", nil, fmt.Errorf("%q: unexpected %q", s, rest)
		}
	}
	return name, acc, nil
}

func identEnd(s string, i int) int {
	for i < len(s) && (s[i] == '_' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || i > 0 && s[i] >= '0' && s[i] <= '9') {
		i++
	}
	return i
}

// strip removes typedefs and qualifiers.
func strip(t dwarf.Type) dwarf.Type {
	for {
		switch x := t.(type) {
		case *dwarf.TypedefType:
			t = x.Type
		case *dwarf.QualType:
			t = x.Type
		default:
			return t
		}
	}
}

// locate evaluates a C expression to an address and type.
func (info *dwarfInfo) locate(mem *memory, expr string) (uint64, dwarf.Type, error) {
	name, acc, err := parseExpr(expr)
	if err != nil {
		return 0, nil, err
	}
	v, ok := info.vars[name]
	if !ok {
		return 0, nil, fmt.Errorf("no global %q in the driver (globals: %s)", name, strings.Join(info.names, ", "))
	}
	addr, t := v.addr, v.typ
	for _, a := range acc {
		if addr, t, err = step(mem, addr, t, a); err != nil {
			return 0, nil, fmt.Errorf("%s: %w", expr, err)
		}
	}
	return addr, t, nil
}

func step(mem *memory, addr uint64, t dwarf.Type, a access) (uint64, dwarf.Type, error) {
	if a.field == "" {
		switch x := strip(t).(type) {
		case *dwarf.ArrayType:
			if x.Count >= 0 && int64(a.index) >= x.Count {
				return 0, nil, fmt.Errorf("index %d out of range [0,%d)", a.index, x.Count)
			}
			return addr + uint64(a.index)*uint64(x.Type.Size()), x.Type, nil
		case *dwarf.PtrType:
			p, err := readUint(mem, addr, 8)
			if err != nil {
				return 0, nil, err
			}
			return p + uint64(a.index)*uint64(x.Type.Size()), x.Type, nil
		}
		return 0, nil, fmt.Errorf("%s is not an array or a pointer", cType(t))
	}
	if a.arrow {
		x, ok := strip(t).(*dwarf.PtrType)
		if !ok {
			return 0, nil, fmt.Errorf("-> on %s, which is not a pointer", cType(t))
		}
		p, err := readUint(mem, addr, 8)
		if err != nil {
			return 0, nil, err
		}
		addr, t = p, x.Type
	}
	st, ok := strip(t).(*dwarf.StructType)
	if !ok {
		return 0, nil, fmt.Errorf(".%s on %s, which is not a struct", a.field, cType(t))
	}
	for _, f := range st.Field {
		if f.Name == a.field {
			return addr + uint64(f.ByteOffset), f.Type, nil
		}
	}
	return 0, nil, fmt.Errorf("%s has no member %q", cType(t), a.field)
}

func readUint(mem *memory, addr uint64, n int64) (uint64, error) {
	b, err := mem.read(addr, uint64(n))
	if err != nil {
		return 0, err
	}
	var buf [8]byte
	copy(buf[:], b)
	return binary.LittleEndian.Uint64(buf[:]), nil
}

// cType names a type as C writes it.
func cType(t dwarf.Type) string {
	switch x := t.(type) {
	case *dwarf.TypedefType:
		return x.Name
	case *dwarf.QualType:
		return x.Qual + " " + cType(x.Type)
	case *dwarf.PtrType:
		return cType(x.Type) + " *"
	case *dwarf.ArrayType:
		return fmt.Sprintf("%s [%d]", cType(x.Type), x.Count)
	case *dwarf.StructType:
		return x.Kind + " " + x.StructName
	case *dwarf.VoidType:
		return "void"
	}
	return t.String()
}

// format renders the value of type t at addr; arrays of structs take one
// line per element.
func format(mem *memory, addr uint64, t dwarf.Type, indent string) string {
	switch x := strip(t).(type) {
	case *dwarf.StructType:
		parts := make([]string, 0, len(x.Field))
		for _, f := range x.Field {
			parts = append(parts, f.Name+" = "+format(mem, addr+uint64(f.ByteOffset), f.Type, indent+"  "))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case *dwarf.ArrayType:
		return formatArray(mem, addr, x, indent)
	case *dwarf.PtrType:
		p, err := readUint(mem, addr, 8)
		if err != nil {
			return "<" + err.Error() + ">"
		}
		return fmt.Sprintf("%#x", p)
	}
	return formatScalar(mem, addr, t)
}

func formatArray(mem *memory, addr uint64, x *dwarf.ArrayType, indent string) string {
	n := x.Count
	if n < 0 {
		n = 0
	}
	const maxElems = 64
	elem, size := x.Type, uint64(x.Type.Size())
	_, structs := strip(elem).(*dwarf.StructType)
	parts := make([]string, 0, n)
	for i := int64(0); i < n && i < maxElems; i++ {
		parts = append(parts, format(mem, addr+uint64(i)*size, elem, indent+"  "))
	}
	if n > maxElems {
		parts = append(parts, fmt.Sprintf("... %d more", n-maxElems))
	}
	if !structs {
		return "{" + strings.Join(parts, ", ") + "}"
	}
	var b strings.Builder
	b.WriteString("{\n")
	for i, p := range parts {
		fmt.Fprintf(&b, "%s  [%d] = %s\n", indent, i, p)
	}
	b.WriteString(indent + "}")
	return b.String()
}

func formatScalar(mem *memory, addr uint64, t dwarf.Type) string {
	size := t.Size()
	if size <= 0 || size > 8 {
		return "?"
	}
	v, err := readUint(mem, addr, size)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	if size < 8 {
		v &= 1<<(8*size) - 1
	}
	switch strip(t).(type) {
	case *dwarf.IntType, *dwarf.CharType:
		s := int64(v<<(64-8*size)) >> (64 - 8*size)
		return strconv.FormatInt(s, 10)
	case *dwarf.BoolType:
		return strconv.FormatBool(v != 0)
	}
	if v >= 0x10000 {
		return fmt.Sprintf("%#x", v)
	}
	return strconv.FormatUint(v, 10)
}

// printC prints a C expression of a hosted driver.
func (info *dwarfInfo) printC(mem *memory, expr string) (string, error) {
	addr, t, err := info.locate(mem, expr)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s = (%s) %s   [at %#x]", strings.TrimSpace(expr), cType(t), format(mem, addr, t, ""), addr), nil
}

// globals lists the driver's globals with their types.
func (info *dwarfInfo) globals() string {
	var b strings.Builder
	for _, n := range info.names {
		v := info.vars[n]
		fmt.Fprintf(&b, "%s %s   [at %#x]\n", cType(v.typ), n, v.addr)
	}
	return strings.TrimRight(b.String(), "\n")
}

// printGo prints a field path of the Go model driver by reflection.
func printGo(driver any, expr string) (string, error) {
	name, acc, err := parseExpr(expr)
	if err != nil {
		return "", err
	}
	v := reflect.Indirect(reflect.ValueOf(driver))
	if v.Kind() != reflect.Struct {
		return "", fmt.Errorf("the driver's state is not a struct")
	}
	f := v.FieldByName(name)
	if !f.IsValid() {
		return "", fmt.Errorf("the model driver has no field %q (fields: %s)", name, strings.Join(goFields(v), ", "))
	}
	for _, a := range acc {
		f = reflect.Indirect(f)
		if a.field != "" {
			if f.Kind() != reflect.Struct || !f.FieldByName(a.field).IsValid() {
				return "", fmt.Errorf("%s: %s has no field %q", expr, f.Type(), a.field)
			}
			f = f.FieldByName(a.field)
			continue
		}
		if (f.Kind() != reflect.Slice && f.Kind() != reflect.Array) || a.index >= f.Len() {
			return "", fmt.Errorf("%s: cannot index %s with %d", expr, f.Type(), a.index)
		}
		f = f.Index(a.index)
	}
	return fmt.Sprintf("%s = (%s) %s", strings.TrimSpace(expr), f.Type(), goValue(f)), nil
}

func goValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if v.Uint() >= 0x10000 {
			return fmt.Sprintf("%#x", v.Uint())
		}
	case reflect.Slice, reflect.Array:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = goValue(v.Index(i))
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return fmt.Sprint(v)
}

func goFields(v reflect.Value) []string {
	var out []string
	for i := 0; i < v.NumField(); i++ {
		if n := v.Type().Field(i).Name; n != "_" {
			out = append(out, n)
		}
	}
	return out
}

// goGlobals lists the Go model driver's fields with their types.
func goGlobals(driver any) string {
	v := reflect.Indirect(reflect.ValueOf(driver))
	if v.Kind() != reflect.Struct {
		return fmt.Sprintf("the driver's state is a %s", v.Type())
	}
	var b strings.Builder
	for i := 0; i < v.NumField(); i++ {
		if f := v.Type().Field(i); f.Name != "_" {
			fmt.Fprintf(&b, "%s %s\n", f.Type, f.Name)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

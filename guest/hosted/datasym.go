package hosted

import (
	"debug/dwarf"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
)

// dataVar is a global or static variable of the driver with its C type,
// from DWARF: what [symtab.dataName] names addresses inside.
type dataVar struct {
	addr, size uint64
	name       string
	typ        dwarf.Type
}

// readVars collects the variables that have a fixed address (DW_OP_addr).
func (t *symtab) readVars(d *dwarf.Data) {
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil || e == nil {
			break
		}
		if e.Tag != dwarf.TagVariable {
			continue
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		loc, _ := e.Val(dwarf.AttrLocation).([]byte)
		toff, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
		if name == "" || len(loc) != 9 || loc[0] != 0x03 || !ok { // DW_OP_addr
			continue
		}
		typ, err := d.Type(toff)
		if err != nil || typ.Size() <= 0 {
			continue
		}
		t.vars = append(t.vars, dataVar{addr: binary.LittleEndian.Uint64(loc[1:]), size: uint64(typ.Size()), name: name, typ: typ})
	}
	sort.Slice(t.vars, func(i, j int) bool { return t.vars[i].addr < t.vars[j].addr })
}

// dataName names a data address by variable, index and field path from the
// driver's debug information, "tx_ring[1].length" or "rx_mbufs[3]", with
// "+N" for a byte inside a scalar; "" when no variable holds addr.
func (t *symtab) dataName(addr uint64) string {
	i := sort.Search(len(t.vars), func(i int) bool { return t.vars[i].addr > addr }) - 1
	if i < 0 || addr >= t.vars[i].addr+t.vars[i].size {
		return ""
	}
	v := &t.vars[i]
	var b strings.Builder
	b.WriteString(v.name)
	typePath(&b, v.typ, addr-v.addr)
	return b.String()
}

// dataType is the C type of the innermost object dataName names at addr.
func (t *symtab) dataType(addr uint64) string {
	i := sort.Search(len(t.vars), func(i int) bool { return t.vars[i].addr > addr }) - 1
	if i < 0 || addr >= t.vars[i].addr+t.vars[i].size {
		return ""
	}
	var b strings.Builder
	return typePath(&b, t.vars[i].typ, addr-t.vars[i].addr).String()
}

// typePath appends the index and field path of byte off inside a value of
// type typ and returns the type of the innermost element as declared
// (typedef names kept: "uint16").
func typePath(b *strings.Builder, typ dwarf.Type, off uint64) dwarf.Type {
	decl := typ
	for {
		switch x := typ.(type) {
		case *dwarf.TypedefType:
			typ = x.Type
			continue
		case *dwarf.QualType:
			typ = x.Type
			continue
		case *dwarf.ArrayType:
			es := x.Type.Size()
			if es <= 0 {
				return typ
			}
			fmt.Fprintf(b, "[%d]", off/uint64(es))
			typ, off = x.Type, off%uint64(es)
			decl = typ
			continue
		case *dwarf.StructType:
			f := fieldAt(x, off)
			if f == nil {
				break
			}
			fmt.Fprintf(b, ".%s", f.Name)
			typ, off = f.Type, off-uint64(f.ByteOffset)
			decl = typ
			continue
		}
		if off != 0 {
			fmt.Fprintf(b, "+%d", off)
		}
		return decl
	}
}

// fieldAt is the field of s holding byte off, or nil (padding).
func fieldAt(s *dwarf.StructType, off uint64) *dwarf.StructField {
	for _, f := range s.Field {
		sz := f.Type.Size()
		if sz <= 0 {
			continue
		}
		if lo := uint64(f.ByteOffset); off >= lo && off < lo+uint64(sz) {
			return f
		}
	}
	return nil
}

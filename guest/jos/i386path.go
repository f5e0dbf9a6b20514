package jos

import (
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"regexp"
	"strconv"
)

// i386Types reads the C types of the driver's variables from the debug
// information of its i386 object (built with -g): what [I386.AlignOf]
// walks to find where a member lies in the lab's build.
func i386Types(f *elf.File) (map[string]dwarf.Type, error) {
	d, err := f.DWARF()
	if err != nil {
		return nil, fmt.Errorf("jos: i386 object debug information: %w", err)
	}
	out := map[string]dwarf.Type{}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			return nil, fmt.Errorf("jos: i386 object debug information: %w", err)
		}
		if e == nil {
			return out, nil
		}
		if e.Tag != dwarf.TagVariable {
			continue
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		toff, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
		if name == "" || !ok {
			continue
		}
		if t, err := d.Type(toff); err == nil {
			out[name] = t
		}
	}
}

// pathStep is one ".field" or "[index]" of a data name.
var pathStep = regexp.MustCompile(`^(?:\.(\w+)|\[(\d+)\])`)

// rootName is the variable a data name starts with.
var rootName = regexp.MustCompile(`^\w+`)

// AlignOf returns the alignment the lab's i386 build guarantees the object
// a data name names ("txq.ring[0]", "tx_ring"): the largest power of two
// dividing its offset in its variable, at most the variable's own
// alignment. ok is false for a name it cannot follow.
func (i *I386) AlignOf(name string) (align uint64, ok bool) {
	root := rootName.FindString(name)
	o, found := i.Objects[root]
	if !found {
		return 0, false
	}
	off, ok := i386Offset(i.types[root], name[len(root):])
	if !ok {
		return 0, false
	}
	align = o.Align
	for align > 1 && off%align != 0 {
		align /= 2
	}
	return align, true
}

// i386Offset is the byte offset of path (".ring[0]") inside a value of
// type t.
func i386Offset(t dwarf.Type, path string) (uint64, bool) {
	var off uint64
	for path != "" {
		t = bare(t)
		m := pathStep.FindStringSubmatch(path)
		if m == nil || t == nil {
			return 0, false
		}
		path = path[len(m[0]):]
		switch x := t.(type) {
		case *dwarf.StructType:
			f := field(x, m[1])
			if f == nil {
				return 0, false
			}
			off += uint64(f.ByteOffset)
			t = f.Type
		case *dwarf.ArrayType:
			n, err := strconv.ParseUint(m[2], 10, 64)
			if m[2] == "" || err != nil || x.Type.Size() <= 0 {
				return 0, false
			}
			off += n * uint64(x.Type.Size())
			t = x.Type
		default:
			return 0, false
		}
	}
	return off, true
}

// bare strips typedefs and qualifiers.
func bare(t dwarf.Type) dwarf.Type {
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

// field is the member of s called name, or nil.
func field(s *dwarf.StructType, name string) *dwarf.StructField {
	for _, f := range s.Field {
		if f.Name == name {
			return f
		}
	}
	return nil
}

package debugger

import (
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"encoding/binary"
	"path"
	"sort"
)

// dwarfInfo is what the debugger reads from a driver image's DWARF: its
// global variables with their C types and addresses, and the line table.
// It is self-contained (the hosting layer has its own symbolizer).
type dwarfInfo struct {
	unit  string // the base name of the (first) compile unit: the driver's file
	vars  map[string]variable
	names []string // sorted
	lines []lineRow
}

// variable is a global (or function-static) variable of the driver.
type variable struct {
	name string
	addr uint64
	typ  dwarf.Type
}

type lineRow struct {
	addr uint64
	file string
	line int
	end  bool
}

// readDWARF reads an ELF image's variables and line table. An image without
// DWARF gives an empty table.
func readDWARF(image []byte) (*dwarfInfo, error) {
	f, err := elf.NewFile(bytes.NewReader(image))
	if err != nil {
		return nil, err
	}
	info := &dwarfInfo{vars: map[string]variable{}}
	d, err := f.DWARF()
	if err != nil {
		return info, nil
	}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		switch e.Tag {
		case dwarf.TagCompileUnit:
			if n, ok := e.Val(dwarf.AttrName).(string); ok && info.unit == "" {
				info.unit = path.Base(n)
			}
			info.readLines(d, e)
		case dwarf.TagVariable:
			info.addVar(d, e)
		}
	}
	sort.Slice(info.lines, func(i, j int) bool { return info.lines[i].addr < info.lines[j].addr })
	for n := range info.vars {
		info.names = append(info.names, n)
	}
	sort.Strings(info.names)
	return info, nil
}

// addVar records a variable with a static address (DW_OP_addr).
func (info *dwarfInfo) addVar(d *dwarf.Data, e *dwarf.Entry) {
	name, _ := e.Val(dwarf.AttrName).(string)
	loc, _ := e.Val(dwarf.AttrLocation).([]byte)
	off, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
	if name == "" || !ok || len(loc) != 9 || loc[0] != 0x03 { // DW_OP_addr
		return
	}
	t, err := d.Type(off)
	if err != nil {
		return
	}
	if _, dup := info.vars[name]; dup {
		return
	}
	info.vars[name] = variable{name: name, addr: binary.LittleEndian.Uint64(loc[1:]), typ: t}
}

func (info *dwarfInfo) readLines(d *dwarf.Data, cu *dwarf.Entry) {
	lr, err := d.LineReader(cu)
	if err != nil || lr == nil {
		return
	}
	var le dwarf.LineEntry
	for lr.Next(&le) == nil {
		file := ""
		if le.File != nil {
			file = path.Base(le.File.Name)
		}
		info.lines = append(info.lines, lineRow{addr: le.Address, file: file, line: le.Line, end: le.EndSequence})
	}
}

// line returns the source file and line of pc (0 when unknown).
func (info *dwarfInfo) line(pc uint64) (string, int) {
	i := sort.Search(len(info.lines), func(i int) bool { return info.lines[i].addr > pc }) - 1
	if i < 0 || info.lines[i].end {
		return "", 0
	}
	return info.lines[i].file, info.lines[i].line
}

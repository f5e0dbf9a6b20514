package hosted

import (
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
)

// symtab symbolises code and data addresses of an image: ELF symbols for
// names, DWARF line tables for lines, and DWARF inlined subroutines so that
// a pc inside an inlined static function names it and its caller.
type symtab struct {
	funcs   []sym // sorted by addr
	objects []sym // data objects, sorted by addr
	lines   []lineRow
	inlines []inlineRange
	vars    []dataVar // variables with their C types (datasym.go)

	mu    sync.Mutex
	cache map[uint64][]frame
}

type sym struct {
	addr, size uint64
	name       string
}

type lineRow struct {
	addr uint64
	file string
	line int
	end  bool
}

// inlineRange is a pc range of an inlined call: the callee's name and the
// call's file and line in the caller.
type inlineRange struct {
	lo, hi   uint64
	depth    int
	name     string
	callFile string
	callLine int
}

// frame is one (possibly inlined) function activation at a pc.
type frame struct {
	fn   string
	file string
	line int
}

func (f frame) String() string {
	if f.line == 0 {
		return f.fn
	}
	return fmt.Sprintf("%s (%s:%d)", f.fn, f.file, f.line)
}

// symbols returns the image's symbol table, read on first use.
func (img *Image) symbols() *symtab {
	img.symOnce.Do(func() {
		img.syms, img.symErr = readSymtab(img.elf)
		if img.syms == nil {
			img.syms = &symtab{cache: map[uint64][]frame{}}
		}
	})
	return img.syms
}

func readSymtab(data []byte) (*symtab, error) {
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	t := &symtab{cache: map[uint64][]frame{}}
	syms, _ := f.Symbols()
	for _, s := range syms {
		switch elf.ST_TYPE(s.Info) {
		case elf.STT_FUNC:
			t.funcs = append(t.funcs, sym{s.Value, s.Size, s.Name})
		case elf.STT_OBJECT:
			t.objects = append(t.objects, sym{s.Value, s.Size, s.Name})
		}
	}
	sortSyms(t.funcs)
	sortSyms(t.objects)
	d, err := f.DWARF()
	if err != nil {
		return t, nil // no debug info: names without lines
	}
	err = t.readDWARF(d)
	t.readVars(d)
	sort.Slice(t.lines, func(i, j int) bool { return t.lines[i].addr < t.lines[j].addr })
	return t, err
}

func sortSyms(s []sym) {
	sort.Slice(s, func(i, j int) bool { return s[i].addr < s[j].addr })
}

// readDWARF reads the line tables and the inlined subroutines of every unit.
func (t *symtab) readDWARF(d *dwarf.Data) error {
	names := map[dwarf.Offset]string{}
	type pendingInline struct {
		e     *dwarf.Entry
		depth int
		files []*dwarf.LineFile
	}
	var pend []pendingInline
	r := d.Reader()
	depth := 0
	var files []*dwarf.LineFile
	for {
		e, err := r.Next()
		if err != nil {
			return err
		}
		if e == nil {
			break
		}
		if e.Tag == 0 {
			depth--
			continue
		}
		switch e.Tag {
		case dwarf.TagCompileUnit:
			depth = 0
			files = t.readLines(d, e)
		case dwarf.TagSubprogram:
			if n, ok := e.Val(dwarf.AttrName).(string); ok {
				names[e.Offset] = n
			}
		case dwarf.TagInlinedSubroutine:
			pend = append(pend, pendingInline{e, depth, files})
		}
		if e.Children {
			depth++
		}
	}
	for _, p := range pend {
		t.addInline(d, p.e, p.depth, p.files, names)
	}
	return nil
}

func (t *symtab) readLines(d *dwarf.Data, cu *dwarf.Entry) []*dwarf.LineFile {
	lr, err := d.LineReader(cu)
	if err != nil || lr == nil {
		return nil
	}
	var le dwarf.LineEntry
	for lr.Next(&le) == nil {
		file := ""
		if le.File != nil {
			file = path.Base(le.File.Name)
		}
		t.lines = append(t.lines, lineRow{addr: le.Address, file: file, line: le.Line, end: le.EndSequence})
	}
	return lr.Files()
}

func (t *symtab) addInline(d *dwarf.Data, e *dwarf.Entry, depth int, files []*dwarf.LineFile, names map[dwarf.Offset]string) {
	origin, _ := e.Val(dwarf.AttrAbstractOrigin).(dwarf.Offset)
	name := names[origin]
	if name == "" {
		name = "?"
	}
	callFile := ""
	if i, ok := e.Val(dwarf.AttrCallFile).(int64); ok && i >= 0 && int(i) < len(files) && files[i] != nil {
		callFile = path.Base(files[i].Name)
	}
	callLine, _ := e.Val(dwarf.AttrCallLine).(int64)
	ranges, err := d.Ranges(e)
	if err != nil {
		return
	}
	for _, rg := range ranges {
		t.inlines = append(t.inlines, inlineRange{lo: rg[0], hi: rg[1], depth: depth, name: name,
			callFile: callFile, callLine: int(callLine)})
	}
}

// function returns the function symbol containing pc.
func (t *symtab) function(pc uint64) (sym, bool) {
	i := sort.Search(len(t.funcs), func(i int) bool { return t.funcs[i].addr > pc }) - 1
	if i < 0 {
		return sym{}, false
	}
	s := t.funcs[i]
	if pc >= s.addr+max(s.size, 1) {
		return sym{}, false
	}
	return s, true
}

// line returns the file and line of pc.
func (t *symtab) line(pc uint64) (string, int) {
	i := sort.Search(len(t.lines), func(i int) bool { return t.lines[i].addr > pc }) - 1
	if i < 0 || t.lines[i].end {
		return "", 0
	}
	return t.lines[i].file, t.lines[i].line
}

// frames returns the activations at pc, innermost first: inlined callees,
// then the function the code belongs to.
func (t *symtab) frames(pc uint64) []frame {
	t.mu.Lock()
	defer t.mu.Unlock()
	if fs, ok := t.cache[pc]; ok {
		return fs
	}
	var out []frame
	fn, ok := t.function(pc)
	if ok {
		file, line := t.line(pc)
		var in []inlineRange
		for _, r := range t.inlines {
			if pc >= r.lo && pc < r.hi {
				in = append(in, r)
			}
		}
		sort.Slice(in, func(i, j int) bool { return in[i].depth > in[j].depth })
		for _, r := range in {
			out = append(out, frame{fn: r.name, file: file, line: line})
			file, line = r.callFile, r.callLine
		}
		out = append(out, frame{fn: fn.name, file: file, line: line})
	} else {
		out = append(out, frame{fn: fmt.Sprintf("%#x", pc)})
	}
	t.cache[pc] = out
	return out
}

// names renders the functions active at pc, innermost first, without lines.
func (t *symtab) names(pc uint64) string {
	fs := t.frames(pc)
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.fn
	}
	return strings.Join(parts, " <- ")
}

// describe renders an address: "e1000_transmit (e1000.c:97)" for code,
// "tx_ring[4].addr" for data the debug information describes, "sym+0x40"
// for other data symbols, hex otherwise.
func (t *symtab) describe(addr uint64) string {
	if _, ok := t.function(addr); ok {
		fs := t.frames(addr)
		parts := make([]string, len(fs))
		for i, f := range fs {
			parts[i] = f.String()
		}
		return strings.Join(parts, " <- ")
	}
	if s := t.dataName(addr); s != "" {
		return s
	}
	i := sort.Search(len(t.objects), func(i int) bool { return t.objects[i].addr > addr }) - 1
	if i >= 0 && addr < t.objects[i].addr+max(t.objects[i].size, 1) {
		if off := addr - t.objects[i].addr; off != 0 {
			return fmt.Sprintf("%s+%#x", t.objects[i].name, off)
		}
		return t.objects[i].name
	}
	return fmt.Sprintf("%#x", addr)
}

package qemu

import (
	"debug/elf"
	"fmt"
	"sort"
)

// symtab maps guest addresses to function names, from the ELF's symbol table.
type symtab struct {
	funcs []elf.Symbol // sorted by Value
}

func loadSymbols(path string) (*symtab, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		return nil, err
	}
	t := &symtab{}
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) == elf.STT_FUNC || (elf.ST_TYPE(s.Info) == elf.STT_NOTYPE && inText(f, s)) {
			t.funcs = append(t.funcs, s)
		}
	}
	sort.SliceStable(t.funcs, func(i, j int) bool { return t.funcs[i].Value < t.funcs[j].Value })
	return t, nil
}

// name returns pc as "function+0xoff", or "" when pc is outside every function.
func (t *symtab) name(pc uint64) string {
	if t == nil {
		return ""
	}
	i := sort.Search(len(t.funcs), func(i int) bool { return t.funcs[i].Value > pc }) - 1
	if i < 0 {
		return ""
	}
	s := t.funcs[i]
	if s.Size != 0 && pc >= s.Value+s.Size {
		return ""
	}
	if pc == s.Value {
		return s.Name
	}
	return fmt.Sprintf("%s+0x%x", s.Name, pc-s.Value)
}

// function returns just the name of the function containing pc, or the address.
func (t *symtab) function(pc uint64) string {
	if t != nil {
		i := sort.Search(len(t.funcs), func(i int) bool { return t.funcs[i].Value > pc }) - 1
		if i >= 0 && (t.funcs[i].Size == 0 || pc < t.funcs[i].Value+t.funcs[i].Size) {
			return t.funcs[i].Name
		}
	}
	return fmt.Sprintf("0x%x", pc)
}

// inText reports whether s is a label in an executable section (assembly entry
// points such as trapvec carry no type).
func inText(f *elf.File, s elf.Symbol) bool {
	i := int(s.Section)
	if s.Name == "" || s.Section == elf.SHN_UNDEF || i >= len(f.Sections) {
		return false
	}
	return f.Sections[i].Flags&elf.SHF_EXECINSTR != 0
}

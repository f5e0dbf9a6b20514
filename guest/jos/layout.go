package jos

import "slices"

// Field is a member of a C struct and where the lab's i386 build puts it.
type Field struct {
	Name   string // member name ("reg_base")
	Offset int    // bytes from the start of the struct
	Size   int    // bytes (the whole array for an array member)
}

// Layout is a kernel type as the lab's i386 build (-m32) lays it out:
// what the runtime must reproduce when it hands one to a student's code,
// and what a hosted x86-64 build would get wrong (pointers are 4 bytes
// there, and uint64_t aligns to 4 inside structs).
type Layout struct {
	Type   string  // C type ("struct pci_func")
	Header string  // the header that declares it ("kern/pci.h")
	Size   int     // sizeof
	Align  int     // __alignof__
	Fields []Field // the members nicsim fills in or reads, in order
}

// layouts are the facts of specs/guest-abis.md §3a and §3b.
var layouts = []Layout{
	{"struct pci_func", "kern/pci.h", 72, 4, []Field{
		{"bus", 0, 4}, {"dev", 4, 4}, {"func", 8, 4}, {"dev_id", 12, 4}, {"dev_class", 16, 4},
		{"reg_base", 20, 24}, {"reg_size", 44, 24}, {"irq_line", 68, 1},
	}},
	{"struct pci_bus", "kern/pci.h", 8, 4, []Field{{"parent_bridge", 0, 4}, {"busno", 4, 4}}},
	{"struct PageInfo", "inc/memlayout.h", 8, 4, []Field{{"pp_link", 0, 4}, {"pp_ref", 4, 2}}},
	{"struct jif_pkt", "inc/ns.h", 4, 4, []Field{{"jp_len", 0, 4}, {"jp_data", 4, 0}}},
	{"union Nsipc", "inc/ns.h", 4096, 4, []Field{{"pkt", 0, 4}, {"_pad", 0, 4096}}},
	{"struct CpuInfo", "kern/cpu.h", 116, 4, []Field{
		{"cpu_id", 0, 1}, {"cpu_status", 4, 4}, {"cpu_env", 8, 4}, {"cpu_ts", 12, 104},
	}},
	{"struct Env", "kern/env.h", 124, 4, []Field{
		{"env_tf", 0, 68}, {"env_link", 68, 4}, {"env_id", 72, 4}, {"env_parent_id", 76, 4},
		{"env_type", 80, 4}, {"env_status", 84, 4}, {"env_runs", 88, 4}, {"env_cpunum", 92, 4},
		{"env_pgdir", 96, 4}, {"env_pgfault_upcall", 100, 4}, {"env_ipc_recving", 104, 1},
		{"env_ipc_dstva", 108, 4}, {"env_ipc_value", 112, 4}, {"env_ipc_from", 116, 4},
		{"env_ipc_perm", 120, 4},
	}},
}

// Layouts returns the i386 layouts of the kernel types a driver or a
// network environment receives from JOS.
func Layouts() []Layout {
	out := slices.Clone(layouts)
	for i := range out {
		out[i].Fields = slices.Clone(out[i].Fields)
	}
	return out
}

// LayoutOf returns the layout of the C type typ ("struct pci_func").
func LayoutOf(typ string) (Layout, bool) {
	for _, l := range Layouts() {
		if l.Type == typ {
			return l, true
		}
	}
	return Layout{}, false
}

// Field returns the member called name.
func (l Layout) Field(name string) (Field, bool) {
	for _, f := range l.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

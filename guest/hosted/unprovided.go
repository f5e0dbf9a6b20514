package hosted

import (
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Stand-ins for symbols nothing defines (HostedKit.StubUndefined). A
// student's kern/syscall.c of a real JOS tree calls env_run, env_free or
// print_trapframe on paths nicsim's scenarios never take, and a driver may
// call a helper of a kernel file nicsim does not build: the image links
// anyway, and a call that does happen stops the run with a verdict naming
// the function and the file that uses it.

// unprovidedObj is the object file of the stand-ins in the build folder.
const unprovidedObj = "nicsim-unprovided.o"

// x86-64 relocation types of a call: direct (PLT32) and through the GOT
// (-fno-plt: GOTPCRELX, no REX prefix).
const (
	rX8664PLT32     = 4
	rX8664GOTPCRELX = 41
)

// undefinedSym is a symbol the driver's objects use and nothing defines.
type undefinedSym struct {
	name string
	fn   bool     // a call to it (else its address or contents)
	by   []string // the driver's files that use it
}

// undefinedSymbols returns the symbols the driver's objects (drv, by
// source file name) use that neither they nor the runtime's objects (rt)
// define, sorted by name. Weak references are left undefined, as ld does.
func undefinedSymbols(drv map[string]string, rt []string) ([]undefinedSym, error) {
	defined := map[string]bool{}
	used := map[string]*undefinedSym{}
	read := func(obj, src string) error {
		f, err := elf.Open(obj)
		if err != nil {
			return fmt.Errorf("hosted: %s: %w", filepath.Base(obj), err)
		}
		defer f.Close()
		syms, err := f.Symbols()
		if err != nil {
			return fmt.Errorf("hosted: %s: %w", filepath.Base(obj), err)
		}
		for _, s := range syms {
			bind := elf.ST_BIND(s.Info)
			if s.Name == "" || bind == elf.STB_LOCAL {
				continue
			}
			if s.Section != elf.SHN_UNDEF {
				defined[s.Name] = true
				continue
			}
			if src == "" || bind == elf.STB_WEAK {
				continue
			}
			u := used[s.Name]
			if u == nil {
				u = &undefinedSym{name: s.Name}
				used[s.Name] = u
			}
			if !slices.Contains(u.by, src) {
				u.by = append(u.by, src)
			}
		}
		if src != "" {
			markCalls(f, syms, used)
		}
		return nil
	}
	for _, o := range rt {
		if err := read(o, ""); err != nil {
			return nil, err
		}
	}
	objs := make([]string, 0, len(drv))
	for o := range drv {
		objs = append(objs, o)
	}
	slices.Sort(objs)
	for _, o := range objs {
		if err := read(o, drv[o]); err != nil {
			return nil, err
		}
	}
	var out []undefinedSym
	for name, u := range used {
		if !defined[name] {
			out = append(out, *u)
		}
	}
	slices.SortFunc(out, func(a, b undefinedSym) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// markCalls sets fn on each symbol of used that a relocation of f calls.
func markCalls(f *elf.File, syms []elf.Symbol, used map[string]*undefinedSym) {
	for _, sec := range f.Sections {
		if sec.Type != elf.SHT_RELA {
			continue
		}
		data, err := sec.Data()
		if err != nil {
			continue
		}
		for i := 0; i+24 <= len(data); i += 24 {
			info := binary.LittleEndian.Uint64(data[i+8:])
			typ, sym := uint32(info), int(info>>32)
			if sym < 1 || sym > len(syms) || (typ != rX8664PLT32 && typ != rX8664GOTPCRELX) {
				continue
			}
			if u := used[syms[sym-1].Name]; u != nil {
				u.fn = true
			}
		}
	}
}

// unprovidedSource is the C file of the stand-ins: a function for each
// symbol called, which ends the run (EV_UNPROVIDED) naming it; a zeroed,
// page-sized variable for each other one.
func unprovidedSource(syms []undefinedSym) string {
	var b strings.Builder
	b.WriteString("/* nicsim: stand-ins for symbols the driver uses and nothing defines. */\n#include \"rt.h\"\n\n")
	b.WriteString(`static void __attribute__((noreturn)) nicsim_unprovided(const char *msg, uint64_t pc) {
  int i = 0;
  for (; msg[i] && i < NICSIM_MSG - 1; i++)
    nicsim_ctl.msg[i] = msg[i];
  nicsim_ctl.msg[i] = 0;
  for (;;)
    nicsim_yield(EV_UNPROVIDED, 0, 0, 0, pc);
}
`)
	for _, s := range syms {
		if !s.fn {
			fmt.Fprintf(&b, "\nchar %s[4096] __attribute__((aligned(64)));\n", s.name)
			continue
		}
		msg := fmt.Sprintf("nicsim: %s calls %s, which nicsim's kernel model does not provide: it is defined in a kernel file nicsim does not build, so the run cannot go on past this call (a driver that needs it on this path cannot be hosted as it is)",
			strings.Join(s.by, " and "), s.name)
		fmt.Fprintf(&b, "\nvoid %s(void) { nicsim_unprovided(%q, NICSIM_RA()); }\n", s.name, msg)
	}
	return b.String()
}

// linkUnprovided compiles the stand-ins for the driver's undefined symbols
// in tmp and returns the object to link, or "" when there are none.
func linkUnprovided(tmp string, drv map[string]string, rt []string, opt Options) (string, error) {
	syms, err := undefinedSymbols(drv, rt)
	if err != nil || len(syms) == 0 {
		return "", err
	}
	src := filepath.Join(tmp, "rt", "nicsim_unprovided.c")
	if err := os.WriteFile(src, []byte(unprovidedSource(syms)), 0o644); err != nil {
		return "", err
	}
	args := append([]string{}, runtimeFlags...)
	args = append(args, layoutDefines(opt.Kit)...)
	args = append(args, "-w", "-I", filepath.Join(tmp, "rt"), "-c", src, "-o", filepath.Join(tmp, unprovidedObj))
	if log, err := run(tmp, "gcc", args...); err != nil {
		return "", &BuildError{Stage: "compile", File: "nicsim's stand-ins for undefined symbols", Log: tidyLog(log, tmp)}
	}
	return filepath.Join(tmp, unprovidedObj), nil
}

package hosted

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// A student's driver may call a kernel function that nicsim's model of
// the kernel does not provide (procdump or statsinc from their own defs.h,
// a helper of their own kernel). The image still links: each such symbol
// gets a stub, and a call of a function stub stops the run with a verdict
// naming the function (guest.MarkUnprovided) instead of a link error; a
// variable gets zeroed storage.

var (
	reUndefined = regexp.MustCompile("undefined reference to `([A-Za-z_][A-Za-z0-9_]*)'")
	// reInsn is an instruction line of objdump -dr, reReloc a relocation
	// line naming a symbol.
	reInsn  = regexp.MustCompile(`^\s+[0-9a-f]+:\s+(?:[0-9a-f]{2} )+\s*(\w+)`)
	reReloc = regexp.MustCompile(`^\s+[0-9a-f]+: R_X86_64_\w+\s+([A-Za-z_][A-Za-z0-9_]*)`)
)

// undefinedRefs lists the symbols an ld log says are undefined, sorted,
// once each.
func undefinedRefs(log string) []string {
	var out []string
	for _, m := range reUndefined.FindAllStringSubmatch(log, -1) {
		if !slices.Contains(out, m[1]) && !strings.HasPrefix(m[1], "nicsim_") && !strings.HasPrefix(m[1], "__") {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

// calledSymbols reads the driver's objects' disassembly and reports the
// symbols some call or jump instruction targets (functions); the others
// are read or written (variables).
func calledSymbols(opt Options, tmp string, objs []string) (map[string]bool, error) {
	called := map[string]bool{}
	for _, o := range objs {
		rel, err := filepath.Rel(tmp, o)
		if err != nil {
			rel = o
		}
		log, err := runJailed(opt, tmp, nil, "objdump", "-dr", rel)
		if err != nil {
			return nil, fmt.Errorf("objdump %s: %v", filepath.Base(o), err)
		}
		insn := ""
		for _, line := range strings.Split(log, "\n") {
			if m := reReloc.FindStringSubmatch(line); m != nil {
				if strings.HasPrefix(insn, "call") || strings.HasPrefix(insn, "jmp") {
					called[m[1]] = true
				}
				continue
			}
			if m := reInsn.FindStringSubmatch(line); m != nil {
				insn = m[1]
			}
		}
	}
	return called, nil
}

// unprovidedSource is the C of the stubs: a function that stops the run
// for each called symbol, zeroed storage for each other one.
func unprovidedSource(names []string, called map[string]bool) []byte {
	var b strings.Builder
	b.WriteString("/* nicsim: kernel symbols the driver uses that nicsim does not provide. */\n#include \"rt.h\"\n\n")
	b.WriteString("static void __attribute__((noreturn)) nicsim_unprovided(const char *name, uint64_t pc) {\n" +
		"  int i = 0;\n  for (; name[i] && i < NICSIM_MSG - 1; i++)\n    nicsim_ctl.msg[i] = name[i];\n" +
		"  nicsim_ctl.msg[i] = 0;\n  for (;;)\n    nicsim_yield(EV_PANIC, 1, 0, 0, pc);\n}\n\n")
	for _, n := range names {
		if called[n] {
			fmt.Fprintf(&b, "void %s(void) { nicsim_unprovided(\"%s\", NICSIM_RA()); }\n", n, n)
		} else {
			fmt.Fprintf(&b, "char %s[4096] __attribute__((aligned(64)));\n", n)
		}
	}
	return []byte(b.String())
}

// linkUnprovided compiles the stubs for the undefined symbols of an ld
// log into rt/rt_unprovided.o and returns the object, or "" when the log
// names none.
func linkUnprovided(opt Options, tmp, log string, drvObjs []string) (string, error) {
	names := undefinedRefs(log)
	if len(names) == 0 {
		return "", nil
	}
	called, err := calledSymbols(opt, tmp, drvObjs)
	if err != nil {
		return "", err
	}
	rtDir := filepath.Join(tmp, "rt")
	if err := os.WriteFile(filepath.Join(rtDir, "rt_unprovided.c"), unprovidedSource(names, called), 0o644); err != nil {
		return "", err
	}
	args := append(append([]string{}, runtimeFlags...), layoutDefines(opt.Kit)...)
	args = append(args, "-c", "rt_unprovided.c", "-o", "rt_unprovided.o")
	if out, err := run(rtDir, "gcc", args...); err != nil {
		return "", fmt.Errorf("stubs: %v\n%s", err, out)
	}
	return filepath.Join(rtDir, "rt_unprovided.o"), nil
}

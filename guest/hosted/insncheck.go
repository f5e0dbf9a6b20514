package hosted

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// objectChecks names the checks checkObjects makes, for the image cache's
// key: change it with them.
const objectChecks = "checks: host instructions, reserved names v1"

// hostInstructions are the x86-64 instructions that read something outside
// the simulation: the host's time stamp counter or its random number
// generator. A driver that uses them behaves differently from run to run,
// so no replay could reproduce it; nicsim refuses it at build time, naming
// the line, instead of reporting a run that will not replay.
var hostInstructions = map[string]string{
	"rdtsc":  "reads the host's time stamp counter",
	"rdtscp": "reads the host's time stamp counter",
	"rdrand": "reads the host's random number generator",
	"rdseed": "reads the host's random number generator",
	"rdpid":  "reads the host's processor id",
}

var (
	objdumpFunc = regexp.MustCompile(`^[0-9a-f]+ <([^>]+)>:$`)
	objdumpLine = regexp.MustCompile(`^(\S+\.[ch]):(\d+)`)
)

// reservedPrefixes are the names of nicsim's runtime hooks that a driver
// may not define: the image links the driver's definitions first, so a
// driver's __tsan_write4 or __sanitizer_cov_trace_pc would silence the
// hooks that make its accesses events (and hide its bugs from the
// oracles). nicsim_* is not among them: the kits' own lab files (JOS's
// kern/syscall.c for a lone driver) define such names.
var reservedPrefixes = []string{"__tsan_", "__sanitizer_", "__stack_chk_"}

// checkObjects checks the driver's objects (objSrc: the source of each): it
// returns a BuildError naming a runtime name the user's files define
// (reservedPrefixes; nicsim's own files, the kit's fallbacks and its
// nicsim_*.c glue, may) or the first instruction of hostInstructions (file,
// line and function), or nil.
func checkObjects(tmp, name string, objs []string, objSrc map[string]string, opt Options) error {
	for _, o := range objs {
		if !nicsimFile(objSrc[o], opt) {
			syms, err := runJailed(opt, tmp, nil, "nm", "--defined-only", "-l", o)
			if err != nil {
				return &BuildError{Stage: "check", File: name, Log: tidyLog(syms, tmp)}
			}
			if msg := reservedSymbol(syms); msg != "" {
				return &BuildError{Stage: "check", File: name, Log: tidyLog(msg, tmp)}
			}
		}
		log, err := runJailed(opt, tmp, nil, "objdump", "-d", "-l", "--no-show-raw-insn", o)
		if err != nil {
			return &BuildError{Stage: "check", File: name, Log: tidyLog(log, tmp)}
		}
		if msg := hostInstruction(log); msg != "" {
			return &BuildError{Stage: "check", File: name, Log: tidyLog(msg, tmp)}
		}
	}
	return nil
}

// nicsimFile reports whether a driver source is nicsim's: a kit's fallback
// the user did not give, or a file nicsim generated (nicsim_*.c).
func nicsimFile(src string, opt Options) bool {
	base := filepath.Base(src)
	if strings.HasPrefix(base, "nicsim_") {
		return true
	}
	if opt.Kit == nil {
		return false
	}
	if _, fallback := opt.Kit.Fallback[base]; !fallback {
		return false
	}
	for f := range opt.Files {
		if filepath.Base(f) == base {
			return false // the user's own file of that name
		}
	}
	return true
}

// reservedSymbol scans an nm --defined-only -l listing for a global name
// with a reserved prefix and says where it is defined ("" if none is).
func reservedSymbol(listing string) string {
	for _, line := range strings.Split(listing, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || strings.ToLower(f[1]) == f[1] {
			continue // a local symbol clashes with nothing
		}
		for _, p := range reservedPrefixes {
			if strings.HasPrefix(f[2], p) {
				at := ""
				if len(f) > 3 {
					at = filepath.Base(f[3]) + ": "
				}
				return fmt.Sprintf("%sthe driver defines %s, a name of nicsim's runtime (names starting with %s are reserved): rename it\n", at, f[2], p)
			}
		}
	}
	return ""
}

// hostInstruction scans an objdump -d -l listing for an instruction of
// hostInstructions and says where it is ("" if none is).
func hostInstruction(listing string) string {
	fn, at := "", ""
	for _, line := range strings.Split(listing, "\n") {
		if m := objdumpFunc.FindStringSubmatch(line); m != nil {
			fn = m[1]
			continue
		}
		if m := objdumpLine.FindStringSubmatch(line); m != nil {
			at = filepath.Base(m[1]) + ":" + m[2]
			continue
		}
		_, insn, ok := strings.Cut(line, ":\t")
		if !ok {
			continue
		}
		op, _, _ := strings.Cut(strings.TrimSpace(insn), " ")
		if why, bad := hostInstructions[op]; bad {
			return fmt.Sprintf("%s: in %s: the driver executes %s, which %s: its runs would differ from one another and no replay could reproduce them (a kernel driver waits with the device's registers or the kernel's timer, not the TSC)\n",
				at, fn, op, why)
		}
	}
	return ""
}

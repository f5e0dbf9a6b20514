package jos

import (
	"bytes"
	"crypto/sha256"
	"debug/dwarf"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/guest"
)

// I386 is what the lab's own i386 build (-m32, LabFlags) makes of a
// driver: where hosting it as x86-64 differs, reports say what the student
// really gets.
type I386 struct {
	// Objects are the driver's variables by name: size and the alignment
	// the compiler guarantees them (the largest power of two dividing
	// their offset in a section aligned to it).
	Objects map[string]I386Object
	Entries Entries
	types   map[string]dwarf.Type // the variables' C types, for AlignOf
}

// I386Object is one variable of the i386 build.
type I386Object struct {
	Size, Align uint64
}

// i386Cache holds the i386 facts of each driver built, by sourcesKey.
var i386Cache sync.Map

// sourcesKey identifies a driver by the contents of its files.
func sourcesKey(files [][]byte) string {
	sums := make([]string, 0, len(files))
	for _, f := range files {
		s := sha256.Sum256(f)
		sums = append(sums, hex.EncodeToString(s[:]))
	}
	slices.Sort(sums)
	s := sha256.Sum256([]byte(strings.Join(sums, ",")))
	return hex.EncodeToString(s[:])
}

// I386Of returns the i386 facts of the driver whose files are srcs, once
// [Glue] has built it in this process.
func I386Of(srcs [][]byte) (*I386, bool) {
	v, ok := i386Cache.Load(sourcesKey(srcs))
	if !ok {
		return nil, false
	}
	return v.(*I386), true
}

// i386Flags are the lab's flags for the driver's i386 build, without
// -Werror: a warning of nicsim's stand-in headers must not stop a hunt.
func i386Flags() []string {
	return slices.DeleteFunc(slices.Clone(LabFlags), func(s string) bool { return s == "-Werror" })
}

// Glue is the JOS kit's [guest.HostedKit] Glue: it compiles the driver
// as the lab does (i386, LabFlags, the student's headers first), reads its
// functions (gcc -aux-info) and variables, finds the attach, transmit and
// receive functions, and returns nicsim_glue.c, the adapter the runtime
// calls them through.
func Glue(in guest.GlueInput) (map[string][]byte, error) {
	tmp, err := os.MkdirTemp("", "nicsim-jos-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	main := in.Main
	if !strings.Contains(main, "/") {
		main = "kern/" + main
	}
	if err := writeLab(tmp, path.Dir(main), in.Files); err != nil {
		return nil, err
	}
	inc := filepath.Join(tmp, "include")
	args := append(i386Flags(), Kernel.Define())
	for _, d := range in.IncludeDirs {
		if abs, err := filepath.Abs(d); err == nil {
			d = abs // gcc runs in the build folder
		}
		args = append(args, "-I", d)
	}
	args = append(args, "-I", filepath.Join(tmp, "lab"), "-I", inc)
	aux, obj := filepath.Join(tmp, "e1000.aux"), filepath.Join(tmp, "e1000.o")
	if out, err := gcc(tmp, append(args, "-g", "-aux-info", aux, "-c", filepath.Join("lab", main), "-o", obj)...); err != nil {
		return nil, fmt.Errorf("jos: %s does not build as the lab builds it (gcc -m32 %s):\n%s", in.Main,
			strings.Join(i386Flags()[1:], " "), tidy(out, tmp))
	}
	auxText, err := os.ReadFile(aux)
	if err != nil {
		return nil, err
	}
	fns := DefinedFunctions(string(auxText), main)
	attach := in.Names["attach"]
	pci, ok := in.Files["pci.c"]
	if !ok {
		pci, ok = in.Files["kern/pci.c"]
	}
	if ok && attach == "" && pci != nil {
		if attach, err = attachFromPCI(tmp, path.Dir(main), args); err != nil {
			return nil, err
		}
	}
	e, err := FindEntries(fns, in.Main, attach, in.Names["tx"], in.Names["rx"])
	var missing error
	if err != nil && isLabTree(in.Files) {
		// A lab folder runs its own system calls in testoutput and
		// testinput: only ping needs the transmit and receive functions.
		if e, missing, err = findAttach(fns, in.Main, attach); err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	for _, k := range []string{in.Main, main, path.Base(main)} {
		if src, ok := in.Files[k]; ok {
			e.ReadSource(src)
			break
		}
	}
	objs, types, err := i386Objects(obj)
	if err != nil {
		return nil, err
	}
	var srcs [][]byte
	for _, b := range in.Files {
		srcs = append(srcs, b)
	}
	i386Cache.Store(sourcesKey(srcs), &I386{Objects: objs, Entries: e, types: types})
	header := path.Join(path.Dir(main), "e1000.h")
	if missing != nil {
		return map[string][]byte{"nicsim_glue.c": []byte(e.attachOnlyAdapter(header, missing))}, nil
	}
	return map[string][]byte{"nicsim_glue.c": []byte(e.Adapter(header))}, nil
}

// isLabTree reports whether a driver's files are a lab folder's: its own
// system calls and environments beside the driver.
func isLabTree(files map[string][]byte) bool {
	_, sys := files["kern/syscall.c"]
	_, in := files["net/input.c"]
	return sys && in
}

// findAttach finds the attach function alone, for a lab folder whose
// transmit or receive function nicsim cannot find or call; missing says
// why (the error FindEntries gave).
func findAttach(fns []Function, file, attach string) (Entries, error, error) {
	var e Entries
	_, missing := FindEntries(fns, file, attach, "", "")
	takesFunc := func(f Function) bool {
		return len(f.Params) == 1 && f.Params[0].Pointer && strings.Contains(f.Params[0].Pointee, "struct pci_func")
	}
	var err error
	e.Attach, err = pick(fns, file, attach, "attach", "attach", anyName, takesFunc)
	return e, missing, err
}

// attachOnlyAdapter is the adapter of a lab folder whose transmit or
// receive function nicsim cannot call: the attach function as Adapter's,
// and transmit and receive calls (the ping scenario's) that end the run
// saying why.
func (e Entries) attachOnlyAdapter(header string, why error) string {
	var b strings.Builder
	b.WriteString("/* nicsim_glue.c: generated by nicsim for the driver's own functions. */\n")
	fmt.Fprintf(&b, "#include <inc/types.h>\n#include <kern/pci.h>\n#include <%s>\n\n", header)
	fmt.Fprintf(&b, "extern %s;\n", e.Attach.Prototype)
	b.WriteString("void nicsim_unsupported(const char *msg) __attribute__((noreturn));\n")
	fmt.Fprintf(&b, "\nint nicsim_jos_attach(struct pci_func *f) {\n%s}\n", call(e.Attach, "f"))
	msg := fmt.Sprintf("nicsim: the ping scenario calls the driver's transmit and receive functions, and %v (the lab's own scenarios, testoutput and testinput, run its system calls instead)", why)
	fmt.Fprintf(&b, "\nint nicsim_jos_tx(void *buf, unsigned int len) {\n  nicsim_unsupported(%s);\n}\n", cString(msg))
	fmt.Fprintf(&b, "\nint nicsim_jos_rx(void *buf, unsigned int len) {\n  nicsim_unsupported(%s);\n}\n", cString(msg))
	return b.String()
}

// cString quotes s as a C string literal.
func cString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// writeLab lays out the stand-in headers in dir/include and the driver's
// files in dir/lab/<kern>.
func writeLab(dir, kern string, files map[string][]byte) error {
	err := fs.WalkDir(FS, IncludeDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := FS.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		return err
	}
	k := filepath.Join(dir, "lab", filepath.FromSlash(kern))
	if err := os.MkdirAll(k, 0o755); err != nil {
		return err
	}
	for n, b := range files {
		dst := filepath.Join(k, filepath.Base(n))
		if strings.Contains(n, "/") { // a lab path: inc/error.h
			dst = filepath.Join(dir, "lab", filepath.FromSlash(path.Clean(n)))
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// attachFromPCI reads the attach function from the driver's kern/pci.c
// (its pci_attach_vendor[] row for 8086:100E), preprocessed.
func attachFromPCI(tmp, kern string, args []string) (string, error) {
	out := filepath.Join(tmp, "pci.i")
	if log, err := gcc(tmp, append(slices.Clone(args), "-E", filepath.Join("lab", kern, "pci.c"), "-o", out)...); err != nil {
		return "", fmt.Errorf("jos: preprocessing kern/pci.c: %s", tidy(log, tmp))
	}
	text, err := os.ReadFile(out)
	if err != nil {
		return "", err
	}
	return AttachFunction(string(text), 0x8086, 0x100E)
}

func gcc(dir string, args ...string) (string, error) {
	cmd := exec.Command("gcc", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// tidy strips the build directory from gcc's messages.
func tidy(log, tmp string) string {
	log = strings.ReplaceAll(log, tmp+"/lab/", "")
	log = strings.ReplaceAll(log, "lab/", "")
	return strings.ReplaceAll(log, tmp+"/", "nicsim/")
}

// i386Objects reads the variables of an i386 object file and their C
// types.
func i386Objects(obj string) (map[string]I386Object, map[string]dwarf.Type, error) {
	data, err := os.ReadFile(obj)
	if err != nil {
		return nil, nil, err
	}
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, nil, fmt.Errorf("jos: i386 object: %w", err)
	}
	syms, err := f.Symbols()
	if err != nil {
		return nil, nil, fmt.Errorf("jos: i386 object symbols: %w", err)
	}
	types, err := i386Types(f)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]I386Object{}
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) != elf.STT_OBJECT {
			continue
		}
		var align uint64
		switch {
		case s.Section == elf.SHN_COMMON:
			align = s.Value
		case int(s.Section) < len(f.Sections) && s.Section != elf.SHN_UNDEF:
			align = max(f.Sections[s.Section].Addralign, 1)
			for align > 1 && s.Value%align != 0 {
				align /= 2
			}
		default:
			continue
		}
		out[s.Name] = I386Object{Size: s.Size, Align: align}
	}
	return out, types, nil
}

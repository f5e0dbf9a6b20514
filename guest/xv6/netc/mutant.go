package netc

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
)

// The net.c zoo: zoo/<name>.mutant in the zoo format of package csrc, each
// a patch of ref/net.c, hosted beside the 2024+ reference e1000.c (the
// kernel's kit bundles them: [MutantNet]). Their names are
// "zoo:KERNEL/net-NAME".

// mutantPrefix starts the base name of every net.c mutant.
const mutantPrefix = "net-"

// Mutants parses every mutant of the net.c zoo for kernel, sorted by name.
func Mutants(kernel string) ([]csrc.Mutant, error) {
	return csrc.ReadZoo(FS, "zoo", func(name string) (csrc.Mutant, error) { return LookupMutant(kernel, name) })
}

// LookupMutant returns the net.c mutant short ("net-no-bound") of kernel.
func LookupMutant(kernel, short string) (csrc.Mutant, error) {
	if !strings.HasPrefix(short, mutantPrefix) || strings.ContainsAny(short, "/.") {
		return csrc.Mutant{}, fmt.Errorf("netc: %q is not a net.c mutant (want %sNAME)", short, mutantPrefix)
	}
	p := path.Join("zoo", short+".mutant")
	text, err := fs.ReadFile(FS, p)
	if err != nil {
		return csrc.Mutant{}, fmt.Errorf("netc: no mutant zoo:%s/%s: %w", kernel, short, err)
	}
	m, err := csrc.ParseMutant(text)
	if err != nil {
		return csrc.Mutant{}, fmt.Errorf("netc: %s: %w", p, err)
	}
	m.Name, m.ABI = "zoo:"+kernel+"/"+short, kernel
	if _, err := Apply(m); err != nil {
		return csrc.Mutant{}, err
	}
	return m, nil
}

// Apply returns ref/net.c with the mutant's blocks applied: each block's
// text must occur exactly once, at the start of a line.
func Apply(m csrc.Mutant) ([]byte, error) {
	src := string(Reference())
	for i, b := range m.Blocks {
		if n := countAtLineStart(src, b.Old); n != 1 {
			return nil, fmt.Errorf("netc: %s: block %d (line %d): its text occurs %d times at a line start in ref/net.c, want once",
				m.Name, i+1, b.Line, n)
		}
		src = strings.Replace(src, b.Old, b.New, 1)
	}
	return []byte(src), nil
}

func countAtLineStart(src, old string) int {
	n := 0
	for off := 0; ; {
		i := strings.Index(src[off:], old)
		if i < 0 {
			return n
		}
		if p := off + i; p == 0 || src[p-1] == '\n' {
			n++
		}
		off += i + 1
	}
}

// MutantNet gives the net.c of a net.c mutant ("zoo:KERNEL/net-NAME"),
// which its kernel hosts beside its reference driver; ok is false for any
// other driver.
func MutantNet(d guest.DriverName) (net []byte, ok bool, err error) {
	if d.Kind != guest.DriverZoo || !strings.HasPrefix(d.Mutant, mutantPrefix) {
		return nil, false, nil
	}
	m, err := LookupMutant(d.Kernel, d.Mutant)
	if err != nil {
		return nil, true, err
	}
	net, err = Apply(m)
	return net, true, err
}

package eth

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
)

// The eth zoo: zoo/<name>.mutant, in the zoo format of package csrc (tags,
// then blocks of exact reference lines and their replacements). A mutant
// patches drivers/ref, or drivers/ring when its name starts with "ring-";
// each block applies to the one file of that driver (eth.c, eth.h, pci.c,
// pci.h) in which its text occurs exactly once at the start of a line.

// Mutants parses every mutant of the eth zoo, sorted by name
// ("zoo:eth/no-statack").
func Mutants() ([]csrc.Mutant, error) {
	return csrc.ReadZoo(FS, "zoo", func(name string) (csrc.Mutant, error) { return LookupMutant("zoo:eth/" + name) })
}

// LookupMutant returns the mutant called name ("zoo:eth/no-statack").
func LookupMutant(name string) (csrc.Mutant, error) {
	short, ok := strings.CutPrefix(name, "zoo:eth/")
	if !ok || short == "" || strings.ContainsAny(short, "/.") {
		return csrc.Mutant{}, fmt.Errorf("eth: %q is not an eth mutant name (want zoo:eth/NAME)", name)
	}
	p := path.Join("zoo", short+".mutant")
	text, err := fs.ReadFile(FS, p)
	if err != nil {
		return csrc.Mutant{}, fmt.Errorf("eth: no mutant %s: %w", name, err)
	}
	m, err := csrc.ParseMutant(text)
	if err != nil {
		return csrc.Mutant{}, fmt.Errorf("eth: %s: %w", p, err)
	}
	m.Name, m.ABI = name, "eth"
	if err := guest.CheckMutant(Kernel, m); err != nil {
		return csrc.Mutant{}, fmt.Errorf("eth: %s: %w", p, err)
	}
	if _, err := ApplyMutant(m); err != nil {
		return csrc.Mutant{}, err
	}
	return m, nil
}

// mutantBase is the reference driver a mutant patches.
func mutantBase(m csrc.Mutant) string {
	if strings.HasPrefix(strings.TrimPrefix(m.Name, "zoo:eth/"), "ring-") {
		return "ring"
	}
	return "ref"
}

// ApplyMutant returns the files of the mutant's reference driver with its
// blocks applied.
func ApplyMutant(m csrc.Mutant) (map[string][]byte, error) {
	files, err := DriverFiles(mutantBase(m))
	if err != nil {
		return nil, err
	}
	for i, b := range m.Blocks {
		var in []string
		for name, src := range files {
			if n := countAtLineStart(src, b.Old); n == 1 {
				in = append(in, name)
			} else if n > 1 {
				return nil, fmt.Errorf("eth: %s: block %d (line %d): its text occurs %d times in %s", m.Name, i+1, b.Line, n, name)
			}
		}
		if len(in) != 1 {
			return nil, fmt.Errorf("eth: %s: block %d (line %d): its text occurs in %d files of drivers/%s, want exactly one",
				m.Name, i+1, b.Line, len(in), mutantBase(m))
		}
		files[in[0]] = bytes.Replace(files[in[0]], []byte(b.Old), []byte(b.New), 1)
	}
	return files, nil
}

func countAtLineStart(src []byte, old string) int {
	n := 0
	for off := 0; ; {
		i := bytes.Index(src[off:], []byte(old))
		if i < 0 {
			return n
		}
		if p := off + i; p == 0 || src[p-1] == '\n' {
			n++
		}
		off += i + 1
	}
}

// bundled gives ref:eth (drivers/ref) and zoo:eth/NAME.
func bundled(d guest.DriverName) ([]string, map[string][]byte, error) {
	order := []string{"eth.c", "pci.c", "eth.h", "pci.h"}
	switch d.Kind {
	case guest.DriverRef:
		files, err := DriverFiles("ref")
		return order, files, err
	case guest.DriverZoo:
		m, err := LookupMutant(d.String())
		if err != nil {
			return nil, nil, err
		}
		files, err := ApplyMutant(m)
		return order, files, err
	}
	return nil, nil, fmt.Errorf("eth: no bundled driver %s", d)
}

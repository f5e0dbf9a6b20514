package xv6

import (
	"fmt"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
)

// The zoo: zoo/<gen>/<name>.mutant, in the mutant format of package csrc,
// each a patch against drivers/<gen>/ref/e1000.c.

var zoo struct {
	once    sync.Once
	mutants []csrc.Mutant
	err     error
}

// Mutants parses every mutant of both generations' zoos, sorted by name.
// It fails on the first malformed file, naming it.
func Mutants() ([]csrc.Mutant, error) {
	zoo.once.Do(func() { zoo.mutants, zoo.err = loadMutants() })
	if zoo.err != nil {
		return nil, zoo.err
	}
	out := make([]csrc.Mutant, len(zoo.mutants))
	for i, m := range zoo.mutants {
		out[i] = m.Clone()
	}
	return out, nil
}

// mutantsOf is the zoo of one generation (a HostedKit's Mutants).
func mutantsOf(gen string) func() ([]csrc.Mutant, error) {
	return func() ([]csrc.Mutant, error) {
		all, err := Mutants()
		var out []csrc.Mutant
		for _, m := range all {
			if m.ABI == gen {
				out = append(out, m)
			}
		}
		return out, err
	}
}

func loadMutants() ([]csrc.Mutant, error) {
	var ms []csrc.Mutant
	for _, name := range Names() {
		if !strings.HasPrefix(name, "zoo:") {
			continue
		}
		m, err := readMutant(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

func readMutant(name string) (csrc.Mutant, error) {
	p, err := DriverPath(name)
	if err != nil {
		return csrc.Mutant{}, err
	}
	text, err := FS.ReadFile(p)
	if err != nil {
		return csrc.Mutant{}, fmt.Errorf("xv6: driver %q: %w", name, err)
	}
	m, err := csrc.ParseMutant(text)
	if err != nil {
		return csrc.Mutant{}, fmt.Errorf("xv6: %s: %w", p, err)
	}
	m.Name = name
	m.ABI, _ = DriverGen(name)
	if err := guest.CheckMutant(kernelOf(m.ABI), m); err != nil {
		return csrc.Mutant{}, fmt.Errorf("xv6: %s: %w", p, err)
	}
	return m, nil
}

// kernelOf is the registration of generation gen.
func kernelOf(gen string) *guest.KernelModel {
	if gen == gen2024.Name {
		return gen2024
	}
	return gen2020
}

// LookupMutant returns the mutant called name ("zoo:xv6/arp-reentrant").
// A name that is not in the zoo gives an error wrapping [fs.ErrNotExist].
func LookupMutant(name string) (csrc.Mutant, error) {
	if !strings.HasPrefix(name, "zoo:") {
		return csrc.Mutant{}, fmt.Errorf("xv6: %q is not a mutant name (want zoo:<gen>/<mutant>)", name)
	}
	return readMutant(name)
}

// ApplyMutant returns the reference driver of the mutant's generation with
// its blocks applied.
func ApplyMutant(m csrc.Mutant) ([]byte, error) {
	ref, err := FS.ReadFile(refPath(m.ABI))
	if err != nil {
		return nil, fmt.Errorf("xv6: %s: reference driver: %w", m.Name, err)
	}
	return m.ApplyTo(ref)
}

package csrc

import (
	"io/fs"
	"slices"
	"strings"
)

// ReadZoo returns the mutant of every dir/NAME.mutant in fsys, as lookup
// reads NAME, sorted by Name. It fails on the first mutant lookup fails.
func ReadZoo(fsys fs.FS, dir string, lookup func(name string) (Mutant, error)) ([]Mutant, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Mutant
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".mutant")
		if !ok {
			continue
		}
		m, err := lookup(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b Mutant) int { return strings.Compare(a.Name, b.Name) })
	return ms, nil
}

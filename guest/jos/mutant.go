package jos

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
)

// mutantExt is the file extension of mutants in zoo/.
const mutantExt = ".mutant"

var mutantName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func validMutantName(s string) bool { return mutantName.MatchString(s) }

// Mutant is a mutant of the JOS zoo: the tags and blocks of the csrc zoo
// format, and the reference lab file each block patches.
type Mutant struct {
	csrc.Mutant          // Name "zoo:jos/<mutant>", ABI "jos"
	Files       []string // lab path patched by each block, in block order
}

// Mutants parses every mutant of the zoo, sorted by name, and finds the
// file each block patches. It fails on the first bad mutant, naming it.
func Mutants() ([]Mutant, error) {
	var ms []Mutant
	for _, name := range Names()[1:] {
		m, err := LookupMutant(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// LookupMutant returns the mutant called name ("zoo:jos/no-rs"). A name
// that is not in the zoo gives an error wrapping [fs.ErrNotExist].
func LookupMutant(name string) (Mutant, error) {
	p, err := mutantPath(name)
	if err != nil {
		return Mutant{}, err
	}
	text, err := FS.ReadFile(p)
	if err != nil {
		return Mutant{}, fmt.Errorf("jos: mutant %q: %w", name, err)
	}
	cm, err := csrc.ParseMutant(text)
	if err != nil {
		return Mutant{}, fmt.Errorf("jos: %s: %w", p, err)
	}
	cm.Name, cm.ABI = name, ABI
	k, err := guest.LookupKernel(ABI)
	if err != nil {
		return Mutant{}, err
	}
	if err := guest.CheckMutant(k, cm); err != nil {
		return Mutant{}, fmt.Errorf("jos: %s: %w", p, err)
	}
	m := Mutant{Mutant: cm}
	tree := refTree()
	for i, b := range cm.Blocks {
		f, err := blockFile(tree, b.Old)
		if err != nil {
			return Mutant{}, fmt.Errorf("jos: mutant %s: block %d (line %d of %s): %v", name, i+1, b.Line, p, err)
		}
		m.Files = append(m.Files, f)
	}
	return m, nil
}

// blockFile returns the one file of tree in which old occurs at the start
// of a line exactly once, and in no other file.
func blockFile(tree map[string][]byte, old string) (string, error) {
	var hits []string
	for p, src := range tree {
		if n := countAtLineStart(src, old); n > 0 {
			hits = append(hits, fmt.Sprintf("%s (%d times)", p, n))
		}
	}
	slices.Sort(hits)
	if len(hits) != 1 || !strings.HasSuffix(hits[0], " (1 times)") {
		if len(hits) == 0 {
			hits = []string{"no file"}
		}
		return "", fmt.Errorf("its replace text must occur exactly once in exactly one reference file; it occurs in %s",
			strings.Join(hits, ", "))
	}
	return strings.TrimSuffix(hits[0], " (1 times)"), nil
}

// countAtLineStart counts the occurrences of old in src that start a line.
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

// Apply returns the reference lab files the mutant patches, with its
// blocks applied (lab path -> contents).
func (m *Mutant) Apply() (map[string][]byte, error) {
	tree := refTree()
	groups := map[string][]csrc.Block{}
	for i, b := range m.Blocks {
		groups[m.Files[i]] = append(groups[m.Files[i]], b)
	}
	out := map[string][]byte{}
	for f, blocks := range groups {
		part := csrc.Mutant{Name: m.Name, ABI: m.ABI, Blocks: blocks}
		src, err := part.ApplyTo(tree[f])
		if err != nil {
			return nil, fmt.Errorf("jos: %s: %w", f, err)
		}
		out[f] = src
	}
	return out, nil
}

package diag

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/nic"
)

// vocab is what diag knows of the registered devices: their register
// names, and each ring with the tail register that hands it to the device.
type vocab struct {
	reg   *regexp.Regexp    // any register name, as a word
	ring  *regexp.Regexp    // any ring name ("TX"), as a word
	tails map[string]string // ring -> tail register ("TX" -> "TDT")
	first string            // the first ring of the first model
}

var (
	vocabOnce sync.Once
	voc       vocab
)

// words builds the vocabulary from the device registry the first time it
// is needed (after every model's init has registered it).
func words() *vocab {
	vocabOnce.Do(func() {
		var regs, rings []string
		voc.tails = map[string]string{}
		for _, m := range nic.Models() {
			for _, r := range m.Regs {
				regs = append(regs, regexp.QuoteMeta(r.Name))
			}
			for _, c := range m.Columns {
				rings = append(rings, regexp.QuoteMeta(c.Name))
				if _, ok := voc.tails[c.Name]; !ok {
					voc.tails[c.Name] = c.Tail
				}
				if voc.first == "" {
					voc.first = c.Name
				}
			}
		}
		voc.reg, voc.ring = wordRE(regs), wordRE(rings)
	})
	return &voc
}

// wordRE matches any of the alternatives as a whole word (nothing if none).
func wordRE(alts []string) *regexp.Regexp {
	if len(alts) == 0 {
		return regexp.MustCompile(`$^`)
	}
	slices.SortFunc(alts, func(a, b string) int { return len(b) - len(a) }) // longest first
	return regexp.MustCompile(`\b(` + strings.Join(alts, "|") + `)\b`)
}

// ringOf is the ring the message names first ("" if none).
func ringOf(msg string) string { return words().ring.FindString(msg) }

// tailOf is the tail register of ring (or of the first ring known).
func tailOf(ring string) string {
	v := words()
	if t, ok := v.tails[ring]; ok {
		return t
	}
	return v.tails[v.first]
}

// isRing reports whether s names a ring.
func isRing(s string) bool {
	_, ok := words().tails[s]
	return ok
}

// ringOfTail is the ring whose tail register is reg ("" if none).
func ringOfTail(reg string) string {
	for r, t := range words().tails {
		if t == reg {
			return r
		}
	}
	return ""
}

// ringForDir is the ring of a direction ("tx" -> "TX"), "" if none.
func ringForDir(dir string) string {
	for r := range words().tails {
		if strings.EqualFold(r, dir) {
			return r
		}
	}
	return ""
}

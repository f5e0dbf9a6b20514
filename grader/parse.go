package grader

import (
	"bufio"
	"strings"
)

// Parse reads a console (the guest's output, with the host script's lines
// mixed in) the way make grade does: a subtest passes when a line contains
// one of its Pass strings. A failed subtest's Why is the last console line
// that names it (its own "FAIL" line, say), or that no passing line was
// printed.
func (g *Grader) Parse(console string) []Result {
	rs := g.Results()
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(console))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		lines = append(lines, strings.TrimRight(sc.Text(), "\r"))
	}
	for i, s := range g.Subtests {
		if passedBy(lines, s.Pass) {
			continue
		}
		why := "no line \"" + s.Pass[0] + "\" on the console"
		if l := lastNaming(lines, s); l != "" {
			why = "the console says: " + l
		}
		rs[i].Fail(why, 0)
	}
	return rs
}

func passedBy(lines, pass []string) bool {
	for _, l := range lines {
		for _, p := range pass {
			if strings.Contains(l, p) {
				return true
			}
		}
	}
	return false
}

// lastNaming is the last line that names the subtest (its name or slug
// followed by a colon) without passing it.
func lastNaming(lines []string, s Subtest) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := lines[i]
		if strings.Contains(l, s.Name+":") || strings.Contains(l, s.Slug+":") {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

package grader

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Subtest is one test of a lab's grader, as `make grade` names and scores
// it.
type Subtest struct {
	// Name is how `make grade` prints it ("ping", "single-process pings",
	// "txone").
	Name string
	// Slug names it in a scenario ("GRADER/SLUG": "nettest/ping3").
	Slug   string
	Points int
	// Pass are the console lines, any one of which passes the subtest
	// ("testing ping: OK"); a line passes when it contains one of them.
	Pass []string
	// Host: the line is printed by the host's script, not by the guest
	// (nicsim's peer plays the host and prints it in the guest's console
	// stream).
	Host bool
	// Alone: the subtest has a scenario of its own ("GRADER/SLUG").
	Alone bool
}

// Grader is a lab's grader: the guest program `make grade` runs and the
// subtests it scores.
type Grader struct {
	// Name is the guest program and the scenario ("nettests").
	Name  string
	Title string // "xv6 net lab 2020-2023 (grade-lab-net, user/nettests.c)"
	// Kernel is the registry name of the kernel whose lab it grades.
	Kernel   string
	Subtests []Subtest
	// NotOurs are points of the lab nicsim does not score, and why ("1
	// point for time.txt: a file the student writes, not the driver").
	NotOurs []string
	_       struct{}
}

// Max is the points of every subtest.
func (g *Grader) Max() int {
	n := 0
	for _, s := range g.Subtests {
		n += s.Points
	}
	return n
}

// Subtest returns the subtest called name or slug.
func (g *Grader) Subtest(name string) (*Subtest, bool) {
	for i := range g.Subtests {
		if s := &g.Subtests[i]; s.Name == name || s.Slug == name {
			return s, true
		}
	}
	return nil, false
}

// Scenarios are the scenario names of the grader: its own, then
// "NAME/SLUG" for each subtest that runs alone.
func (g *Grader) Scenarios() []string {
	out := []string{g.Name}
	for _, s := range g.Subtests {
		if s.Alone {
			out = append(out, g.Name+"/"+s.Slug)
		}
	}
	return out
}

// Scenario splits a scenario name into its grader and subtest: "nettest"
// gives the grader and nil, "nettest/ping3" the grader and ping3; ok is
// false when no registered grader has the scenario.
func Scenario(name string) (g *Grader, s *Subtest, ok bool) {
	gname, slug, alone := strings.Cut(name, "/")
	g, ok = Lookup(gname)
	if !ok {
		return nil, nil, false
	}
	if !alone {
		return g, nil, true
	}
	s, ok = g.Subtest(slug)
	if !ok || !s.Alone {
		return nil, nil, false
	}
	return g, s, true
}

var (
	mu      sync.RWMutex
	graders []*Grader
)

// Register makes a grader known. It panics on a duplicate name or slug:
// registration happens at init.
func Register(g *Grader) {
	mu.Lock()
	defer mu.Unlock()
	for _, o := range graders {
		if o.Name == g.Name {
			panic(fmt.Sprintf("grader: %q registered twice", g.Name))
		}
	}
	seen := map[string]bool{}
	for _, s := range g.Subtests {
		if seen[s.Slug] || s.Slug == "" {
			panic(fmt.Sprintf("grader: %s: subtest slug %q empty or twice", g.Name, s.Slug))
		}
		seen[s.Slug] = true
	}
	graders = append(graders, g)
}

// Lookup returns the grader called name.
func Lookup(name string) (*Grader, bool) {
	mu.RLock()
	defer mu.RUnlock()
	for _, g := range graders {
		if g.Name == name {
			return g, true
		}
	}
	return nil, false
}

// ForKernel returns the graders of a kernel, by name.
func ForKernel(kernel string) []*Grader {
	mu.RLock()
	defer mu.RUnlock()
	var out []*Grader
	for _, g := range graders {
		if g.Kernel == kernel {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b *Grader) int { return strings.Compare(a.Name, b.Name) })
	return out
}

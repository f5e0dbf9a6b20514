package sim

import (
	"regexp"
	"strings"
)

// SetSite records the driver code that makes the next device access (a
// register write, a kfree), so that a device or kernel check can name the
// source line it judges. Drivers without source locations leave it zero.
func (m *Machine) SetSite(w Where) { m.site = w }

// Site is the driver code of the current device access (see SetSite).
func (m *Machine) Site() Where { return m.site }

// At renders a site for a verdict message in the one form every finding
// uses, " at e1000.c:118 (e1000_transmit)", or "" when w has no source
// location. [SitesIn] parses it back.
func (m *Machine) At(w Where) string {
	if s := m.SiteText(w); s != "" {
		return " at " + s
	}
	return ""
}

// SiteText renders w's innermost frame as "e1000.c:118 (e1000_transmit)",
// or "" when w has no source location.
func (m *Machine) SiteText(w Where) string {
	if w.D != nil || w.N == 0 || m.Trace.Symbolize == nil {
		return ""
	}
	frame, _, _ := strings.Cut(m.Trace.Symbolize(w.PCs[0]), " <- ")
	fn, loc, ok := strings.Cut(frame, " (")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(loc, ")") + " (" + fn + ")"
}

var siteRE = regexp.MustCompile(`\bat ([A-Za-z0-9_./+-]+\.[ch]:[0-9]+)`)

// SitesIn returns the source locations ("e1000.c:118") a verdict message
// names with " at FILE:LINE", in order: the sites a finding's signature and
// report use.
func SitesIn(msg string) []string {
	var out []string
	for _, m := range siteRE.FindAllStringSubmatch(msg, -1) {
		out = append(out, m[1])
	}
	return out
}

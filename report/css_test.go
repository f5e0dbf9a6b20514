package report

import (
	"regexp"
	"testing"
)

// Event boxes, and the source locations in them, wrap: nothing a row says
// is cut off with an ellipsis.
func TestEventBoxesWrap(t *testing.T) {
	rule := regexp.MustCompile(`(?m)^\.ev\{[^}]*\}`).FindString(pageSrc)
	if rule == "" {
		t.Fatal("no .ev rule in the timeline's stylesheet")
	}
	for _, bad := range []string{"ellipsis", "nowrap"} {
		if regexp.MustCompile(bad).MatchString(rule) {
			t.Errorf(".ev rule %q cuts event text (%s)", rule, bad)
		}
	}
}

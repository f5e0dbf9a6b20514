package xv6

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// The hosted runtime defines every service the kernel model lists, so the
// list is the one the C side provides.
func TestHostedRuntimeProvidesServices(t *testing.T) {
	files, err := filepath.Glob("../hosted/runtime/*.c")
	if err != nil || len(files) == 0 {
		t.Fatalf("no runtime sources: %v", err)
	}
	var src []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	for _, k := range []*struct {
		name     string
		services []string
	}{{gen2020.Name, gen2020.Services}, {gen2024.Name, gen2024.Services}} {
		for _, s := range k.services {
			re := regexp.MustCompile(`NICSIM_WEAK[^;{]*\b` + regexp.QuoteMeta(s) + `\(`)
			if !re.Match(src) {
				t.Errorf("kernel %s lists service %s, which the hosted runtime does not define", k.name, s)
			}
		}
	}
}

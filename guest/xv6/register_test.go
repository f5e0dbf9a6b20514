package xv6

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/guest/xv6/netc"
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

// The net.c socket oracles' classes are the last of csrc.ModelClasses, and
// each is explained for xv6-2024.
func TestNetCClasses(t *testing.T) {
	n := len(netc.Classes)
	if got := csrc.ModelClasses[len(csrc.ModelClasses)-n:]; !slices.Equal(got, netc.Classes) {
		t.Errorf("csrc.ModelClasses ends with %v, want %v", got, netc.Classes)
	}
	for _, c := range netc.Classes {
		if _, ok := diag.Lookup(c, gen2024.Name); !ok {
			t.Errorf("class %s has no explanation for %s", c, gen2024.Name)
		}
	}
}

package xv6

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// The hosted kit's runtime files, with the kernel-independent runtime's
// (the mem* functions), define every service the kernel model lists, so
// the list is the one the C side provides.
func TestHostedRuntimeProvidesServices(t *testing.T) {
	files, err := filepath.Glob("../hosted/runtime/*.c")
	if err != nil || len(files) == 0 {
		t.Fatalf("no runtime sources: %v", err)
	}
	var common []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		common = append(common, b...)
	}
	for _, k := range []*struct {
		name     string
		services []string
		runtime  map[string][]byte
	}{{gen2020.Name, gen2020.Services, gen2020.Hosted.Runtime}, {gen2024.Name, gen2024.Services, gen2024.Hosted.Runtime}} {
		var names []string
		for n := range k.runtime {
			names = append(names, n)
		}
		slices.Sort(names)
		if !slices.Equal(names, []string{"rt_kernel.c", "rt_net.c"}) {
			t.Errorf("kernel %s: runtime files %v, want rt_kernel.c and rt_net.c", k.name, names)
		}
		src := common
		for _, n := range names {
			src = append(src, k.runtime[n]...)
		}
		for _, s := range k.services {
			re := regexp.MustCompile(`NICSIM_WEAK[^;{]*\b` + regexp.QuoteMeta(s) + `\(`)
			if !re.Match(src) {
				t.Errorf("kernel %s lists service %s, which its hosted runtime does not define", k.name, s)
			}
		}
	}
}

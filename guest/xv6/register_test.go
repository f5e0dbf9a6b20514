package xv6

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/xv6/netc"
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
		want := []string{"rt_kernel.c", "rt_net.c"}
		if k.name == gen2024.Name {
			want = append(want, "rt_proc.c") // net.c's processes, linked with a net.c
		}
		if !slices.Equal(names, want) {
			t.Errorf("kernel %s: runtime files %v, want %v", k.name, names, want)
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

// The net.c socket oracles' classes are xv6-2024's, each explained, and
// the kit bundles every net.c mutant with the reference driver.
func TestNetCClasses(t *testing.T) {
	if !slices.Equal(gen2024.Classes, netc.Classes) {
		t.Errorf("xv6-2024 registers classes %v, want %v", gen2024.Classes, netc.Classes)
	}
	for _, c := range netc.Classes {
		if _, ok := diag.Lookup(c, gen2024.Name); !ok {
			t.Errorf("class %s has no explanation for %s", c, gen2024.Name)
		}
	}
	ms, err := gen2024.Hosted.Mutants()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range ms {
		if err := guest.CheckMutant(gen2024, m); err != nil {
			t.Error(err)
		}
		d, _ := guest.ParseDriverName(m.Name)
		names, files, err := gen2024.Hosted.Bundled(d)
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if _, ok := files[netc.File]; ok {
			n++
			if len(names) != 2 || names[0] != DriverFile {
				t.Errorf("%s: bundled as %v", m.Name, names)
			}
		}
	}
	if n < 7 {
		t.Errorf("%d net.c mutants in the xv6-2024 zoo", n)
	}
}

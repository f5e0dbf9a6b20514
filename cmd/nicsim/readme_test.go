package main

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
)

var (
	commandLine = regexp.MustCompile(`(?m)^  ([a-z]+) +\S`)
	flagLine    = regexp.MustCompile(`(?m)^  -([A-Za-z][\w-]*).*\n\s*(\S+)`)
	readmeFlag  = regexp.MustCompile("`(?:nicsim [a-z]+ [^`]*?)?--([a-z][\\w-]*)")
)

// commandFlags runs `nicsim CMD -h` for every command `nicsim -h` lists
// and returns each command's flags.
func commandFlags(t *testing.T) map[string][]string {
	t.Helper()
	_, out, errs := runCLI(t, "-h")
	cmds := commandLine.FindAllStringSubmatch(out+errs, -1)
	if len(cmds) < 8 {
		t.Fatalf("nicsim -h lists %d commands:\n%s%s", len(cmds), out, errs)
	}
	flags := map[string][]string{}
	for _, c := range cmds {
		if c[1] == "help" {
			continue
		}
		_, out, errs := runCLI(t, c[1], "-h")
		for _, f := range flagLine.FindAllStringSubmatch(out+errs, -1) {
			if f[2] == "internal:" {
				continue // a worker process's flag, not the user's
			}
			flags[c[1]] = append(flags[c[1]], f[1])
		}
	}
	return flags
}

// notOurs are flags the README names of other programs.
var notOurs = map[string]bool{"privileged": true} // docker run

// The README names every command and every flag of every command, and
// every --flag it names in code spans exists: its tables stay in step
// with the code.
func TestREADMEMatchesFlags(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	flags := commandFlags(t)
	all := map[string]bool{}
	for cmd, fs := range flags {
		if !strings.Contains(readme, "nicsim "+cmd) {
			t.Errorf("README never shows `nicsim %s`", cmd)
		}
		for _, f := range fs {
			all[f] = true
			if len(f) > 1 && !strings.Contains(readme, "--"+f) {
				t.Errorf("README never mentions %s's flag --%s", cmd, f)
			}
		}
	}
	var stale []string
	for _, m := range readmeFlag.FindAllStringSubmatch(readme, -1) {
		if !all[m[1]] && !notOurs[m[1]] && !slices.Contains(stale, m[1]) {
			stale = append(stale, m[1])
		}
	}
	if len(stale) > 0 {
		t.Errorf("README names flags no command has: --%s", strings.Join(stale, ", --"))
	}
}

// jsonKeys gathers the keys of a JSON object, its nested objects and the
// objects of its arrays, as "key" for the top level and "parent.key" below.
func jsonKeys(v any, parent string, keys map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			name := k
			if parent != "" {
				name = parent + "." + k
			}
			keys[name] = true
			jsonKeys(x, name, keys)
		}
	case []any:
		for _, x := range v {
			jsonKeys(x, parent, keys)
		}
	}
}

// The README's table of hunt's --json object names every key a hunt with
// findings and a grade prints, nested ones included.
func TestREADMEMatchesHuntJSON(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	_, out, errs := runCLI(t, "hunt", "--driver", "model:xv6", "--bug", "arp-reentrant", "--seeds", "3",
		"--out", t.TempDir(), "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var doc map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &doc); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s%s", err, out, errs)
	}
	if doc["grade"] == nil || len(doc["findings"].([]any)) == 0 {
		t.Fatalf("want a hunt with a grade and findings:\n%s", lines[len(lines)-1])
	}
	keys := map[string]bool{}
	jsonKeys(doc, "", keys)
	for k := range keys {
		if i := strings.LastIndex(k, "."); i >= 0 {
			if parent := k[:i]; parent == "tiers" {
				continue // the tier names, listed as such
			}
			k = k[i+1:]
		}
		if !strings.Contains(readme, "`"+k+"`") && !strings.Contains(readme, "[]."+k+"`") {
			t.Errorf("README's --json table lacks `%s`", k)
		}
	}
}

// The README's table of drivers names every registered kernel's drivers
// (ref:KERNEL, or KERNEL where one reference serves its generations) and
// every kernel's zoo.
func TestREADMEMatchesDrivers(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "\n## Drivers\n")
	if !ok {
		t.Fatal("README has no Drivers section")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	for _, k := range guest.Kernels() {
		if !strings.Contains(table, "ref:"+k.Name) {
			t.Errorf("README's Drivers table lacks ref:%s", k.Name)
		}
		if !strings.Contains(table, "zoo:"+k.Name+"/") && !strings.Contains(table, "zoo:"+k.Name+"-") {
			t.Errorf("README's Drivers table lacks kernel %s's zoo (zoo:%s/NAME)", k.Name, k.Name)
		}
	}
}

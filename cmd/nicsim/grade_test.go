package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/csrc"
)

// classFolder makes a class of submissions: correct, buggy, broken and
// hostile drivers, one folder each.
func classFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	put := func(name, file string, src []byte) {
		p := filepath.Join(dir, name, file)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	driver := func(name string) []byte {
		src, err := csrc.Driver(name)
		if err != nil {
			t.Fatal(err)
		}
		return src
	}
	put("alice", "kernel/e1000.c", driver("ref:xv6"))
	put("bob", "e1000.c", driver("ref:xv6-2024"))
	put("carol", "kernel/e1000.c", driver("zoo:xv6/arp-reentrant"))
	put("dave", "kernel/e1000.c", []byte("#include \"types.h\"\nint e1000_transmit(struct mbuf *m) { return }\n"))
	put("eve", "kernel/e1000.c", []byte(strings.Replace(string(driver("ref:xv6")), "void e1000_init(uint32 *xregs) {",
		rawSyscall+"void e1000_init(uint32 *xregs) {\n  hostile_sys(2, (long)\"/etc/passwd\", 0, 0);", 1)))
	put("frank", "README", []byte("forgot to submit\n"))
	return dir
}

func TestGradeClass(t *testing.T) {
	class := classFolder(t)
	out := t.TempDir()
	junit, html := filepath.Join(out, "class.xml"), filepath.Join(out, "class.html")
	code, stdout, stderr := runProc(t, "grade", class, "--seeds", "40", "--json", "--out", out,
		"--junit", junit, "--html", html)
	if code != exitFail {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	want := map[string][2]string{
		"alice": {"pass", "pass"}, "bob": {"pass", "pass"}, "carol": {"fail", "lock-reentry"},
		"dave": {"error", "build-error"}, "eve": {"fail", "crash"}, "frank": {"error", "no-driver"},
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines on stdout, want %d JSON objects:\n%s", len(lines), len(want), stdout)
	}
	for _, l := range lines {
		var o map[string]any
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("not a JSON line: %q", l)
		}
		name, _ := o["submission"].(string)
		w, ok := want[name]
		if !ok || o["verdict"] != w[0] || o["class"] != w[1] {
			t.Errorf("%s: %v %v, want %v", name, o["verdict"], o["class"], w)
		}
		if msg, _ := o["message"].(string); strings.Contains(msg, class) || strings.Contains(msg, "nicsim-build-") {
			t.Errorf("%s: message names a temporary or absolute folder: %s", name, msg)
		}
	}
	b, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var suites junitSuites
	if err := xml.Unmarshal(b, &suites); err != nil || len(suites.Suites) != 1 || suites.Suites[0].Tests != 6 ||
		suites.Suites[0].Failures != 2 || suites.Suites[0].Errors != 2 {
		t.Fatalf("JUnit XML: %v %+v", err, suites)
	}
	page, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(page), "carol") || !strings.Contains(string(page), ".replay\">replay</a>") {
		t.Fatalf("HTML page: %v\n%s", err, page)
	}
	if !strings.Contains(stderr, "graded 6 submissions") {
		t.Errorf("no summary on stderr: %s", stderr)
	}
}

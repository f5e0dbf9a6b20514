package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/xv6"
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
		src, err := xv6.Driver(name)
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
		if strings.Contains(l, class) || strings.Contains(l, "nicsim-build-") {
			t.Errorf("%s: the object names a temporary or absolute folder: %s", name, l)
		}
		if tiers, ok := o["tiers"].(map[string]any); !ok || len(tiers) != 3 {
			t.Errorf("%s: tiers %v, want lab, hardware and faults", name, o["tiers"])
		}
		if _, ok := o["findings"].([]any); !ok {
			t.Errorf("%s: no findings list", name)
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

// normalize drops what may differ between runs: timings and output paths.
func normalize(t *testing.T, jsonLines string) string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(jsonLines), "\n") {
		var o map[string]any
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("not a JSON line: %q", l)
		}
		dropPaths(o)
		if fs, ok := o["findings"].([]any); ok {
			for _, f := range fs {
				dropPaths(f.(map[string]any))
			}
		}
		b, _ := json.Marshal(o)
		out = append(out, string(b))
	}
	return strings.Join(out, "\n")
}

// dropPaths deletes an object's timings and output paths.
func dropPaths(o map[string]any) {
	for k := range o {
		if strings.HasSuffix(k, "_s") || k == "replay" || k == "out" || k == "timeline" || k == "html" || k == "pcap" {
			delete(o, k)
		}
	}
}

var hrefs = regexp.MustCompile(`href="[^"]*"`)

// Three shards (a third of every submission's seeds each) run as separate
// processes and merged give what one run gives, except for timings and
// output paths.
func TestGradeShardsMerge(t *testing.T) {
	class := classFolder(t)
	dir := t.TempDir()
	args := func(out string, extra ...string) []string {
		return append([]string{"grade", class, "--seeds", "40", "--json", "--out", filepath.Join(dir, out),
			"--html", filepath.Join(dir, out+".html")}, extra...)
	}
	_, whole, _ := runProc(t, args("whole")...)
	var files []string
	for i := 0; i < 3; i++ {
		_, part, errs := runProc(t, args(fmt.Sprintf("shard%d", i), "--shard", fmt.Sprintf("%d/3", i))...)
		if strings.Count(part, "\n") != 6 {
			t.Fatalf("shard %d: %d rows, want one per submission (6)\n%s%s", i, strings.Count(part, "\n"), part, errs)
		}
		files = append(files, filepath.Join(dir, fmt.Sprintf("shard%d.jsonl", i)))
		os.WriteFile(files[i], []byte(part), 0o644)
	}
	merged := filepath.Join(dir, "merged.html")
	code, joined, errs := runProc(t, append([]string{"grade", "merge", "--json", "--html", merged}, files...)...)
	if code != exitFail {
		t.Fatalf("merge: exit %d\n%s%s", code, joined, errs)
	}
	if a, b := normalize(t, whole), normalize(t, joined); a != b {
		t.Fatalf("merged shards differ from one run:\n%s\n---\n%s", b, a)
	}
	p1, _ := os.ReadFile(filepath.Join(dir, "whole.html"))
	p2, _ := os.ReadFile(merged)
	if a, b := hrefs.ReplaceAllString(string(p1), ""), hrefs.ReplaceAllString(string(p2), ""); a != b {
		t.Fatalf("merged HTML differs from one run's:\n%s\n---\n%s", b, a)
	}
	if code, _, errs := runProc(t, "grade", "merge", files[0], files[0]); code != exitUsage || !strings.Contains(errs, "given twice") {
		t.Fatalf("merging a shard twice: exit %d %s", code, errs)
	}
}

// BenchmarkGrade measures grading throughput: a class of correct drivers
// (the slowest case: every seed runs) at 2,000 seeds each, in submissions
// per minute on this machine.
func BenchmarkGrade(b *testing.B) {
	dir := b.TempDir()
	for _, name := range []string{"a", "b", "c", "d"} {
		src, _ := xv6.Driver("ref:xv6")
		os.MkdirAll(filepath.Join(dir, name), 0o755)
		os.WriteFile(filepath.Join(dir, name, "e1000.c"), src, 0o644)
	}
	out := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0], "grade", dir, "--seeds", "2000", "--json", "--out", out)
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(4*float64(b.N)/b.Elapsed().Minutes(), "submissions/min")
}

// The class page opens in a real browser (headless Chromium) with a row
// per submission.
func TestGradePageOpensInChromium(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("headless Chromium is part of this machine kind (apt-get install chromium): %v", err)
	}
	class := classFolder(t)
	out := t.TempDir()
	page := filepath.Join(out, "class.html")
	if code, stdout, stderr := runProc(t, "grade", class, "--seeds", "10", "--out", out, "--html", page); code != exitFail {
		t.Fatalf("grade: exit %d\n%s%s", code, stdout, stderr)
	}
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir="+t.TempDir(), "--dump-dom", "file://"+page)
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	if n := strings.Count(string(dom), "<tr class="); n != 6 {
		t.Fatalf("the page as Chromium loads it has %d submission rows, want 6:\n%s", n, dom)
	}
}

// grade merge keeps, per signature, the finding one hunt would choose: the
// one first seen in the most severe tier, then at the lowest seed, seen as
// often as in all shards together; the most severe finding leads.
func TestJoinRowsPerSignature(t *testing.T) {
	row := func(shard string, fs ...findingJSON) gradeRow {
		obj := map[string]any{"submission": "s", "verdict": "fail", "shard": shard, "schedules": 10.0,
			"findings": asJSONValue(fs)}
		return rowOf(obj)
	}
	leak := findingJSON{Tier: "lab", Class: "leak", Signature: "leak a", Seed: 30, SeenTier: "lab", SeenSeed: 30, Seen: 2}
	lapHW := findingJSON{Tier: "hardware", Class: "ring-ownership", Signature: "lap", Seed: 3, SeenTier: "hardware", SeenSeed: 3, Seen: 1}
	lapLab := findingJSON{Tier: "lab", Class: "ring-ownership", Signature: "lap", Seed: 25, SeenTier: "lab", SeenSeed: 25, Seen: 4}
	j := joinRows([]gradeRow{row("0/2", lapHW), row("1/2", lapLab, leak)})
	if len(j.Findings) != 2 {
		t.Fatalf("%d findings, want 2: %+v", len(j.Findings), j.Findings)
	}
	if f := j.Findings[0]; f.Signature != "lap" || f.Seed != 25 || f.Seen != 5 {
		t.Errorf("first finding %+v, want the lab lap at seed 25 seen 5 times", f)
	}
	if j.Fields["class"] != "ring-ownership" || j.Fields["schedules"] != 20.0 || j.Fields["shard"] != nil {
		t.Errorf("joined row %v", j.Fields)
	}
	if tiers := j.Fields["tiers"].(map[string]any); tiers["lab"] != 2.0 || tiers["hardware"] != 0.0 {
		t.Errorf("tiers %v, want 2 lab", tiers)
	}
}

// A driver refused by the build's check (rdtsc, a runtime name) or by the
// JOS lab's own compile is a build error of the submission, like a gcc
// error; before, only "compile of" and "link of" were.
func TestGradeErrorClass(t *testing.T) {
	for msg, want := range map[string]string{
		"hosted: compile of e1000.c failed: e1000.c:3: error: x":                              "build-error",
		"hosted: link of e1000.c failed: undefined reference to `f'":                          "build-error",
		"hosted: check of e1000.c failed:\ne1000.c:142: in e1000_transmit: ... rdtsc":         "build-error",
		"jos: kern/e1000.c does not build as the lab builds it (gcc -m32 ...):\nkern/e1000.c": "build-error",
		"hunt worker 0: exit status 2":                                                        "error",
	} {
		if got := errorClass(msg); got != want {
			t.Errorf("%q: %s, want %s", msg, got, want)
		}
	}
}

// A submission nicsim could not run in some schedules (a hunt with verdict
// error and a finding of tier nicsim) is an error row that keeps the
// finding and its replay; a hunt that never ran is an error row without.
func TestGradeRowKeepsUnsupportedFindings(t *testing.T) {
	s := submission{Name: "alice", Dir: "/class/alice"}
	ran := `{"verdict":"error","error":"nicsim could not run the driver in 1 finding(s), not a driver bug: privileged x86 instruction hlt at /class/alice/e1000.c:110",` +
		`"class":"internal-error","replay":"/out/alice/e1000-lab-internal-error.replay","unsupported":1,` +
		`"findings":[{"tier":"nicsim","class":"internal-error","message":"hlt at /class/alice/e1000.c:110","replay":"/out/alice/e1000-lab-internal-error.replay"}]}`
	r := huntRow(s, "report\n"+ran+"\n", "", nil)
	if r.Verdict != "error" || r.Class != "internal-error" || len(r.Findings) != 1 || r.Replay == "" ||
		!strings.Contains(r.Message, "hlt at e1000.c:110") || r.Findings[0].Message != "hlt at e1000.c:110" {
		t.Errorf("row %+v: want verdict error, class internal-error, its finding and replay, paths relative", r)
	}
	r = huntRow(s, `{"verdict":"error","error":"hosted: compile of /class/alice/e1000.c failed: e1000.c:3: error: x","findings":[]}`+"\n", "", nil)
	if r.Verdict != "error" || r.Class != "build-error" || len(r.Findings) != 0 {
		t.Errorf("row %+v: want an error row of class build-error", r)
	}
}

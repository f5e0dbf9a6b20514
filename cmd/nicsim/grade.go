package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nicsim/nicsim/guest"
)

// nicsim grade hunts every submission of a class with the same seeds, each
// in its own `nicsim hunt` process (sandboxed like any hunt), and reports a
// row per submission: JSON lines, a JUnit XML file and one HTML page. A
// submission that does not build, or that the sandbox stops, is its own
// row, never the end of the run.

// gradeFlags are the flags of nicsim grade.
type gradeFlags struct {
	seeds, jobs, workers int
	first                uint64
	out, junit, html     string
	asJSON, noShrink     bool
	shard                shard
	sb                   sandboxFlags
}

func (g *gradeFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&g.seeds, "seeds", 200, "schedules to explore per submission (the same seeds for all)")
	fs.Uint64Var(&g.first, "seed", 1, "first seed")
	fs.IntVar(&g.jobs, "jobs", runtime.NumCPU(), "submissions hunted at once")
	fs.IntVar(&g.workers, "workers", 1, "worker processes per submission's hunt")
	fs.StringVar(&g.out, "out", "testdata/nicsim-grade", "folder for each submission's replay files, timelines and hunt log")
	fs.StringVar(&g.junit, "junit", "", "write a JUnit XML file (one test case per submission)")
	fs.StringVar(&g.html, "html", "", "write one HTML page for the class")
	fs.BoolVar(&g.asJSON, "json", false, "one JSON object per submission on standard output, nothing else there")
	fs.BoolVar(&g.noShrink, "no-shrink", false, "report each failure as found, without shrinking it")
	fs.Var(&g.shard, "shard", "grade only shard I/N of the submissions (I from 0; join the shards' --json output with nicsim grade merge)")
	g.sb.register(fs)
}

// errorClass is the class of a hunt's error: build-error when the driver
// did not build (gcc's or ld's errors, the lab's own i386 compile, or the
// build's check of the driver's objects), else error.
func errorClass(msg string) string {
	for _, m := range []string{"compile of", "link of", "check of", "does not build as the lab builds it"} {
		if strings.Contains(msg, m) {
			return "build-error"
		}
	}
	return "error"
}

// submission is one student's driver.
type submission struct {
	Name string // the folder's name (or the list line)
	Dir  string // its folder
	File string // its e1000.c, "" if none was found
}

func cmdGrade(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) > 0 && args[0] == "merge" {
		return cmdGradeMerge(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var g gradeFlags
	g.register(fs)
	folders, err := parseFiles(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if len(folders) != 1 {
		return exitUsage, usagef("want one folder of submissions (or a file listing them), got %d", len(folders))
	}
	if g.seeds < 1 || g.jobs < 1 || g.workers < 1 {
		return exitUsage, usagef("--seeds, --jobs and --workers must be at least 1")
	}
	subs, err := findSubmissions(folders[0])
	if err != nil {
		return exitUsage, usageError{err}
	}
	start := time.Now()
	rows := g.hunt(subs, stdout)
	fmt.Fprintf(stderr, "[nicsim] graded %d submissions in %.1fs: %s\n", len(rows), time.Since(start).Seconds(), tally(rows))
	if err := g.writeReports(rows); err != nil {
		return exitUsage, err
	}
	return gradeExit(rows), nil
}

// findSubmissions lists the submissions in dir (one folder each), or in a
// file listing their folders one a line, sorted by name.
func findSubmissions(path string) ([]submission, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var dirs []string
	if st.IsDir() {
		ents, err := os.ReadDir(path)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				dirs = append(dirs, filepath.Join(path, e.Name()))
			}
		}
	} else if dirs, err = readList(path); err != nil {
		return nil, err
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("%s: no submissions (want one folder per submission)", path)
	}
	subs := make([]submission, len(dirs))
	for i, d := range dirs {
		subs[i] = submission{Name: filepath.Base(d), Dir: d, File: findDriver(d)}
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].Name < subs[j].Name })
	return subs, nil
}

func readList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var dirs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			if !filepath.IsAbs(line) {
				line = filepath.Join(filepath.Dir(path), line)
			}
			dirs = append(dirs, line)
		}
	}
	return dirs, sc.Err()
}

// findDriver finds a submission's driver: where a registered kernel keeps
// it (kernel/e1000.c), beside it in the folder, or the first file of that
// name below the folder.
func findDriver(dir string) string {
	var names []string
	for _, k := range guest.Kernels() {
		if k.DriverFile != "" {
			names = append(names, k.DriverFile, filepath.Base(k.DriverFile))
		}
	}
	for _, p := range names {
		if st, err := os.Stat(filepath.Join(dir, p)); err == nil && st.Mode().IsRegular() {
			return filepath.Join(dir, p)
		}
	}
	found := ""
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && found == "" && !d.IsDir() && slices.Contains(names, d.Name()) {
			found = p
		}
		return nil
	})
	return found
}

// gradeRow is a submission's row: the hunt's JSON object (see
// huntSummary) and its name.
type gradeRow struct {
	Submission string
	Verdict    string // pass, fail or error
	Class      string // the most severe finding's class, "pass", or for an error build-error, no-driver or error
	Message    string // the error, or the most severe finding's message
	Replay     string
	Findings   []findingJSON  // lab, hardware, faults; lowest seed first within a tier
	Fields     map[string]any // the hunt's JSON object with "submission"
}

// hunt runs the submissions' hunts, jobs at a time, writing each row's JSON
// line (in submission order) as soon as the rows before it are done.
func (g *gradeFlags) hunt(subs []submission, stdout io.Writer) []gradeRow {
	rows := make([]gradeRow, len(subs))
	done := make([]chan struct{}, len(subs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for j := 0; j < g.jobs; j++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rows[i] = g.huntOne(subs[i])
				close(done[i])
			}
		}()
	}
	go func() {
		for i := range subs {
			next <- i
		}
		close(next)
	}()
	for i := range subs {
		<-done[i]
		g.printRow(stdout, rows[i])
	}
	wg.Wait()
	return rows
}

// huntOne runs `nicsim hunt` on one submission and turns its outcome into
// a row; its output goes to OUT/NAME/hunt.log.
func (g *gradeFlags) huntOne(s submission) (row gradeRow) {
	defer func() { markShard(&row, g.shard) }()
	if s.File == "" {
		return errorRow(s, "no-driver", "no driver file in the submission")
	}
	out := filepath.Join(g.out, s.Name)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return errorRow(s, "error", err.Error())
	}
	exe, err := os.Executable()
	if err != nil {
		return errorRow(s, "error", err.Error())
	}
	lo, hi := g.shard.seedRange(g.seeds)
	args := []string{"hunt", "--driver", s.File, "--seeds", fmt.Sprint(hi), "--first-index", fmt.Sprint(lo), "--seed", fmt.Sprint(g.first),
		"--workers", fmt.Sprint(g.workers), "--json", "--out", out, "--sandbox", g.sb.mode,
		"--run-timeout", g.sb.runTimeout.String(), "--force-workers"}
	if g.noShrink {
		args = append(args, "--no-shrink")
	}
	cmd := exec.Command(exe, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &limitedBuf{b: &stderr, n: 64 << 10}
	err = cmd.Run()
	os.WriteFile(filepath.Join(out, "hunt.log"), []byte(stdout.String()+stderr.String()), 0o644)
	return huntRow(s, stdout.String(), stderr.String(), err)
}

// markShard records in a shard's row which shard it is (grade merge joins
// the rows of one submission and drops the mark).
func markShard(r *gradeRow, s shard) {
	if s.n > 0 {
		r.Fields["shard"] = s.String()
	}
}

// huntRow reads the hunt's JSON object (its last line, there also on exit
// status 2). A hunt that ended in error (the submission did not build, or
// nicsim refused it) is an error row with the hunt's message, its paths
// relative to the submission; so is a hunt that ended without its object.
// A hunt that ran but could not run the driver in some schedules (verdict
// error with findings of tier nicsim) keeps its findings and replays.
func huntRow(s submission, stdout, stderr string, err error) gradeRow {
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var obj map[string]any
	if json.Unmarshal([]byte(lines[len(lines)-1]), &obj) != nil {
		msg := strings.TrimPrefix(relativize(strings.TrimSpace(stderr), s.Dir), "nicsim hunt: ")
		return errorRow(s, "error", fmt.Sprintf("the hunt ended with %v and no JSON object; %s", err, msg))
	}
	fs, _ := obj["findings"].([]any)
	if obj["verdict"] == "error" && len(fs) == 0 {
		msg := relativize(fmt.Sprint(obj["error"]), s.Dir)
		return errorRow(s, errorClass(msg), msg)
	}
	if obj["verdict"] == "error" {
		// The hunt ran, but nicsim could not run the driver in some
		// schedules: an error row that keeps the findings and replays.
		obj["error"] = relativize(fmt.Sprint(obj["error"]), s.Dir)
	}
	obj["submission"] = s.Name
	obj["driver"] = relativize(fmt.Sprint(obj["driver"]), s.Dir)
	for _, f := range fs {
		if m, ok := f.(map[string]any); ok {
			for _, k := range []string{"message", "what", "fix"} {
				m[k] = relativize(fmt.Sprint(m[k]), s.Dir)
			}
		}
	}
	return rowOf(obj)
}

// errorRow is a submission that could not be hunted: the hunt's JSON
// object with verdict "error", the error, and its class.
func errorRow(s submission, class, msg string) gradeRow {
	sum := newHuntSummary()
	sum.Error, sum.Class, sum.Out = msg, class, ""
	b, _ := json.Marshal(sum)
	var obj map[string]any
	json.Unmarshal(b, &obj)
	obj["submission"] = s.Name
	return rowOf(obj)
}

// relativize names files relative to the submission's folder.
func relativize(s, dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		s = strings.ReplaceAll(s, abs+string(filepath.Separator), "")
	}
	return strings.ReplaceAll(s, dir+string(filepath.Separator), "")
}

func isExit(err error, code int) bool {
	ee, ok := err.(*exec.ExitError)
	return ok && ee.ExitCode() == code
}

// printRow writes a row: a JSON line with --json, else one line of text.
func (g *gradeFlags) printRow(w io.Writer, r gradeRow) {
	if g.asJSON {
		b, _ := json.Marshal(r.Fields)
		fmt.Fprintln(w, string(b))
		return
	}
	msg, _, _ := strings.Cut(r.Message, "\n")
	fmt.Fprintf(w, "%-24s %-5s %-18s %s %s\n", r.Submission, r.Verdict, r.Class, tierTally(r), msg)
}

// tally counts rows by verdict: "12 pass, 5 fail, 3 error".
func tally(rows []gradeRow) string {
	n := map[string]int{}
	for _, r := range rows {
		n[r.Verdict]++
	}
	return fmt.Sprintf("%d pass, %d fail, %d error", n["pass"], n["fail"], n["error"])
}

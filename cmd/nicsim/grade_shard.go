package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// Past one machine: `nicsim grade --shard I/N` hunts the I-th of N equal
// parts of every submission's seeds (each seed keeps the strategy,
// personality and faults it has in the whole hunt), so N shards run
// anywhere (a Kubernetes Indexed Job, a CI matrix) cover submissions x
// seeds once. `nicsim grade merge FILE...` joins their JSON lines into what
// one run prints: per submission, the failure with the lowest seed (whose
// shrunk report is that of a single run, the hunt being deterministic),
// else a pass over all the seeds; then it writes the JUnit XML and HTML
// page from them.

// shard is I of N (0 <= I < N); N = 0 means no sharding.
type shard struct{ i, n int }

func (s *shard) String() string {
	if s.n == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.i, s.n)
}

func (s *shard) Set(v string) error {
	if _, err := fmt.Sscanf(v, "%d/%d", &s.i, &s.n); err != nil || s.n < 1 || s.i < 0 || s.i >= s.n {
		return fmt.Errorf("want I/N with 0 <= I < N (I from 0, as JOB_COMPLETION_INDEX), got %q", v)
	}
	return nil
}

// seedRange is this shard's part [lo, hi) of seed indices 0..seeds-1.
func (s shard) seedRange(seeds int) (lo, hi int) {
	if s.n == 0 {
		return 0, seeds
	}
	return s.i * seeds / s.n, (s.i + 1) * seeds / s.n
}

// cmdGradeMerge joins shards' JSON lines (nicsim grade --json output).
func cmdGradeMerge(args []string, stdout, stderr io.Writer) (int, error) {
	fs := flag.NewFlagSet("grade merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var g gradeFlags
	fs.StringVar(&g.junit, "junit", "", "write a JUnit XML file (one test case per submission)")
	fs.StringVar(&g.html, "html", "", "write one HTML page for the class")
	fs.BoolVar(&g.asJSON, "json", false, "one JSON object per submission on standard output, nothing else there")
	files, err := parseFiles(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if len(files) == 0 {
		return exitUsage, usagef("want the JSON lines files of the shards")
	}
	rows, err := readShards(files)
	if err != nil {
		return exitUsage, usageError{err}
	}
	for _, r := range rows {
		g.printRow(stdout, r)
	}
	fmt.Fprintf(stderr, "[nicsim] merged %d shards: %d submissions: %s\n", len(files), len(rows), tally(rows))
	if err := g.writeReports(rows); err != nil {
		return exitUsage, err
	}
	return gradeExit(rows), nil
}

// readShards reads the rows of every file, refusing a submission twice.
func readShards(files []string) ([]gradeRow, error) {
	seen := map[string]string{}
	var rows []gradeRow
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for n := 1; sc.Scan(); n++ {
			var obj map[string]any
			if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: not a JSON line of nicsim grade --json: %v", file, n, err)
			}
			r := rowOf(obj)
			if r.Submission == "" {
				f.Close()
				return nil, fmt.Errorf("%s:%d: no submission name", file, n)
			}
			if prev, dup := seen[r.Submission+"\x00"+shardOf(r)]; dup {
				f.Close()
				return nil, fmt.Errorf("%s:%d: submission %s's shard %s is also in %s (a shard given twice?)", file, n, r.Submission, shardOf(r), prev)
			}
			seen[r.Submission+"\x00"+shardOf(r)] = file
			rows = append(rows, r)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	return joinShards(rows), nil
}

// shardOf is the shard a row came from ("" for a whole run).
func shardOf(r gradeRow) string {
	s, _ := r.Fields["shard"].(string)
	return s
}

// joinShards makes one row per submission from its shards' rows: an error
// (every shard saw the same build error), else the failure with the lowest
// seed, else a pass with the shards' schedules added up.
func joinShards(rows []gradeRow) []gradeRow {
	by := map[string][]gradeRow{}
	var names []string
	for _, r := range rows {
		if _, ok := by[r.Submission]; !ok {
			names = append(names, r.Submission)
		}
		by[r.Submission] = append(by[r.Submission], r)
	}
	sort.Strings(names)
	out := make([]gradeRow, 0, len(names))
	for _, name := range names {
		out = append(out, joinRows(by[name]))
	}
	return out
}

func joinRows(rs []gradeRow) gradeRow {
	var best *gradeRow
	schedules := 0.0
	for i := range rs {
		r := &rs[i]
		n, _ := r.Fields["schedules"].(float64)
		schedules += n
		switch {
		case r.Verdict == "error":
			return strip(*r)
		case r.Verdict == "fail" && (best == nil || best.Verdict != "fail" || seedOf(*r) < seedOf(*best)):
			best = r
		case best == nil:
			best = r
		}
	}
	j := strip(*best)
	if j.Verdict == "pass" {
		j.Fields["schedules"] = schedules
	}
	return j
}

func seedOf(r gradeRow) float64 {
	s, _ := r.Fields["seed"].(float64)
	return s
}

// strip drops the shard mark: the joined row is what one run prints.
func strip(r gradeRow) gradeRow {
	f := make(map[string]any, len(r.Fields))
	for k, v := range r.Fields {
		if k != "shard" {
			f[k] = v
		}
	}
	r.Fields = f
	return r
}

// rowOf rebuilds a row from its JSON object.
func rowOf(obj map[string]any) gradeRow {
	r := gradeRow{Fields: obj}
	r.Submission, _ = obj["submission"].(string)
	r.Verdict, _ = obj["verdict"].(string)
	r.Class, _ = obj["class"].(string)
	r.Message, _ = obj["message"].(string)
	r.Replay, _ = obj["replay"].(string)
	return r
}

// gradeExit is 1 when any submission did not pass, else 0.
func gradeExit(rows []gradeRow) int {
	for _, r := range rows {
		if r.Verdict != "pass" {
			return exitFail
		}
	}
	return exitOK
}

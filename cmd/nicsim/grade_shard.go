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

// Past one machine: `nicsim grade --shard I/N` grades only the submissions
// whose index (in name order) is I modulo N, so N shards run anywhere (a
// Kubernetes Indexed Job, a CI matrix) cover the class once; `nicsim grade
// merge FILE...` joins their JSON lines into what one run prints, and
// writes the JUnit XML and HTML page from them. Seeds are not split: a
// submission's hunt runs whole on one shard, so its lowest failing seed and
// its shrunk report are those of a single run.

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

// pick keeps this shard's submissions.
func (s shard) pick(subs []submission) []submission {
	if s.n == 0 {
		return subs
	}
	var out []submission
	for k, sub := range subs {
		if k%s.n == s.i {
			out = append(out, sub)
		}
	}
	return out
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
			if prev, dup := seen[r.Submission]; dup {
				f.Close()
				return nil, fmt.Errorf("%s:%d: submission %s is also in %s (overlapping shards?)", file, n, r.Submission, prev)
			}
			seen[r.Submission] = file
			rows = append(rows, r)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Submission < rows[j].Submission })
	return rows, nil
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

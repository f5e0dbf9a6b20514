package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/nicsim/nicsim/diag"
)

// Past one machine: `nicsim grade --shard I/N` hunts the I-th of N equal
// parts of every submission's seeds (each seed keeps the strategy,
// personality and faults it has in the whole hunt), so N shards run
// anywhere (a Kubernetes Indexed Job, a CI matrix) cover submissions x
// seeds once. `nicsim grade merge FILE...` joins their JSON lines into what
// one run prints: per submission and signature, the finding one hunt would
// have chosen (whose shrunk report is that of a single run, the hunt being
// deterministic); then it writes the JUnit XML and HTML page from them.

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

// joinShards makes one row per submission from its shards' rows (see
// joinRows), in submission order.
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

// joinRows joins one submission's shards as one hunt would have reported
// them: an error if a shard had one (every shard builds the same driver);
// else per signature the finding the whole hunt would have chosen (where it
// was first seen: the most severe tier, then the lowest seed), seen as many
// times as in all shards together, ordered lab, hardware, faults and by
// seed within a tier; the counts added up; "fail" if any shard failed.
func joinRows(rs []gradeRow) gradeRow {
	for _, r := range rs {
		if r.Verdict == "error" {
			return strip(r)
		}
	}
	j := strip(rs[0])
	by := map[string]*findingJSON{}
	var sigs []string
	verdict := "pass"
	for _, r := range rs {
		if r.Verdict == "fail" {
			verdict = "fail"
		}
		for _, f := range r.Findings {
			prev, ok := by[f.Signature]
			switch {
			case !ok:
				f := f
				by[f.Signature] = &f
				sigs = append(sigs, f.Signature)
			case seenBefore(f, *prev):
				f.Seen += prev.Seen
				*prev = f
			default:
				prev.Seen += f.Seen
			}
		}
	}
	fs := []findingJSON{}
	var tiers tierCounts
	tierRuns := 0
	for _, sig := range sigs {
		fs = append(fs, *by[sig])
		tierRuns += by[sig].TierRuns
		switch by[sig].Tier {
		case "lab":
			tiers.Lab++
		case "hardware":
			tiers.Hardware++
		default:
			tiers.Faults++
		}
	}
	rank := scenarioRank(rs[0])
	sort.SliceStable(fs, func(a, b int) bool {
		if ta, tb := tierRank(fs[a].Tier), tierRank(fs[b].Tier); ta != tb {
			return ta < tb
		}
		if fs[a].Seed != fs[b].Seed {
			return fs[a].Seed < fs[b].Seed
		}
		return rank[fs[a].Scenario] < rank[fs[b].Scenario]
	})
	for _, k := range []string{"schedules", "ordered_schedules", "elapsed_s"} {
		sum := 0.0
		for _, r := range rs {
			n, _ := r.Fields[k].(float64)
			sum += n
		}
		j.Fields[k] = sum
	}
	j.Fields["verdict"], j.Fields["tier_runs"] = verdict, float64(tierRuns)
	j.Fields["findings"], j.Fields["tiers"] = asJSONValue(fs), asJSONValue(tiers)
	if g := mergeGrade(rs, fs); g != nil {
		j.Fields["grade"] = asJSONValue(g)
	}
	top := findingJSON{Class: "pass"}
	if len(fs) > 0 {
		top = fs[0]
	}
	j.Fields["class"], j.Fields["seed"], j.Fields["replay"] = top.Class, float64(top.Seed), top.Replay
	j.Fields["trace_hash"], j.Fields["message"] = top.TraceHash, top.Message
	return rowOf(j.Fields)
}

// scenarioRank is the position of each scenario in a row's hunt.
func scenarioRank(r gradeRow) map[string]int {
	rank := map[string]int{}
	if l, ok := r.Fields["scenarios"].([]any); ok {
		for i, s := range l {
			if name, ok := s.(string); ok {
				rank[name] = i
			}
		}
	}
	return rank
}

// seenBefore reports whether a whole hunt would choose finding a over b
// (two findings of one signature): seen in a more severe tier, or in the
// same tier at a lower seed.
func seenBefore(a, b findingJSON) bool {
	if ta, tb := tierRank(a.SeenTier), tierRank(b.SeenTier); ta != tb {
		return ta < tb
	}
	return a.SeenSeed < b.SeenSeed
}

func tierRank(name string) int {
	t, err := diag.ParseTier(name)
	if err != nil {
		return len(diag.Tiers)
	}
	return int(t)
}

// asJSONValue is v as encoding/json decodes it into an any, so that joined
// rows print exactly as rows read from a hunt's object.
func asJSONValue(v any) any {
	b, _ := json.Marshal(v)
	var out any
	json.Unmarshal(b, &out)
	return out
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
	r.Replay, _ = obj["replay"].(string)
	if b, err := json.Marshal(obj["findings"]); err == nil {
		json.Unmarshal(b, &r.Findings)
	}
	r.Message, _ = obj["error"].(string)
	if r.Verdict != "error" && len(r.Findings) > 0 {
		r.Message = r.Findings[0].Message
	}
	return r
}

// tierTally counts a row's findings per tier: "lab 1, hardware 0, faults 2".
func tierTally(r gradeRow) string {
	n := map[string]int{}
	for _, f := range r.Findings {
		n[f.Tier]++
	}
	return fmt.Sprintf("lab %d, hardware %d, faults %d", n["lab"], n["hardware"], n["faults"])
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

package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/nicsim/nicsim/diag"
)

// writeReports writes the JUnit XML file and the HTML page, if asked for.
func (g *gradeFlags) writeReports(rows []gradeRow) error {
	if g.junit != "" {
		if err := writeJUnit(g.junit, rows); err != nil {
			return fmt.Errorf("--junit: %w", err)
		}
	}
	if g.html != "" {
		if err := writeGradeHTML(g.html, rows); err != nil {
			return fmt.Errorf("--html: %w", err)
		}
	}
	return nil
}

// JUnit XML as CI dashboards read it: a test case per submission; a
// finding is a failure, a submission that does not build an error.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	// SystemOut carries the simulated make grade score, when a grader ran.
	SystemOut string `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(path string, rows []gradeRow) error {
	s := junitSuite{Name: "nicsim grade", Tests: len(rows)}
	for _, r := range rows {
		c := junitCase{Name: r.Submission, ClassName: "nicsim.grade"}
		if score := gradeScore(r); score != "" {
			c.SystemOut = "make grade (simulated): " + score
		}
		first, _, _ := strings.Cut(r.Message, "\n")
		p := &junitProblem{Message: first, Type: r.Class, Text: r.Message}
		if r.Verdict != "error" {
			p.Text = findingsText(r)
		}
		switch r.Verdict {
		case "fail":
			c.Failure = p
			s.Failures++
		case "error":
			c.Error = p
			s.Errors++
		}
		s.Cases = append(s.Cases, c)
	}
	b, err := xml.MarshalIndent(junitSuites{Suites: []junitSuite{s}}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(b, '\n')...), 0o644)
}

// findingsText lists a row's findings per tier, each with its replay.
func findingsText(r gradeRow) string {
	var b strings.Builder
	for _, tier := range diag.Tiers {
		n := 0
		for _, f := range r.Findings {
			if f.Tier != tier.String() {
				continue
			}
			if n++; n == 1 {
				fmt.Fprintf(&b, "%s:\n", tier)
			}
			at := ""
			if f.Site != "" {
				at = " (" + f.Site + ")"
			}
			fmt.Fprintf(&b, "  %d. %s%s: %s\n     seed %d; replay: nicsim replay %s\n", n, f.Class, at, f.Message, f.Seed, f.Replay)
		}
	}
	return b.String()
}

// gradePage is one HTML page for the class: a row per submission.
var gradePage = template.Must(template.New("grade").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>nicsim grade</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
.pass{background:#e6ffe6}.fail{background:#ffe6e6}.error{background:#fff3cd}pre{margin:0;white-space:pre-wrap;max-width:70em}</style>
</head><body><h1>nicsim grade</h1><p>{{.Tally}}</p>
<table><tr><th>submission</th><th>verdict</th><th>make grade (simulated)</th><th>lab (QEMU, make grade)</th><th>real hardware</th><th>under injected faults</th></tr>
{{range .Rows}}<tr class="{{.Verdict}}"><td>{{.Submission}}</td><td>{{.Verdict}}</td><td>{{.Score}}</td>
{{if eq .Verdict "error"}}<td colspan="3">{{.Class}}: <pre>{{.Message}}</pre></td>
{{else}}{{range .Tiers}}<td>{{range .}}<div><b>{{.Class}}</b>{{if .Site}} ({{.Site}}){{end}}: <pre>{{.Message}}</pre>seed {{.Seed}}
{{if .Replay}}<a href="{{.Replay}}">replay</a>{{end}} {{if .Timeline}}<a href="{{.Timeline}}">timeline</a>{{end}}</div>{{else}}pass{{end}}</td>{{end}}
{{end}}</tr>
{{end}}</table></body></html>
`))

// pageRow is a row of the page: its findings per tier, with links.
type pageRow struct {
	gradeRow
	Tiers [][]pageFinding // lab, hardware, faults
	Score string          // the grader's points and failed subtests ("" without a grader)
}

// gradeScore renders a row's grader score: "130/170 (ping3, dns fail)".
func gradeScore(r gradeRow) string {
	var g gradeJSON
	b, _ := json.Marshal(r.Fields["grade"])
	if json.Unmarshal(b, &g) != nil || g.Name == "" {
		return ""
	}
	var failed []string
	for _, st := range g.Subtests {
		if !st.Passed {
			failed = append(failed, st.Name)
		}
	}
	s := fmt.Sprintf("%s %d/%d", g.Name, g.Points, g.Max)
	if len(failed) > 0 {
		s += " (" + strings.Join(failed, ", ") + " fail)"
	}
	return s
}

type pageFinding struct {
	findingJSON
	Timeline string
}

func writeGradeHTML(path string, rows []gradeRow) error {
	dir := filepath.Dir(path)
	page := struct {
		Tally string
		Rows  []pageRow
	}{Tally: tally(rows)}
	for _, r := range rows {
		pr := pageRow{gradeRow: r, Tiers: make([][]pageFinding, len(diag.Tiers)), Score: gradeScore(r)}
		for _, f := range r.Findings {
			pf := pageFinding{findingJSON: f}
			if f.Replay != "" {
				timeline := strings.TrimSuffix(f.Replay, ".replay") + ".html"
				pf.Replay = relLink(dir, f.Replay)
				if _, err := os.Stat(timeline); err == nil {
					pf.Timeline = relLink(dir, timeline)
				}
			}
			k := tierRank(f.Tier)
			if k < len(pr.Tiers) {
				pr.Tiers[k] = append(pr.Tiers[k], pf)
			}
		}
		page.Rows = append(page.Rows, pr)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := gradePage.Execute(f, page); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// relLink is target relative to dir, for a link in a page there.
func relLink(dir, target string) string {
	if rel, err := filepath.Rel(dir, target); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(target)
}

package main

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
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
		first, _, _ := strings.Cut(r.Message, "\n")
		p := &junitProblem{Message: first, Type: r.Class, Text: r.Message + replayNote(r)}
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

func replayNote(r gradeRow) string {
	if r.Replay == "" {
		return ""
	}
	return "\nreplay: nicsim replay " + r.Replay
}

// gradePage is one HTML page for the class: a row per submission.
var gradePage = template.Must(template.New("grade").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>nicsim grade</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
.pass{background:#e6ffe6}.fail{background:#ffe6e6}.error{background:#fff3cd}pre{margin:0;white-space:pre-wrap;max-width:70em}</style>
</head><body><h1>nicsim grade</h1><p>{{.Tally}}</p>
<table><tr><th>submission</th><th>verdict</th><th>class</th><th>message</th><th>files</th></tr>
{{range .Rows}}<tr class="{{.Verdict}}"><td>{{.Submission}}</td><td>{{.Verdict}}</td><td>{{.Class}}</td><td><pre>{{.Message}}</pre></td>
<td>{{if .Replay}}<a href="{{.Replay}}">replay</a>{{end}} {{if .Timeline}}<a href="{{.Timeline}}">timeline</a>{{end}}</td></tr>
{{end}}</table></body></html>
`))

type pageRow struct {
	gradeRow
	Timeline string
}

func writeGradeHTML(path string, rows []gradeRow) error {
	dir := filepath.Dir(path)
	page := struct {
		Tally string
		Rows  []pageRow
	}{Tally: tally(rows)}
	for _, r := range rows {
		pr := pageRow{gradeRow: r}
		if r.Replay != "" {
			timeline := strings.TrimSuffix(r.Replay, ".replay") + ".html"
			pr.Replay = relLink(dir, r.Replay)
			if _, err := os.Stat(timeline); err == nil {
				pr.Timeline = relLink(dir, timeline)
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

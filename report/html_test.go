package report_test

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/nicsim/nicsim/report"
	"github.com/nicsim/nicsim/sim"
)

func rigHTML(t *testing.T, maxRows int) []byte {
	t.Helper()
	rows, v := rigRows(t, true)
	var b bytes.Buffer
	err := report.WriteHTML(&b, report.HTMLInput{Verdict: v, Rows: rows, MaxRows: maxRows, Banner: report.Banner{
		Driver: "model:xv6", Scenario: "rig", Personality: "qemu", Strategy: "random", Seed: 42,
		Params: [][2]string{{"cpus", "2"}}, Replay: "nicsim replay testdata/nicsim/rig-lock-reentry-42.replay"}})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// voids are the elements without an end tag.
var voids = map[string]bool{"meta": true, "input": true, "col": true, "br": true, "img": true, "link": true, "hr": true}

// checkWellFormed fails unless every element the page opens is closed in
// order, and the page loads nothing from elsewhere.
func checkWellFormed(t *testing.T, page []byte) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(page))
	var stack []string
	for {
		tt := z.Next()
		tok := z.Token()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			if len(stack) > 0 {
				t.Fatalf("unclosed elements at the end: %v", stack)
			}
			return
		case html.StartTagToken:
			checkAttrs(t, tok)
			if !voids[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case html.SelfClosingTagToken:
			checkAttrs(t, tok)
		case html.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Fatalf("</%s> closes %v", tok.Data, stack)
			}
			stack = stack[:len(stack)-1]
		case html.TextToken:
			if s := tok.Data; strings.Contains(s, "http://") || strings.Contains(s, "https://") || strings.Contains(s, "url(") {
				t.Errorf("text or inline code refers to a resource: %.80q", s)
			}
		}
	}
}

func checkAttrs(t *testing.T, tok html.Token) {
	t.Helper()
	if tok.Data == "link" || tok.Data == "iframe" || tok.Data == "img" {
		t.Errorf("<%s> in a self-contained page", tok.Data)
	}
	for _, a := range tok.Attr {
		switch {
		case a.Key == "src":
			t.Errorf("<%s src=%q>: the page must load nothing", tok.Data, a.Val)
		case a.Key == "href" && !strings.HasPrefix(a.Val, "#"):
			t.Errorf("<%s href=%q>: only in-page links", tok.Data, a.Val)
		case a.Key == "style" && strings.Contains(a.Val, "url("):
			t.Errorf("<%s style=%q> loads a resource", tok.Data, a.Val)
		}
	}
}

func TestHTMLWellFormed(t *testing.T) {
	checkWellFormed(t, rigHTML(t, 0))
}

func TestHTMLDeterministic(t *testing.T) {
	if a, b := rigHTML(t, 0), rigHTML(t, 0); !bytes.Equal(a, b) {
		t.Error("two pages from the same run differ")
	}
}

func TestHTMLLanesAndVerdict(t *testing.T) {
	doc, err := html.Parse(bytes.NewReader(rigHTML(t, 0)))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"lane-cpu0", "lane-cpu1", "lane-nic", "verdict", "banner", "fail"} {
		if byID(doc, id) == nil {
			t.Errorf("no element with id %q", id)
		}
	}
	if s := text(byID(doc, "verdict")); !strings.Contains(s, "FAIL lock-reentry") || !strings.Contains(s, "acquired by cpu0") {
		t.Errorf("verdict reads %q, want the class and the message", s)
	}
	if s := text(byID(doc, "banner")); !strings.Contains(s, "seed=42") || !strings.Contains(s, "nicsim replay testdata/") {
		t.Errorf("banner reads %q, want the seed and the replay command", s)
	}
	rows := all(byID(doc, "timeline"), "tr")[1:] // after the header
	for i, tr := range rows {
		if n := len(all(tr, "td")); n != 2+5 {
			t.Fatalf("row %d has %d cells, want 7 (time, cpu0, cpu1, nic, locks, TX, RX)", i, n)
		}
	}
	last := rows[len(rows)-1]
	if attr(last, "id") != "fail" || !strings.Contains(text(last), "FAIL lock-reentry") {
		t.Errorf("the last row is %q, want the failure", text(last))
	}
	// The spin row: cpu1 spins while cpu0 holds the lock.
	spin := slices.IndexFunc(rows, func(tr *html.Node) bool { return strings.Contains(text(tr), "spin e1000_lock") })
	cells := all(rows[spin], "td")
	if c := attr(cells[1], "class"); !strings.Contains(c, "held") {
		t.Errorf("cpu0's cell at the spin has class %q, want held", c)
	}
	if c := attr(cells[2], "class"); !strings.Contains(c, "spin") {
		t.Errorf("cpu1's cell at the spin has class %q, want spin", c)
	}
	if s := text(cells[5]); s != "0/1" {
		t.Errorf("TX cell at the spin reads %q, want 0/1", s)
	}
	if nic := text(cells[3]); nic != "" {
		t.Errorf("NIC cell of a CPU event reads %q", nic)
	}
}

func TestHTMLMaxRows(t *testing.T) {
	doc, _ := html.Parse(bytes.NewReader(rigHTML(t, 5)))
	rows := all(byID(doc, "timeline"), "tr")[1:]
	if len(rows) != 6 || !strings.Contains(text(rows[0]), "earlier events not drawn") {
		t.Errorf("with MaxRows 5: %d rows, first %q; want a note and 5 rows", len(rows), text(rows[0]))
	}
}

func TestHTMLPass(t *testing.T) {
	rows, _ := rigRows(t, false)
	var b bytes.Buffer
	if err := report.WriteHTML(&b, report.HTMLInput{Verdict: &sim.Verdict{Class: sim.ClassPass}, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	checkWellFormed(t, b.Bytes())
	if s := b.String(); !strings.Contains(s, ">PASS<") || strings.Contains(s, `id="fail"`) {
		t.Error("a passing run's page does not say PASS, or marks a failure")
	}
}

func TestHTMLEmpty(t *testing.T) {
	for _, v := range []*sim.Verdict{nil, {Class: sim.ClassLeak, Message: "leak: 1 page"}} {
		var b bytes.Buffer
		if err := report.WriteHTML(&b, report.HTMLInput{Verdict: v}); err != nil {
			t.Fatal(err)
		}
		checkWellFormed(t, b.Bytes())
	}
}

func byID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode && attr(n, "id") == id {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := byID(c, id); f != nil {
			return f
		}
	}
	return nil
}

func all(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == tag {
			out = append(out, d)
		}
	}
	return out
}

func attr(n *html.Node, k string) string {
	for _, a := range n.Attr {
		if a.Key == k {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

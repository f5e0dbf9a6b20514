package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/report"
)

// ringState is a TX ring of four slots in which the device owns [head, 2).
func ringState(head int) *nic.State {
	r := nic.RingView{Name: "TX", Base: 0x80001000, Head: head, Tail: 2, HeadName: "TDH", TailName: "TDT"}
	for i := 0; i < 4; i++ {
		s := nic.Slot{Index: i, Addr: r.Base + uint64(16*i), Fields: []nic.Field{{Name: "addr", Width: 8, Value: 0x80fef094},
			{Name: "length", Off: 8, Width: 2, Value: 74}, {Name: "status", Off: 12, Width: 1, Value: 1}}, Flags: []string{"EOP", "RS"}}
		if i >= head && i < 2 {
			s.Owner = nic.OwnerDevice
		}
		r.Slots = append(r.Slots, s)
	}
	return &nic.State{Device: "test", Rings: []nic.RingView{r}}
}

func ringsHTML(t *testing.T) []byte {
	rows, v := rigRows(t, true)
	a, b := ringState(0), ringState(1)
	var buf bytes.Buffer
	err := report.WriteHTML(&buf, report.HTMLInput{Verdict: v, Rows: rows, States: func(r *report.Row) *nic.State {
		if r.Index < len(rows)/2 {
			return a
		}
		return b
	}})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Rows carry their state's number; the page holds each distinct ring
// picture once.
func TestHTMLRingStates(t *testing.T) {
	page := ringsHTML(t)
	checkWellFormed(t, page)
	s := string(page)
	if n := strings.Count(s, `"n":"TX"`); n != 2 {
		t.Errorf("the page holds %d ring pictures, want 2 (one per distinct state)", n)
	}
	for _, want := range []string{`data-s="0"`, `data-s="1"`, `id="ringpic"`, `"f":["addr","length","status"]`, `[1,"device",2164191380,74,1,"EOP RS",""]`} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if plain := string(rigHTML(t, 0)); strings.Contains(plain, `id="ringpic"`) {
		t.Error("a page without States draws a ring picture")
	}
}

// In a browser, the failing row's rings are drawn at load, and clicking
// another row draws its rings.
func TestBrowserRingPicture(t *testing.T) {
	const drive = `<script>
var first = document.getElementById('ringpic').textContent;
document.querySelector('#timeline tbody tr').click();
var pic = document.getElementById('ringpic');
document.body.setAttribute('data-check', (first.indexOf('TDH=1') >= 0) + ' ' + (pic.textContent.indexOf('TDH=0') >= 0) + ' ' +
  pic.querySelectorAll('tr.device').length + ' ' + document.querySelectorAll('tr.sel').length);
</script></body>`
	page := strings.Replace(string(ringsHTML(t)), "</body>", drive, 1)
	path := filepath.Join(t.TempDir(), "rings.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := browse(t, path, "--dump-dom")
	if want := `data-check="true true 2 1"`; !strings.Contains(dom, want) {
		i := strings.Index(dom, "data-check")
		t.Errorf("ring picture gave %.40s, want %s", dom[max(i, 0):], want)
	}
}

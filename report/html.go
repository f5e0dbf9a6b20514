package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// DefaultHTMLRows is how many of the newest rows WriteHTML draws by default.
const DefaultHTMLRows = 5000

// HTMLInput is what WriteHTML draws.
type HTMLInput struct {
	Verdict *sim.Verdict // nil or pass: the page says so
	Banner  Banner
	Rows    []Row
	CPUs    int // CPU columns; 0: as many as the rows show
	MaxRows int // newest rows to draw (DefaultHTMLRows if 0; -1: all)
	// States, if set, gives the device's state after a row's event: the
	// page then draws the rings slot by slot (owner, fields, flags, head and
	// tail) for the row the reader clicks. Rows whose states are the same
	// value share one copy in the page.
	States func(*Row) *nic.State
	_      struct{}
}

// Banner describes the run at the top of the page.
type Banner struct {
	Driver      string
	ABI         string
	Scenario    string
	Personality string
	Strategy    string
	Seed        uint64
	Params      [][2]string // more key=value pairs (packets, ring, cpus)
	Replay      string      // the command that replays the run
	_           struct{}
}

//go:embed timeline.html.tmpl
var pageSrc string

var pageTmpl = template.Must(template.New("page").Parse(pageSrc))

// WriteHTML writes a self-contained HTML page: the verdict (class and
// message), the banner, and a scrollable timeline with one column per CPU
// and one for the NIC and the wire, each event a box on its row, with lock
// holders marked in the CPU columns, the locks held and the ring registers
// on every row, and the failing event (the last row) in red. Small inline
// scripts hide columns, highlight a lock and filter rows. The page loads
// nothing from elsewhere.
func WriteHTML(w io.Writer, in HTMLInput) error {
	return pageTmpl.Execute(w, buildPage(&in))
}

// page is the template's view of an HTMLInput.
type page struct {
	Title   string
	Class   string
	Message string
	When    string
	Pass    bool
	Banner  [][2]string
	Replay  string
	CPUs    []int
	Locks   []lockView
	Total   int
	Omitted int
	Span    int // columns of the table
	Rows    []rowView
	Cols    [2]string // the ring columns' headers ("TDH/TDT")
	States  template.JS
	Rings   bool // rows carry ring pictures
}

type lockView struct{ ID, Palette, Name string }

type rowView struct {
	ID, Class, Time string
	S               int        // the row's ring picture in States, or -1
	Cells           []cellView // one per CPU
	NIC             *boxView
	Locks           string
	TX, RX          ringView
}

type cellView struct {
	Class, Title string
	Box          *boxView
}

type boxView struct{ Class, Src, Kind, Args, At, Title string }

type ringView struct {
	Text, Title, Class string
	Pct                int // queued share of the ring, 0..100
}

func buildPage(in *HTMLInput) *page {
	p := &page{Total: len(in.Rows), Replay: in.Banner.Replay, Banner: bannerPairs(&in.Banner), Cols: columnTitles(in.Rows)}
	verdict(p, in.Verdict)
	all := WithVerdict(in.Rows, in.Verdict)
	rows := drawn(all, in.MaxRows)
	p.Omitted = len(all) - len(rows)
	for i := range cpuCount(in.CPUs, rows) {
		p.CPUs = append(p.CPUs, i)
	}
	locks := lockIDs(rows)
	p.Locks, p.Span = locks.views, len(p.CPUs)+5
	prev := &Row{TX: unknownRing, RX: unknownRing}
	if p.Omitted > 0 {
		prev = &all[p.Omitted-1]
	}
	states := &stateIndex{of: in.States, ids: map[*nic.State]int{}, seen: map[string]int{}, last: -1}
	for i := range rows {
		v := buildRow(&rows[i], prev, len(p.CPUs), locks)
		v.S = states.id(&rows[i])
		if i == len(rows)-1 && !p.Pass {
			v.ID, v.Class = "fail", v.Class+" fail"
		}
		p.Rows = append(p.Rows, v)
		prev = &rows[i]
	}
	p.States, p.Rings = states.js(), in.States != nil
	return p
}

// drawn is the newest maxRows rows (DefaultHTMLRows if 0, all if < 0).
func drawn(rows []Row, maxRows int) []Row {
	switch {
	case maxRows < 0:
		return rows
	case maxRows == 0:
		maxRows = DefaultHTMLRows
	}
	return Last(rows, maxRows)
}

func verdict(p *page, v *sim.Verdict) {
	if v.Pass() {
		p.Pass, p.Class, p.Title = true, "pass", "nicsim: pass"
		return
	}
	p.Class, p.Message = v.Class, v.Message
	p.When = fmt.Sprintf("t=%s, step %d", sim.FormatTime(v.T), v.Step)
	p.Title = "nicsim: FAIL " + v.Class
}

func bannerPairs(b *Banner) [][2]string {
	var kv [][2]string
	add := func(k, v string) {
		if v != "" {
			kv = append(kv, [2]string{k, v})
		}
	}
	add("driver", b.Driver)
	add("abi", b.ABI)
	add("scenario", b.Scenario)
	add("personality", b.Personality)
	add("strategy", b.Strategy)
	add("seed", fmt.Sprint(b.Seed))
	return append(kv, b.Params...)
}

// cpuCount is n, or one more than the highest CPU the rows name.
func cpuCount(n int, rows []Row) int {
	if n > 0 {
		return n
	}
	for i := range rows {
		n = max(n, rows[i].CPU+1)
	}
	return max(n, 1)
}

// family groups kinds for colour.
func family(kind string) string {
	switch kind {
	case KindFail:
		return "fail"
	case "acquire", "release", "spin":
		return "lock"
	case "mem", "fence":
		return "mem"
	case "trap", "trap.done", "irq", "icr":
		return "irq"
	case "tx.frame", "rx.frame", "wire.to-peer", "wire.to-guest":
		return "frame"
	case "tx.drop", "rx.drop", "rx.hold", "crash", "tx.wraparound":
		return "drop"
	case "call", "return", "printf", "net_rx", "kalloc", "kfree", "mbufalloc", "mbuffree":
		return "call" // the driver and the kernel services it calls
	}
	if c, _ := classOf(kind); c == kHead {
		return "ring"
	}
	if i := strings.IndexByte(kind, '.'); i > 0 {
		return kind[:i]
	}
	return "other"
}

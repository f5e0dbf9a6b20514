package debugger

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/report"
	"github.com/nicsim/nicsim/sim"
)

// Engine is a replay opened for debugging: the indexed run and a cursor on
// one row of its timeline.
type Engine struct {
	Path   string
	File   *corpus.File
	Config *harness.Config

	ds         []sim.Decision
	target     harness.Target
	trace      *sim.Trace
	verdict    *sim.Verdict
	hash       uint64
	rows       []report.Row
	rowStep    []int // the step whose end state each row shows
	nsteps     int   // steps the run completed (the failing step is nsteps+1)
	evEnd      []uint64
	actors     []string // actor of step k at index k-1 (the last: the failing step)
	stepPC     []uint64 // the driver pc the acting CPU ran from, by step (index k-1)
	changes    []Change
	calls      []Call
	dw         *dwarfInfo // nil for a driver without DWARF (the Go model)
	source     map[string][]string
	cur        int
	cache      map[int]*Snapshot
	order      []int        // cache keys, oldest first
	states     []*nic.State // the device's state after the newest steps (index k-1-statesFrom)
	statesFrom int
	owned      bool // Close closes the target
	everyStep  bool // read the device's State after every step (tests)
}

// Change is one change of a register, a descriptor field or a flag, and
// who made it.
type Change struct {
	Step     int
	Actor    string // the actor that stepped: "cpu0", "nic.rx"
	What     string // "TDT", "TX[3].status", "RX[0].DD"
	Old, New uint64
	Context  string // for a CPU: what it was running
	Line     string // for a CPU running hosted C: "e1000.c:151"
	How      string // for a register a CPU's step changed: "cpu0 MMIO write"
	// DMA names the device engine whose DMA write in the step covers the
	// change ("nic.tx"), even when it ran inside a CPU's register write.
	DMA string

	addr, width uint64 // the bytes of a descriptor change (0: a register)
}

// Call is a kernel service the run called at a step ("mbuffree").
type Call struct {
	Step int
	Name string
}

// stopped is how the OnStep hook stops a run after the wanted step.
var stopped = &sim.Verdict{Class: "debugger.stopped"}

// cacheSize is how many snapshots the engine keeps.
const cacheSize = 8

// Open loads a replay file and indexes its run. The cursor starts on the
// first row.
func Open(path string) (*Engine, error) {
	f, err := corpus.Load(path)
	if err != nil {
		return nil, err
	}
	return OpenFile(path, f)
}

// OpenFile is [Open] for a file already loaded.
func OpenFile(path string, f *corpus.File) (*Engine, error) {
	cfg, ds, err := harness.FromFile(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t, err := harness.Open(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	e, err := New(t, cfg, ds)
	if err != nil {
		t.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	e.Path, e.File, e.owned = path, f, true
	return e, nil
}

// New indexes the run of cfg on an open target with recorded decisions ds
// (a C driver's image is loaded once per process: a caller that has the
// target open passes it here). Close does not close t.
func New(t harness.Target, cfg *harness.Config, ds []sim.Decision) (*Engine, error) {
	c := *cfg
	c.KeepTrace = true
	e := &Engine{Config: &c, ds: ds, target: t, cache: map[int]*Snapshot{}}
	if x, ok := t.(interface{ ELF() []byte }); ok {
		var err error
		if e.dw, err = readDWARF(x.ELF()); err != nil {
			return nil, fmt.Errorf("driver image: %w", err)
		}
	}
	if err := e.index(); err != nil {
		return nil, err
	}
	e.source = loadSource(c.Driver, e.dw)
	return e, nil
}

// Reproduces reports whether the run's trace hash is the one the file
// recorded (true when the file records none), and whether the driver is
// the one the file was written for.
func (e *Engine) Reproduces() (trace, driver bool) {
	trace, driver = true, true
	if e.File == nil {
		return
	}
	if h := e.File.TraceHash; h != "" {
		trace = strings.EqualFold(h, fmt.Sprintf("%016x", e.hash))
	}
	if h := e.File.DriverHash; h != "" && h != "-" {
		driver = h == e.target.Hash()
	}
	return
}

// Close releases the driver if Open opened it.
func (e *Engine) Close() error {
	if !e.owned {
		return nil
	}
	return e.target.Close()
}

// StateAfterEvent is the device's state after the step that emitted event
// number g of the run (counted from the run's first event), or nil for a
// step older than the newest few thousand, which are all it keeps. Steps
// that changed nothing share one value.
func (e *Engine) StateAfterEvent(g uint64) *nic.State {
	k := sort.Search(len(e.evEnd), func(k int) bool { return e.evEnd[k] > g }) - e.statesFrom
	if len(e.states) == 0 || k < 0 {
		return nil
	}
	return e.states[min(k, len(e.states)-1)]
}

// run replays the file once; observe sees the run before its first step.
func (e *Engine) run(observe func(*harness.Live)) (*harness.Result, error) {
	tape := sim.NewReplayTape(e.ds, sim.NewSeedSource(e.Config.Seed))
	return harness.Run(e.target, e.Config, harness.Options{Tape: tape, Record: true, LastN: 40, Observe: observe})
}

// index runs the replay once, recording every step and change.
func (e *Engine) index() error {
	rec := &recorder{e: e}
	var live *harness.Live
	r, err := e.run(func(l *harness.Live) { live = l; rec.attach(l) })
	if err != nil {
		return err
	}
	e.nsteps = len(e.evEnd)
	rec.finish(e.nsteps + 1)
	e.verdict, e.hash, e.trace = r.Verdict, r.TraceHash, r.Machine.Trace
	e.keep(e.nsteps+1, e.capture(live, e.nsteps+1))
	e.attributeDMA()
	e.rows = report.WithVerdict(report.Timeline(e.trace, report.Events(e.trace)), e.verdict)
	base := e.trace.Dropped()
	e.rowStep = make([]int, len(e.rows))
	for i, row := range e.rows {
		e.rowStep[i] = e.nsteps + 1
		if row.Index >= 0 {
			g := base + uint64(row.Index)
			e.rowStep[i] = sort.Search(len(e.evEnd), func(k int) bool { return e.evEnd[k] > g }) + 1
		}
	}
	return nil
}

// Snapshot returns the state after step k (1..nsteps), or at the end of the
// run for k > nsteps, re-executing the run if it is not cached.
func (e *Engine) Snapshot(k int) (*Snapshot, error) {
	if k > e.nsteps {
		k = e.nsteps + 1
	}
	if s, ok := e.cache[k]; ok {
		return s, nil
	}
	var (
		live *harness.Live
		snap *Snapshot
	)
	_, err := e.run(func(l *harness.Live) {
		live = l
		l.Machine.OnStep = func(m *sim.Machine) {
			if int(m.Steps()) == k {
				snap = e.capture(l, k)
				panic(stopped)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if snap == nil {
		snap = e.capture(live, k)
	}
	e.keep(k, snap)
	return snap, nil
}

func (e *Engine) keep(k int, s *Snapshot) {
	if _, ok := e.cache[k]; !ok {
		e.order = append(e.order, k)
	}
	e.cache[k] = s
	for len(e.order) > cacheSize {
		delete(e.cache, e.order[0])
		e.order = e.order[1:]
	}
}

// Rows is the timeline, the finding's row last when the run failed.
func (e *Engine) Rows() []report.Row { return e.rows }

// Cursor is the row the cursor is on.
func (e *Engine) Cursor() int { return e.cur }

// Step is the step whose end state row i shows (nsteps+1: the end of the
// run, the failing step included).
func (e *Engine) Step(i int) int { return e.rowStep[i] }

// Steps is the number of steps the run completed.
func (e *Engine) Steps() int { return e.nsteps }

// Verdict is the run's verdict.
func (e *Engine) Verdict() *sim.Verdict { return e.verdict }

// TraceHash is the hash of the run's trace.
func (e *Engine) TraceHash() uint64 { return e.hash }

// Current is the snapshot at the cursor.
func (e *Engine) Current() (*Snapshot, error) { return e.Snapshot(e.rowStep[e.cur]) }

// AtFinding reports whether the cursor is at or past the finding.
func (e *Engine) AtFinding() bool {
	return !e.verdict.Pass() && e.cur == len(e.rows)-1
}

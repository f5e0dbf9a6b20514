package properties

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// recorder is a rapid.TB that records a failure instead of failing the
// test, so that a test can require rapid to find (and shrink) a bug. Its
// name is the test's, so rapid's fail files go to testdata/rapid/<test>/
// and plain go test replays them first: a committed fail file turns the
// search into one replay.
type recorder struct {
	t      *testing.T
	failed bool
	msgs   []string
}

func (r *recorder) Helper()                    {}
func (r *recorder) Name() string               { return r.t.Name() }
func (r *recorder) Logf(f string, args ...any) { r.t.Logf(f, args...) }
func (r *recorder) Log(args ...any)            { r.t.Log(args...) }
func (r *recorder) Skipf(f string, a ...any)   { r.t.Skipf(f, a...) }
func (r *recorder) Skip(args ...any)           { r.t.Skip(args...) }
func (r *recorder) SkipNow()                   { r.t.SkipNow() }
func (r *recorder) Errorf(f string, a ...any)  { r.record(fmt.Sprintf(f, a...)) }
func (r *recorder) Error(args ...any)          { r.record(fmt.Sprint(args...)) }
func (r *recorder) Fatalf(f string, a ...any)  { r.record(fmt.Sprintf(f, a...)) }
func (r *recorder) Fatal(args ...any)          { r.record(fmt.Sprint(args...)) }
func (r *recorder) FailNow()                   { r.failed = true }
func (r *recorder) Fail()                      { r.failed = true }
func (r *recorder) Failed() bool               { return r.failed }

func (r *recorder) record(msg string) {
	r.failed = true
	r.msgs = append(r.msgs, msg)
}

// expectFailure runs Check's property under a recorder and returns the
// shrunk failure; it fails the test if rapid finds nothing.
func expectFailure(t *testing.T, cfg Config) (*runner, *failure) {
	t.Helper()
	r, err := newRunner(cfg, t.ArtifactDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.tg.Close() })
	rec := &recorder{t: t}
	r.check(rec)
	if !rec.failed {
		t.Fatalf("rapid found no failure of %s", r.cfg.label)
	}
	for _, m := range rec.msgs {
		first, _, _ := strings.Cut(m, "\n")
		t.Logf("(expected) %s", first)
	}
	if r.last == nil {
		t.Fatalf("rapid failed, but not with a verdict:\n%s", strings.Join(rec.msgs, "\n"))
	}
	return r, r.last
}

// plantedBugs are the bugs of the Go model driver the tests expect rapid to
// find, with the verdict classes they may show up as.
var plantedBugs = []struct {
	bug     string
	classes []string
}{
	{"arp-reentrant", []string{sim.ClassLockReentry}},
	{"one-per-intr", []string{sim.ClassLostPacket}},
	{"tx-no-dd", []string{sim.ClassRingOwnership}},
	{"tx-no-lock", []string{sim.ClassLostPacket, sim.ClassRingOwnership, sim.ClassDuplicate, sim.ClassDoubleFree}},
}

// Each planted bug is found, and its failure shrinks to a schedule of at
// most 3 preemptions whose replay file reproduces the same trace. The
// fail files under testdata/rapid/TestPlantedBugsShrink_<bug>/ make plain
// go test replay the shrunk failure instead of searching again.
func TestPlantedBugsShrink(t *testing.T) {
	for _, tc := range plantedBugs {
		t.Run(tc.bug, func(t *testing.T) {
			checkPlanted(t, harness.Config{Driver: "model:xv6", Bug: tc.bug}, tc.classes)
		})
	}
}

// The same for C mutants of the reference driver, hosted: their fail files
// are under testdata/rapid/TestZooShrinks_*.
func TestZooShrinks(t *testing.T) {
	for _, tc := range []struct {
		driver  string
		classes []string
	}{
		{"zoo:xv6/arp-reentrant", []string{sim.ClassLockReentry}},
		{"zoo:xv6/tx-no-lock", plantedBugs[3].classes},
	} {
		t.Run(tc.driver, func(t *testing.T) {
			r, err := newRunner(Config{Harness: harness.Config{Driver: tc.driver}}, t.TempDir())
			if err != nil {
				t.Fatalf("cannot host %s: %v", tc.driver, err)
			}
			_ = r.tg.Close() // one image per process
			checkPlanted(t, harness.Config{Driver: tc.driver}, tc.classes)
		})
	}
}

// The search itself, without the committed fail files: rapid runs in a
// temporary directory, so it neither reads nor writes testdata/rapid.
func TestPlantedBugsSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("searches from scratch; TestPlantedBugsShrink replays the committed failures")
	}
	for _, tc := range plantedBugs {
		t.Run(tc.bug, func(t *testing.T) {
			t.Chdir(t.TempDir())
			checkPlanted(t, harness.Config{Driver: "model:xv6", Bug: tc.bug}, tc.classes)
		})
	}
}

func checkPlanted(t *testing.T, hc harness.Config, classes []string) {
	t.Helper()
	start := time.Now()
	r, f := expectFailure(t, Config{Harness: hc, Checks: 1000})
	if !slices.Contains(classes, f.res.Verdict.Class) {
		t.Errorf("found as %s, want one of %v: %s", f.res.Verdict.Class, classes, f.res.Verdict.Message)
	}
	if f.preemptions > 3 {
		t.Errorf("shrunk to %d preemptions (%s), want at most 3", f.preemptions, f.sched)
	}
	t.Logf("%s: %s under %s, %s (%s), %d steps, took %v", r.cfg.label, f.res.Verdict.Class,
		f.cfg.Personality, plural(f.preemptions, "preemption"), f.sched, f.res.Steps, time.Since(start).Round(time.Millisecond))
	checkReplay(t, r, f)
}

// checkReplay writes the replay file of f, loads it back and replays it:
// same verdict, same trace hash, every decision used.
func checkReplay(t *testing.T, r *runner, f *failure) {
	t.Helper()
	path, err := r.write(f)
	if err != nil {
		t.Fatal(err)
	}
	file, err := corpus.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c, ds, err := harness.FromFile(file)
	if err != nil {
		t.Fatal(err)
	}
	got, err := harness.Run(r.tg, c, harness.Options{Tape: sim.NewReplayTape(ds, sim.NewSeedSource(c.Seed)), Record: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Verdict.Class != f.res.Verdict.Class || got.TraceHash != f.res.TraceHash || got.Diverged != -1 {
		t.Fatalf("replay of %s: %s hash %x diverged %d; want %s hash %x diverged -1", path,
			got.Verdict.Class, got.TraceHash, got.Diverged, f.res.Verdict.Class, f.res.TraceHash)
	}
}

package harness

import (
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic"
)

// Hunt explores schedules over many seeds.
type Hunt struct {
	Base        Config // driver and scenario; Base.Seed is the first seed
	Seeds       int
	Strategy    string // "portfolio" (default), "random", "pct", "pct:D", "irq:N"
	Personality string // "both" (default), "qemu", "strict"
	Workers     int    // 0: GOMAXPROCS (1 for drivers that run one at a time)
	NoShrink    bool   // report the failing run as found, unshrunk
	// Spawn, if set, makes worker process w of n that starts at seed index
	// from (see RunWorker); a hunt of a driver that runs one at a time per
	// process then uses n processes.
	Spawn  func(w, n, from int) (*exec.Cmd, error)
	Faults string // "swarm" (default: every other block of 8 seeds draws faults) or "none"
	Budget ShrinkBudget
	// First makes Diagnose stop at the first failure (lowest seed index),
	// as Run does.
	First bool
	// TierBudget bounds the tier search of each finding: runs per tier
	// tried below the one it was seen in (default 24).
	TierBudget int
	// MaxFindings bounds the distinct findings shrunk and reported (default
	// 10); further signatures are counted in Diagnosis.Unreported.
	MaxFindings int
	// From is the first seed index explored (0: all): a shard of a hunt
	// explores indices From..Seeds-1, each with the strategy, personality
	// and faults it has in the whole hunt.
	From int
	// RunTimeout is the wall-clock budget of one run in a worker process
	// (DefaultRunTimeout when 0); a worker past it is ended (see deaths.go).
	RunTimeout time.Duration
	_          struct{}
}

// portfolio is the default rotation of strategies.
var portfolio = []string{"random", "pct:1", "pct:2", "pct:3"}

// SeedConfig is the configuration of the i-th run of the hunt.
func (h *Hunt) SeedConfig(i int) Config {
	c := h.Base
	c.Seed = h.Base.Seed + uint64(i)
	switch h.Personality {
	case "", "both":
		c.Personality = nic.Personalities[i%len(nic.Personalities)].String()
	default:
		c.Personality = h.Personality
	}
	c.Swarm = (h.Faults == "" || h.Faults == "swarm") && (i/8)%2 == 1
	switch h.Strategy {
	case "", "portfolio":
		// Every fifth pair of seeds walks the interrupt placements in order.
		if k := (i / 2) % (len(portfolio) + 1); k < len(portfolio) {
			c.Strategy = portfolio[k]
		} else {
			c.Strategy = fmt.Sprintf("irq:%d", i/(2*(len(portfolio)+1)))
		}
	default:
		c.Strategy = h.Strategy
	}
	return c
}

// HuntResult is the outcome of a hunt.
type HuntResult struct {
	Schedules int     // runs completed
	Fail      *Result // the failing run with the lowest seed, recorded; nil if none
	Config    Config  // its configuration
	Found     *Result // the failing run as found, before shrinking
	Shrunk    *Shrunk // the shrink, if it succeeded
	// Died: the driver killed the worker process running Config's seed;
	// Fail has the verdict but no trace (Fail.Machine is nil).
	Died bool

	hash  uint64 // trace hash and class of the first run of the failing seed
	class string
}

// Validate checks the hunt's own fields.
func (h *Hunt) Validate() error {
	if h.Personality != "" && h.Personality != "both" {
		if _, err := nic.ParsePersonality(h.Personality); err != nil {
			var names []string
			for _, p := range nic.Personalities {
				names = append(names, p.String())
			}
			return fmt.Errorf("unknown personality %q (want %s or both)", h.Personality, strings.Join(names, ", "))
		}
	}
	if h.Strategy != "" && h.Strategy != "portfolio" {
		c := h.Base
		c.Strategy = h.Strategy
		c.Defaults()
		if err := c.Validate(); err != nil {
			return err
		}
	}
	if h.Faults != "" && h.Faults != "swarm" && h.Faults != "none" {
		return fmt.Errorf("unknown faults %q (want swarm or none)", h.Faults)
	}
	if h.Seeds < 1 {
		return fmt.Errorf("seeds=%d: want at least 1", h.Seeds)
	}
	if h.From < 0 || h.From >= h.Seeds {
		return fmt.Errorf("first index %d: want 0 <= index < seeds (%d)", h.From, h.Seeds)
	}
	return nil
}

// Run hunts for the first failure: the one with the lowest seed index,
// whatever the number of workers, re-run with recording on (a different
// trace hash on the re-run is a determinism bug and an error) and shrunk.
// Diagnose collects every distinct failure instead.
func (h *Hunt) Run(t Target) (*HuntResult, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	done, seen, err := h.explore(t, true)
	if err != nil {
		return nil, err
	}
	res := &HuntResult{Schedules: done}
	if len(seen) == 0 {
		return res, nil
	}
	b := seen[0]
	if b.died != nil {
		return h.deathResult(res, b.died), nil
	}
	res.hash, res.class = b.hash, b.sig.Class()
	return h.record(t, res, b.index)
}

// sighting is one failing seed of a hunt.
type sighting struct {
	index  int            // seed index
	hash   uint64         // trace hash of the run
	sig    diag.Signature // what failed, and where
	faulty bool           // the run injected faults
	short  bool           // run with a shortened step budget (see stepGovernor)
	// ordered: found by the second look with stores ordered (see
	// Hunt.ordered), index counting its seeds.
	ordered bool
	// died: the driver killed the worker process running the seed (see
	// deaths.go); there is no trace to confirm, shrink or tier.
	died *death
}

// sightingsOf are the failures of the i-th seed's run, one per verdict.
func sightingsOf(i int, r *Result, short bool) []sighting {
	var out []sighting
	for _, v := range verdictsOf(r) {
		out = append(out, sighting{index: i, hash: r.TraceHash, sig: diag.SignatureOf(v), faulty: r.Faults != "none", short: short})
	}
	return out
}

// explore runs the seeds and returns how many completed and the failing
// ones, by seed index. With first, it stops at the lowest failing index.
func (h *Hunt) explore(t Target, first bool) (int, []sighting, error) {
	workers := h.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if t.Exclusive() {
		if h.Spawn != nil {
			o, err := h.exploreProcs(workers, first)
			return o.done, sortSightings(o.seen, first), err
		}
		workers = 1
	}
	var (
		next     atomic.Int64
		done     atomic.Int64
		best     atomic.Int64
		firstErr error
		seen     []sighting
		gov      stepGovernor
		mu       sync.Mutex
		wg       sync.WaitGroup
	)
	best.Store(int64(h.Seeds))
	next.Store(int64(h.From))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= best.Load() {
					return
				}
				r, short, err := h.runSeed(t, int(i), first, &gov)
				mu.Lock()
				if err != nil {
					firstErr = err
					mu.Unlock()
					best.Store(-1)
					return
				}
				done.Add(1)
				if r.Failed() {
					seen = append(seen, sightingsOf(int(i), r, short)...)
				}
				mu.Unlock()
				if r.Failed() && first {
					for cur := best.Load(); i < cur && !best.CompareAndSwap(cur, i); cur = best.Load() {
					}
				}
			}
		}()
	}
	wg.Wait()
	return int(done.Load()), sortSightings(seen, first), firstErr
}

// runSeed runs the i-th seed: as configured when hunting for the first
// failure, else under the step governor (short: a hang under its shortened
// budget).
func (h *Hunt) runSeed(t Target, i int, first bool, gov *stepGovernor) (r *Result, short bool, err error) {
	if first {
		c := h.SeedConfig(i)
		r, err = Run(t, &c, Options{})
		return r, false, err
	}
	return gov.run(h, t, i)
}

// sortSightings orders sightings by seed index; with first, only the lowest
// is kept.
func sortSightings(seen []sighting, first bool) []sighting {
	slices.SortStableFunc(seen, func(a, b sighting) int { return a.index - b.index })
	if first && len(seen) > 1 {
		seen = seen[:1]
	}
	return seen
}

// notDeterministic is the error of a seed that ran differently when run
// again. With the Go model driver it is nicsim's bug; a C driver can also
// read what no schedule fixes (the host's thread pointer or stack canary
// through %fs, an address of nicsim's), so the error names both.
func notDeterministic(c *Config, hashes string) error {
	if dn, err := guest.ParseDriverName(c.Driver); err == nil && dn.Kind == guest.DriverModel {
		return fmt.Errorf("nicsim bug: seed %d is not deterministic: %s when re-run with recording", c.Seed, hashes)
	}
	return fmt.Errorf("seed %d ran differently when run again (%s): the driver reads something outside the simulation "+
		"(the host's thread pointer or stack canary through %%fs or %%gs, a host address), or nicsim has a bug; "+
		"a driver that does neither runs the same way every time", c.Seed, hashes)
}

func (h *Hunt) record(t Target, res *HuntResult, i int) (*HuntResult, error) {
	c := h.SeedConfig(i)
	c.KeepTrace = true
	r, err := Run(t, &c, Options{Record: true, LastN: 40, Capture: true})
	if err != nil {
		return nil, err
	}
	if !r.Failed() || r.TraceHash != res.hash {
		return nil, notDeterministic(&c, fmt.Sprintf("hash %016x (%s), then %016x (%s)", res.hash, res.class, r.TraceHash, r.Verdict.Class))
	}
	res.Fail, res.Config, res.Found = r, c, r
	res.Schedules = i + 1
	if h.NoShrink {
		return res, nil
	}
	sh, err := Shrink(t, c, r.Decisions, diag.SignatureOf(r.Verdict), h.Budget)
	if err != nil {
		return nil, err
	}
	if sh != nil {
		res.Fail, res.Config, res.Shrunk = sh.Result, sh.Config, sh
	}
	return res, nil
}

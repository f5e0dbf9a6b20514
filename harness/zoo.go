package harness

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
)

// ZooRow is the outcome of hunting one mutant of the zoo.
type ZooRow struct {
	Name        string        `json:"mutant"`
	Row         int           `json:"row"`
	Bug         string        `json:"bug"`
	Want        string        `json:"want"`   // the verdict class the mutant is tagged with
	Oracle      string        `json:"oracle"` // the oracle expected to catch it
	QEMU        string        `json:"qemu"`   // would QEMU show it (notes/bugs.md)
	Found       bool          `json:"found"`  // found with the tagged class
	Class       string        `json:"class"`  // what nicsim reported ("pass" if nothing)
	Schedules   int           `json:"schedules"`
	FindTime    time.Duration `json:"-"`
	FindS       float64       `json:"find_s"`
	Preemptions int           `json:"preemptions"` // after shrinking (-1 if not shrunk)
	Seed        uint64        `json:"seed"`
	Strategy    string        `json:"strategy"`
	Personality string        `json:"personality"`
	Message     string        `json:"message,omitempty"`
	Err         string        `json:"error,omitempty"`
	// Needs says what the workload lacks to express the bug; such a mutant
	// is expected to pass and is left out of the summary's count.
	Needs string `json:"needs,omitempty"`
	// Device is the device model the mutant's kernel drives.
	Device string `json:"device"`
}

// ZooSummary sums a zoo run up.
type ZooSummary struct {
	Mutants      int     `json:"mutants"`
	Expressible  int     `json:"expressible"` // mutants whose bug the workload can express
	Found        int     `json:"found"`
	MedianFindS  float64 `json:"median_find_s"`
	MaxFindS     float64 `json:"max_find_s"`
	ShrunkLE3    int     `json:"shrunk_le3_preemptions"`
	ShrunkLE3Pct float64 `json:"shrunk_le3_pct"`
	// Devices counts the mutants per device model their kernel drives.
	Devices map[string]int `json:"devices"`
}

// ZooMutants lists the zoo: the C mutants of every kernel's hosted kit,
// sorted by name.
func ZooMutants() ([]csrc.Mutant, error) {
	var ms []csrc.Mutant
	for _, k := range guest.Kernels() {
		if k.Hosted == nil || k.Hosted.Mutants == nil {
			continue
		}
		km, err := k.Hosted.Mutants()
		if err != nil {
			return nil, err
		}
		ms = append(ms, km...)
	}
	slices.SortStableFunc(ms, func(a, b csrc.Mutant) int { return strings.Compare(a.Name, b.Name) })
	return ms, nil
}

// mutantDevice is the device the mutant's kernel drives.
func mutantDevice(name string) string {
	dn, err := guest.ParseDriverName(name)
	if err != nil {
		return ""
	}
	k, err := guest.LookupKernel(dn.Kernel)
	if err != nil {
		return ""
	}
	return k.Device
}

// Zoo hunts every mutant (or those named: a name ending in "/", such as
// "zoo:jos/", names every mutant of that kernel) with up to seeds
// schedules each, in the scenario each is tagged with.
func Zoo(names []string, seeds int, logf func(ZooRow)) ([]ZooRow, ZooSummary, error) {
	return zoo(names, seeds, false, logf)
}

// ZooGrader is Zoo with every mutant of a kernel with a lab grader hunted
// in the grader's scenario (nettests, nettest): how fast each bug fails the
// lab's own tests, next to nicsim's tagged scenario.
func ZooGrader(names []string, seeds int, logf func(ZooRow)) ([]ZooRow, ZooSummary, error) {
	return zoo(names, seeds, true, logf)
}

func zoo(names []string, seeds int, grade bool, logf func(ZooRow)) ([]ZooRow, ZooSummary, error) {
	ms, err := ZooMutants()
	if err != nil {
		return nil, ZooSummary{}, err
	}
	var rows []ZooRow
	for _, mu := range ms {
		if len(names) > 0 && !slices.ContainsFunc(names, func(n string) bool {
			return n == mu.Name || strings.HasSuffix(n, "/") && strings.HasPrefix(mu.Name, n)
		}) {
			continue
		}
		if grade {
			mu.Scenario = graderScenario(mu)
		}
		r := huntMutant(mu, seeds)
		rows = append(rows, r)
		if logf != nil {
			logf(r)
		}
	}
	if len(rows) == 0 {
		return nil, ZooSummary{}, fmt.Errorf("no mutant matches %v", names)
	}
	return rows, summarize(rows), nil
}

func huntMutant(mu csrc.Mutant, seeds int) ZooRow {
	row := ZooRow{Name: mu.Name, Row: mu.Row, Bug: mu.Bug, Want: mu.Verdict, Oracle: mu.Oracle, QEMU: mu.QEMU,
		Class: "pass", Preemptions: -1, Needs: mu.Needs, Device: mutantDevice(mu.Name)}
	c := Config{Driver: mu.Name, Scenario: mu.Scenario, Seed: 1}
	if err := applyParams(&c, mu.Params); err != nil {
		row.Err = err.Error()
		return row
	}
	c.Defaults()
	t, err := Open(&c)
	if err != nil {
		row.Err = err.Error()
		return row
	}
	defer t.Close()
	h := Hunt{Base: c, Seeds: seeds, NoShrink: true}
	start := time.Now()
	res, err := h.Run(t)
	row.FindTime = time.Since(start)
	row.FindS = row.FindTime.Seconds()
	if err != nil {
		row.Err = err.Error()
		return row
	}
	row.Schedules = res.Schedules
	if res.Fail == nil {
		return row
	}
	row.Class, row.Seed = res.Fail.Verdict.Class, res.Config.Seed
	row.Strategy, row.Personality = res.Config.Strategy, res.Config.Personality
	row.Found = row.Class == mu.Verdict || (mu.Strict != "" && row.Class == mu.Strict)
	row.Message = res.Fail.Verdict.Message
	if sh, err := Shrink(t, res.Config, res.Fail.Decisions, diag.SignatureOf(res.Fail.Verdict), ShrinkBudget{}); err == nil && sh != nil {
		row.Preemptions = sh.Preemptions
	} else if err == nil {
		row.Preemptions = Preemptions(res.Fail.Decisions)
	}
	return row
}

// graderScenario is the grader scenario of a mutant's kernel, or its own
// scenario when the kernel has no grader.
func graderScenario(mu csrc.Mutant) string {
	dn, err := guest.ParseDriverName(mu.Name)
	if err != nil {
		return mu.Scenario
	}
	if gs := grader.ForKernel(dn.Kernel); len(gs) > 0 {
		return gs[0].Name
	}
	return mu.Scenario
}

// applyParams sets scenario knobs a mutant needs (e.g. payload=1400).
func applyParams(c *Config, ps [][2]string) error {
	for _, p := range ps {
		if err := c.SetParam(p[0], p[1]); err != nil {
			return err
		}
	}
	return nil
}

func summarize(rows []ZooRow) ZooSummary {
	s := ZooSummary{Mutants: len(rows), Devices: map[string]int{}}
	var times []float64
	shrunk := 0
	for _, r := range rows {
		s.Devices[r.Device]++
		if r.Needs == "" {
			s.Expressible++
		}
		if !r.Found {
			continue
		}
		s.Found++
		times = append(times, r.FindS)
		if r.Preemptions >= 0 {
			shrunk++
			if r.Preemptions <= 3 {
				s.ShrunkLE3++
			}
		}
	}
	if len(times) > 0 {
		sort.Float64s(times)
		s.MedianFindS = times[len(times)/2]
		s.MaxFindS = times[len(times)-1]
	}
	if shrunk > 0 {
		s.ShrunkLE3Pct = 100 * float64(s.ShrunkLE3) / float64(shrunk)
	}
	return s
}

package properties

import (
	"github.com/nicsim/nicsim/nic"
	"slices"

	"github.com/nicsim/nicsim/harness"
)

// DrawMode says how rapid draws the schedule of a run.
type DrawMode uint8

const (
	// DrawSchedule draws a [Schedule]: a short list of preemption points,
	// drawn before the run. Shrinking removes preemptions. The default.
	DrawSchedule DrawMode = iota
	// DrawChoices draws every scheduling choice from rapid as the run makes
	// it ([RapidSource]): a random walk that rapid shrinks choice by choice.
	DrawChoices
)

func (m DrawMode) String() string {
	if m == DrawChoices {
		return "choices"
	}
	return "schedule"
}

// Defaults of [Config].
const (
	DefaultMaxPreemptions = 8
	DefaultMaxTiming      = 4
)

// Config is what [Check] runs.
type Config struct {
	// Harness names the driver under test and the scenario: Driver
	// ("model:xv6", "ref:xv6", "zoo:xv6/NAME" or the path of a user's
	// e1000.c), ABI, Includes, Bug, Packets, Ring, CPUs, Procs,
	// PayloadSize, MaxSteps, MaxTime, Swarm (its faults are drawn from the
	// timing lane of the schedule). Personality "" or "both" lets rapid
	// draw qemu or strict for every check. Strategy and Seed are ignored:
	// rapid draws the schedule.
	Harness harness.Config
	// Checks is the number of checks when neither -rapid.checks nor
	// RAPID_CHECKS is given (0: rapid's default, 100). -short divides it
	// by 5. Setting it changes rapid's global flag while Check runs, so
	// calls with Checks set run one at a time.
	Checks int
	// MaxPreemptions bounds the preemptions of a drawn schedule (default
	// [DefaultMaxPreemptions]); MaxTiming bounds the deviations of the other
	// streams (default [DefaultMaxTiming]). DrawSchedule only.
	MaxPreemptions, MaxTiming int
	// Draw is how the schedule is drawn (default [DrawSchedule]).
	Draw DrawMode
	// Ignore lists verdict classes (sim.ClassLivelock, ...) that do not
	// fail the property, for a driver with a known bug of that class.
	Ignore []string
	// ReplayDir is where [Check] writes the replay file of the failure it
	// reports; "" means testdata/nicsim/<test name>, beside rapid's
	// testdata/rapid/<test name>.
	ReplayDir string
	_         struct{}
}

// resolved is a Config with its defaults applied and checked.
type resolved struct {
	Config
	base  harness.Config // the run config; Personality is set per check
	pers  []string       // personalities rapid draws from
	label string         // driver (and bug) for messages
}

func (c Config) resolve() (*resolved, error) {
	r := &resolved{Config: c, base: c.Harness}
	switch p := c.Harness.Personality; p {
	case "", "both":
		for _, p := range nic.Personalities {
			r.pers = append(r.pers, p.String())
		}
	default:
		r.pers = []string{p}
	}
	r.base.Personality = r.pers[0]
	r.base.Strategy, r.base.Seed = "random", 0
	r.base.Defaults()
	if err := r.base.Validate(); err != nil {
		return nil, err
	}
	if r.MaxPreemptions <= 0 {
		r.MaxPreemptions = DefaultMaxPreemptions
	}
	if r.MaxTiming <= 0 {
		r.MaxTiming = DefaultMaxTiming
	}
	r.label = r.base.Driver
	if r.base.Bug != "" {
		r.label += " bug=" + r.base.Bug
	}
	return r, nil
}

func (r *resolved) ignored(class string) bool { return slices.Contains(r.Ignore, class) }

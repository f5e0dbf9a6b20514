package harness

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/corpus"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// ToFile turns a failing run into a replay file.
func ToFile(t Target, cfg *Config, r *Result) *corpus.File {
	dev, abi := cfg.Device, t.Kernel().Name
	if rc, err := cfg.Resolve(); err == nil {
		dev, abi = rc.Device.Name, rc.Kernel.Name
	}
	f := &corpus.File{
		Driver: cfg.Driver, DriverHash: t.Hash(), ABI: abi, Device: dev,
		Personality: cfg.Personality, Scenario: cfg.Scenario, Bug: cfg.Bug, Strategy: cfg.Strategy,
		Seed: cfg.Seed, Verdict: r.Verdict.Class, TraceHash: fmt.Sprintf("%016x", r.TraceHash), Steps: r.Steps,
	}
	for _, p := range cfg.Params() {
		f.Params = append(f.Params, corpus.Param{Key: p[0], Value: p[1]})
	}
	for _, d := range r.Decisions {
		f.Decisions = append(f.Decisions, corpus.Decision{Stream: uint8(d.Stream), V: d.V, N: d.N})
	}
	for _, line := range strings.Split(r.Verdict.Message, "\n") {
		f.Comments = append(f.Comments, line)
	}
	return f
}

// FromFile rebuilds the run configuration and the recorded decisions of a
// replay file, checking every field it uses.
func FromFile(f *corpus.File) (*Config, []sim.Decision, error) {
	c := &Config{Driver: f.Driver, ABI: f.ABI, Device: f.Device, Bug: f.Bug, Scenario: f.Scenario,
		Personality: f.Personality, Strategy: f.Strategy, Seed: f.Seed}
	if dn, err := guest.ParseDriverName(c.Driver); err == nil && dn.Kind == guest.DriverModel {
		c.ABI = ""
	}
	for _, p := range f.Params {
		if err := c.SetParam(p.Key, p.Value); err != nil {
			return nil, nil, err
		}
	}
	c.Defaults()
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	ds := make([]sim.Decision, len(f.Decisions))
	for i, d := range f.Decisions {
		if d.Stream >= uint8(sim.NumStreams) {
			return nil, nil, fmt.Errorf("decision %d: stream %c is not used by this nicsim", i+1, 'a'+d.Stream)
		}
		ds[i] = sim.Decision{Stream: sim.Stream(d.Stream), V: d.V, N: d.N}
	}
	return c, ds, nil
}

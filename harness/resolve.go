package harness

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	_ "github.com/nicsim/nicsim/guest/all" // kernel registrations
	"github.com/nicsim/nicsim/nic"
	_ "github.com/nicsim/nicsim/nic/all" // device registrations
	"github.com/nicsim/nicsim/sim"
)

// Resolved is a [Config] resolved once through the registries into typed
// values: no package below parses the names again.
type Resolved struct {
	Driver      guest.DriverName
	Kernel      *guest.KernelModel
	Device      *nic.Model
	Personality nic.Personality
	Strategy    sim.StrategySpec
	Packets     int
	Scenario    string
}

// Resolve checks c and resolves its names: the driver's kernel (named by
// the driver, else by c.ABI, else the registry's default), the kernel's
// device unless c.Device names one, the personality and the strategy.
func (c *Config) Resolve() (*Resolved, error) {
	dn, err := guest.ParseDriverName(c.Driver)
	if err != nil {
		return nil, fmt.Errorf("--driver: %w", err)
	}
	kname := dn.Kernel
	if kname == "" {
		kname = c.ABI
	}
	if kname == "" && dn.Kind == guest.DriverPath {
		kname = detectKernel(c)
	}
	if dn.Kind != guest.DriverPath && c.ABI != "" && c.ABI != dn.Kernel {
		return nil, fmt.Errorf("--abi %s does not match %s, which is written for %s", c.ABI, dn, dn.Kernel)
	}
	k, err := guest.LookupKernel(kname)
	if err != nil && dn.Kernel != "" {
		return nil, fmt.Errorf("--driver %s: %w", dn, err)
	}
	if err != nil {
		return nil, fmt.Errorf("--abi: %w", err)
	}
	devName := c.Device
	if devName == "" {
		devName = k.Device
	}
	dev, err := nic.Lookup(devName)
	if err != nil {
		return nil, err
	}
	pers := nic.QEMU // the default, as Defaults sets it
	if c.Personality != "" {
		if pers, err = nic.ParsePersonality(c.Personality); err != nil {
			return nil, err
		}
	}
	strat, err := sim.ParseStrategy(c.Strategy)
	if err != nil {
		return nil, err
	}
	return &Resolved{Driver: dn, Kernel: k, Device: dev, Personality: pers, Strategy: strat, Packets: c.Packets, Scenario: c.Scenario}, nil
}

// graderSteps is about how long a run of a lab grader's program is (5,000
// steps for nettests, 9,000 to 10,000 for nettest with the reference
// drivers).
const graderSteps = 8000

// expectedSteps is about how long a run of the scenario is, for PCT's
// change points: the ping scenario takes about 4000 steps for 64 datagrams.
func (r *Resolved) expectedSteps() uint64 {
	if _, ok := IsGrader(r.Scenario); ok {
		return graderSteps
	}
	return max(1, 4000*uint64(max(r.Packets, 1))/64)
}

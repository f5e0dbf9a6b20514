package harness

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// Config describes one run: what driver, against which device personality,
// doing which scenario, explored with which strategy and seed.
type Config struct {
	Driver   string   // "model:KERNEL", "ref:KERNEL", "zoo:KERNEL/NAME", a path to a C driver or its folder
	Files    []string // more files of a driver in several (pci.c beside eth.c)
	ABI      string   // the kernel a driver file is written for (named drivers know theirs)
	ABIFrom  string   // how Open chose ABI for a driver file: "--abi", or what it recognised in the source
	Device   string   // the device model ("": the kernel's)
	Includes []string // -I directories for a user's driver
	// Attach, TX and RX name the driver's attach, transmit and receive
	// functions for kernels whose drivers choose their own names (JOS:
	// --attach, --tx, --rx); "" lets the kernel find them.
	Attach, TX, RX string
	Bug            string // planted bug of the Go model driver
	Scenario       string // one of the kernel's scenarios (default: its first)
	Personality    string // "qemu" or "strict"
	Packets        int    // datagrams the processes send in all
	Ring           int    // descriptors per ring (model and bundled C drivers)
	CPUs           int    // harts
	Procs          int    // sending processes
	PayloadSize    int    // UDP payload bytes
	Strategy       string // "random", "pct:D"
	Seed           uint64
	MaxSteps       uint64
	MaxTime        sim.Time
	KeepTrace      bool // keep every event for the trace file and reports
	Swarm          bool // draw a swarm of faults for the run (see Faults)
	// Observable keeps only the checks a guest under QEMU could show
	// (panics, hangs, lost and corrupt frames): no ownership, lockdep,
	// freed-page or leak oracles. The agreement with QEMU uses it.
	Observable bool
	// Ordered runs as if the CPU ordered the driver's stores (as if every
	// fence were there): a hunt's second look past a missing fence, which
	// otherwise fails every strict schedule first and hides what else
	// real hardware would show.
	Ordered bool
	// NoSandbox runs a C driver without the sandbox's seccomp trap on its
	// system calls (--sandbox=off); see package sandbox.
	NoSandbox bool
	_         struct{}
}

// Defaults fills unset fields with the standard scenario: the kernel's
// first (xv6: ping, 64 TX + 64 RX echoes), 64 datagrams, rings of 16, 3
// CPUs (at most the kernel's), one process per CPU.
func (c *Config) Defaults() {
	if c.Driver == "" {
		if k, err := guest.LookupKernel(""); err == nil {
			c.Driver = guest.DriverName{Kind: guest.DriverModel, Kernel: k.Name}.String()
		}
	}
	if c.Scenario == "" {
		if rc, err := c.Resolve(); err == nil && len(rc.Kernel.Scenarios) > 0 {
			c.Scenario = rc.Kernel.Scenarios[0]
		}
	}
	if c.Personality == "" {
		c.Personality = "qemu"
	}
	if c.Packets == 0 {
		c.Packets = 64
	}
	if c.Ring == 0 {
		c.Ring = 16
	}
	if c.CPUs == 0 {
		c.CPUs = 3
		if rc, err := c.Resolve(); err == nil && rc.Kernel.MaxCPUs > 0 {
			c.CPUs = min(c.CPUs, maxCPUs(rc.Kernel, c.Scenario))
		}
	}
	if c.Procs == 0 {
		c.Procs = c.CPUs
	}
	if c.PayloadSize == 0 {
		c.PayloadSize = 32
	}
	if c.Strategy == "" {
		c.Strategy = "random"
	}
}

// maxCPUs is the most CPUs a run of the kernel's scenario may have.
func maxCPUs(k *guest.KernelModel, scenario string) int {
	if n := k.ScenarioCPUs[scenario]; n > 0 {
		return n
	}
	return k.MaxCPUs
}

// Validate reports the first bad field, naming it.
func (c *Config) Validate() error {
	rc, err := c.Resolve()
	if err != nil {
		return err
	}
	switch {
	case rc.Kernel.NewWorkload == nil:
		return fmt.Errorf("kernel %s has no workload to run", rc.Kernel.Name)
	case !slices.Contains(rc.Kernel.Scenarios, c.Scenario):
		return fmt.Errorf("unknown scenario %q (known: %s)", c.Scenario, strings.Join(rc.Kernel.Scenarios, ", "))
	case c.Packets < 0 || c.Packets > 1_000_000:
		return fmt.Errorf("packets=%d out of range 0..1000000", c.Packets)
	case c.Ring < 8 || c.Ring > 256 || c.Ring%8 != 0:
		return fmt.Errorf("ring=%d: want a multiple of 8 in 8..256", c.Ring)
	case c.CPUs < 1 || c.CPUs > 8:
		return fmt.Errorf("cpus=%d out of range 1..8", c.CPUs)
	case rc.Kernel.ScenarioCPUs[c.Scenario] > 0 && c.CPUs != rc.Kernel.ScenarioCPUs[c.Scenario]:
		return fmt.Errorf("cpus=%d: scenario %s of kernel %s runs on %d", c.CPUs, c.Scenario, rc.Kernel.Name, rc.Kernel.ScenarioCPUs[c.Scenario])
	case rc.Kernel.MaxCPUs > 0 && c.CPUs > maxCPUs(rc.Kernel, c.Scenario):
		return fmt.Errorf("cpus=%d: kernel %s runs on at most %d", c.CPUs, rc.Kernel.Name, rc.Kernel.MaxCPUs)
	case c.Procs < 1 || c.Procs > 64:
		return fmt.Errorf("procs=%d out of range 1..64", c.Procs)
	case c.PayloadSize < 16 || c.PayloadSize > 1400:
		return fmt.Errorf("payload=%d out of range 16..1400", c.PayloadSize)
	}
	return nil
}

// Params renders the scenario parameters for banners and replay files.
func (c *Config) Params() [][2]string {
	ps := [][2]string{
		{"packets", fmt.Sprint(c.Packets)}, {"ring", fmt.Sprint(c.Ring)}, {"cpus", fmt.Sprint(c.CPUs)},
		{"procs", fmt.Sprint(c.Procs)}, {"payload", fmt.Sprint(c.PayloadSize)}, {"swarm", b2s(c.Swarm)},
	}
	if c.Ordered {
		ps = append(ps, [2]string{"ordered", "1"})
	}
	if len(c.Files) > 0 {
		// The other files of a driver in several, so that a replay file
		// builds the same driver (paths with spaces or commas cannot be
		// recorded; name the folder instead).
		ps = append(ps, [2]string{"files", strings.Join(c.Files, ",")})
	}
	for _, e := range [][2]string{{"attach", c.Attach}, {"tx", c.TX}, {"rx", c.RX}} {
		if e[1] != "" {
			ps = append(ps, e)
		}
	}
	return ps
}

func b2s(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// SetParam sets one scenario parameter by its name in replay files.
func (c *Config) SetParam(key, value string) error {
	switch key {
	case "files":
		c.Files = strings.Split(value, ",")
		return nil
	case "attach":
		c.Attach = value
		return nil
	case "tx":
		c.TX = value
		return nil
	case "rx":
		c.RX = value
		return nil
	}
	n, err := strconv.Atoi(value)
	if err != nil {
		return fmt.Errorf("params: %s=%q is not a number", key, value)
	}
	switch key {
	case "packets":
		c.Packets = n
	case "ring":
		c.Ring = n
	case "cpus":
		c.CPUs = n
	case "procs":
		c.Procs = n
	case "payload":
		c.PayloadSize = n
	case "swarm":
		c.Swarm = n != 0
	case "ordered":
		c.Ordered = n != 0
	default:
		return fmt.Errorf("params: unknown parameter %q", key)
	}
	return nil
}

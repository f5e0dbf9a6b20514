package harness

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// Target is the driver under test, prepared once and used for many runs.
type Target interface {
	// Name is what the user asked for ("model:xv6", "kernel/e1000.c").
	Name() string
	// Hash identifies the driver's content ("-" for the Go model).
	Hash() string
	// Kernel is the kernel the driver is written for.
	Kernel() *guest.KernelModel
	// Prepare adjusts the machine configuration before sim.New (hosted
	// drivers supply their RAM mapping).
	Prepare(cfg *sim.Config)
	// Driver returns the driver for a run on m.
	Driver(m *sim.Machine, c *Config) guest.Driver
	// Exclusive reports whether only one run at a time may use the target.
	Exclusive() bool
	// Close releases the target.
	Close() error
}

// modelTarget is a kernel's Go model driver.
type modelTarget struct {
	kernel *guest.KernelModel
	bug    string
}

func (t *modelTarget) Name() string {
	return guest.DriverName{Kind: guest.DriverModel, Kernel: t.kernel.Name}.String()
}
func (t *modelTarget) Hash() string               { return "-" }
func (t *modelTarget) Kernel() *guest.KernelModel { return t.kernel }
func (t *modelTarget) Prepare(*sim.Config)        {}
func (t *modelTarget) Exclusive() bool            { return false }
func (t *modelTarget) Close() error               { return nil }
func (t *modelTarget) Driver(_ *sim.Machine, c *Config) guest.Driver {
	d, err := t.kernel.ModelDriver(c.Ring, t.bug)
	if err != nil {
		panic(err) // checked by Open
	}
	return d
}

// Open prepares the driver a config names.
func Open(c *Config) (Target, error) {
	if err := c.detectKernel(); err != nil {
		return nil, err
	}
	rc, err := c.Resolve()
	if err != nil {
		return nil, err
	}
	if rc.Driver.Kind == guest.DriverModel {
		if rc.Kernel.ModelDriver == nil {
			return nil, fmt.Errorf("--driver %s: kernel %s has no Go model driver", c.Driver, rc.Kernel.Name)
		}
		if _, err := rc.Kernel.ModelDriver(8, c.Bug); err != nil {
			return nil, fmt.Errorf("--bug: %w", err)
		}
		return &modelTarget{kernel: rc.Kernel, bug: c.Bug}, nil
	}
	if c.Bug != "" {
		return nil, fmt.Errorf("--bug plants bugs in the Go model driver only (driver is %s)", c.Driver)
	}
	return openHosted(c, rc)
}

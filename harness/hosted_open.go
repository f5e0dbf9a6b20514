package harness

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/guest/hosted"
	"github.com/nicsim/nicsim/sandbox"
)

// openHosted reads a C driver's source (bundled for ref: and zoo: names, a
// file otherwise) and opens it with the hosting layer for the resolved
// kernel.
func openHosted(c *Config, rc *Resolved) (Target, error) {
	var (
		src []byte
		err error
	)
	if rc.Driver.Bundled() {
		src, err = csrc.Driver(c.Driver)
	} else {
		src, err = hosted.ReadSource(c.Driver)
	}
	if err != nil {
		return nil, fmt.Errorf("--driver: %w", err)
	}
	if src, err = sizeRings(src, c, rc); err != nil {
		return nil, err
	}
	t, err := openHostedImage(c.Driver, src, rc.Kernel.ABI, c.Includes, c.NoSandbox)
	if err == nil && !c.NoSandbox {
		// sandbox: the driver's system calls become verdicts (SIGSYS).
		if err = sandbox.TrapRange(hosted.DriverMemory()); err != nil {
			t.Close()
			return nil, fmt.Errorf("%w (--sandbox=off runs without it)", err)
		}
	}
	if err != nil && !rc.Driver.Bundled() {
		if k, why, derr := guest.DetectKernel(src); derr == nil && k != rc.Kernel {
			return nil, fmt.Errorf("%s does not build for %s: it looks like %s (%s: %s); run it with --abi %s or without --abi",
				c.Driver, rc.Kernel.Name, k.Name, k.Title, why, k.Name)
		}
	}
	return t, err
}

// detectKernel sets c.ABI for a driver file given without --abi from what
// the kernels recognise in its source, and says so in c.ABIFrom. A file no
// kernel recognises keeps the default kernel (gcc then says what is wrong).
func (c *Config) detectKernel() error {
	dn, err := guest.ParseDriverName(c.Driver)
	if err != nil || dn.Kind != guest.DriverPath {
		return nil // Resolve reports a bad name
	}
	if c.ABI != "" {
		c.ABIFrom = "--abi"
		return nil
	}
	src, err := hosted.ReadSource(c.Driver)
	if err != nil {
		return fmt.Errorf("--driver: %w", err)
	}
	k, why, err := guest.DetectKernel(src)
	if err != nil {
		c.ABIFrom = "default (" + err.Error() + ")"
		return nil
	}
	c.ABI, c.ABIFrom = k.Name, why
	return nil
}

// sizeRings gives a bundled driver rings of c.Ring descriptors (a driver
// file defines its own sizes: --ring other than the default is an error).
func sizeRings(src []byte, c *Config, rc *Resolved) ([]byte, error) {
	if c.Ring == 0 || c.Ring == csrc.DefaultRing {
		return src, nil
	}
	if !rc.Driver.Bundled() {
		return nil, fmt.Errorf("--ring %d: %s sets its own ring sizes (--ring sizes the Go model and the bundled drivers)", c.Ring, c.Driver)
	}
	return csrc.Sized(src, c.Ring)
}

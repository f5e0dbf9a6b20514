package harness

import (
	"fmt"

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
	t, err := openHostedImage(c.Driver, src, rc.Kernel.ABI, c.Includes, c.NoSandbox)
	if err == nil && !c.NoSandbox {
		// sandbox: the driver's system calls become verdicts (SIGSYS).
		if err = sandbox.TrapRange(hosted.DriverMemory()); err != nil {
			t.Close()
			return nil, fmt.Errorf("%w (--sandbox=off runs without it)", err)
		}
	}
	return t, err
}

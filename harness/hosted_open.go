package harness

import (
	"fmt"
	"os"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/guest/hosted"
	"github.com/nicsim/nicsim/sandbox"
)

// openHosted resolves a C driver name (ref:..., zoo:... or a file path),
// reads its source and opens it with the hosting layer.
func openHosted(c *Config) (Target, error) {
	var (
		src []byte
		err error
		abi = c.ABI
	)
	if strings.HasPrefix(c.Driver, "ref:") || strings.HasPrefix(c.Driver, "zoo:") {
		if src, err = csrc.Driver(c.Driver); err != nil {
			return nil, fmt.Errorf("--driver: %w", err)
		}
		if abi, err = csrc.DriverABI(c.Driver); err != nil {
			return nil, fmt.Errorf("--driver: %w", err)
		}
		if c.ABI != "" && c.ABI != abi {
			return nil, fmt.Errorf("--abi %s does not match %s, which is written for %s", c.ABI, c.Driver, abi)
		}
	} else if src, err = os.ReadFile(c.Driver); err != nil {
		return nil, fmt.Errorf("--driver: %w", err)
	}
	a, err := guest.ParseABI(abi)
	if err != nil {
		return nil, fmt.Errorf("--abi: %w", err)
	}
	t, err := openHostedImage(c.Driver, src, a, c.Includes)
	if err == nil && !c.NoSandbox {
		// sandbox: the driver's system calls become verdicts (SIGSYS).
		if err = sandbox.TrapRange(hosted.DriverMemory()); err != nil {
			t.Close()
			return nil, fmt.Errorf("%w (--sandbox=off runs without it)", err)
		}
	}
	return t, err
}

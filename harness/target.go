package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/model"
	"github.com/nicsim/nicsim/sim"
)

// Target is the driver under test, prepared once and used for many runs.
type Target interface {
	// Name is what the user asked for ("model:xv6", "kernel/e1000.c").
	Name() string
	// Hash identifies the driver's content ("-" for the Go model).
	Hash() string
	// ABI is the kernel interface the driver uses.
	ABI() guest.ABI
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

// modelTarget is the Go model driver.
type modelTarget struct {
	abi guest.ABI
	bug model.Bug
}

func (t *modelTarget) Name() string {
	return "model:" + t.abi.String()
}
func (t *modelTarget) Hash() string        { return "-" }
func (t *modelTarget) ABI() guest.ABI      { return t.abi }
func (t *modelTarget) Prepare(*sim.Config) {}
func (t *modelTarget) Exclusive() bool     { return false }
func (t *modelTarget) Close() error        { return nil }
func (t *modelTarget) Driver(_ *sim.Machine, c *Config) guest.Driver {
	return model.New(t.abi, c.Ring, t.bug)
}

// Open prepares the driver a config names.
func Open(c *Config) (Target, error) {
	if rest, ok := strings.CutPrefix(c.Driver, "model:"); ok {
		abi, err := guest.ParseABI(rest)
		if err != nil {
			return nil, fmt.Errorf("--driver %s: %w", c.Driver, err)
		}
		bug, err := model.ParseBug(c.Bug)
		if err != nil {
			return nil, fmt.Errorf("--bug: %w", err)
		}
		return &modelTarget{abi: abi, bug: bug}, nil
	}
	if c.Bug != "" {
		return nil, fmt.Errorf("--bug plants bugs in the Go model driver only (driver is %s)", c.Driver)
	}
	return openHosted(c)
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

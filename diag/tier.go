package diag

import (
	"fmt"

	"github.com/nicsim/nicsim/nic"
)

// Tier says where a finding shows. Lower is more severe: a Lab finding
// happens under QEMU with no injected faults, so the student's kernel really
// has it there.
type Tier int

// Tiers, most severe first.
const (
	Lab      Tier = iota // QEMU's device behaviour, no injected faults
	Hardware             // only the manual's device behaviour (strict), no injected faults
	Faults               // only under injected faults
)

// Tiers lists every tier, most severe first.
var Tiers = []Tier{Lab, Hardware, Faults}

func (t Tier) String() string {
	switch t {
	case Lab:
		return "lab"
	case Hardware:
		return "hardware"
	case Faults:
		return "faults"
	}
	return fmt.Sprintf("tier(%d)", int(t))
}

// ParseTier parses "lab", "hardware" or "faults".
func ParseTier(s string) (Tier, error) {
	for _, t := range Tiers {
		if t.String() == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown tier %q (want lab, hardware or faults)", s)
}

// TierOf is the tier of a run's configuration: injected faults make it
// Faults, else the strict personality makes it Hardware, else Lab.
func TierOf(personality string, faulty bool) Tier {
	switch {
	case faulty:
		return Faults
	case personality == nic.Strict.String():
		return Hardware
	}
	return Lab
}

package nic

import (
	"fmt"
	"strings"
)

// Personality selects whose behaviour a device model follows where QEMU's
// model and the datasheet disagree. Every device model offers both.
type Personality uint8

const (
	// QEMU does what QEMU's model of the device does.
	QEMU Personality = iota
	// Strict does what the datasheet says.
	Strict
)

// Personalities lists every personality in order.
var Personalities = []Personality{QEMU, Strict}

func (p Personality) String() string {
	switch p {
	case QEMU:
		return "qemu"
	case Strict:
		return "strict"
	}
	return fmt.Sprintf("personality(%d)", uint8(p))
}

// ParsePersonality parses a personality's name ("qemu" or "strict").
func ParsePersonality(s string) (Personality, error) {
	for _, p := range Personalities {
		if s == p.String() {
			return p, nil
		}
	}
	names := make([]string, len(Personalities))
	for i, p := range Personalities {
		names[i] = p.String()
	}
	return 0, fmt.Errorf("unknown personality %q (want %s)", s, strings.Join(names, " or "))
}

package guest

import (
	"fmt"
	"strings"
)

// DriverKind says where a driver under test comes from.
type DriverKind uint8

// Kinds of driver names.
const (
	DriverPath  DriverKind = iota // a C file of the user's ("kernel/e1000.c")
	DriverModel                   // "model:KERNEL": the kernel's Go model driver
	DriverRef                     // "ref:KERNEL": the project's reference C driver
	DriverZoo                     // "zoo:KERNEL/NAME": a mutant of the reference driver
)

// DriverName is a --driver argument parsed once: every package takes this,
// not the string.
type DriverName struct {
	Kind   DriverKind
	Kernel string // the kernel the name gives ("" for a path)
	Mutant string // the zoo mutant's name
	Path   string // the file, for DriverPath
}

// ParseDriverName parses "model:K", "ref:K", "zoo:K/NAME" or a path.
func ParseDriverName(s string) (DriverName, error) {
	kind, rest, ok := DriverPath, s, false
	for _, p := range []struct {
		prefix string
		kind   DriverKind
	}{{"model:", DriverModel}, {"ref:", DriverRef}, {"zoo:", DriverZoo}} {
		if rest, ok = strings.CutPrefix(s, p.prefix); ok {
			kind = p.kind
			break
		}
	}
	switch kind {
	case DriverPath:
		if s == "" {
			return DriverName{}, fmt.Errorf("empty driver name")
		}
		return DriverName{Kind: DriverPath, Path: s}, nil
	case DriverZoo:
		k, m, ok := strings.Cut(rest, "/")
		if !ok || k == "" || m == "" {
			return DriverName{}, fmt.Errorf("driver %q: want zoo:KERNEL/NAME", s)
		}
		return DriverName{Kind: DriverZoo, Kernel: k, Mutant: m}, nil
	}
	if rest == "" {
		return DriverName{}, fmt.Errorf("driver %q names no kernel", s)
	}
	return DriverName{Kind: kind, Kernel: rest}, nil
}

// String gives the name back as the user writes it.
func (d DriverName) String() string {
	switch d.Kind {
	case DriverModel:
		return "model:" + d.Kernel
	case DriverRef:
		return "ref:" + d.Kernel
	case DriverZoo:
		return "zoo:" + d.Kernel + "/" + d.Mutant
	}
	return d.Path
}

// Bundled reports whether the driver's source ships with nicsim (ref: and
// zoo: names).
func (d DriverName) Bundled() bool { return d.Kind == DriverRef || d.Kind == DriverZoo }

// DefaultDriver is the name of a driver of kind k for the default kernel
// ("ref:" and the kernel's name), or "" when no kernel is registered.
func DefaultDriver(k DriverKind) string {
	kern, err := LookupKernel("")
	if err != nil {
		return ""
	}
	return DriverName{Kind: k, Kernel: kern.Name, Mutant: "NAME"}.String()
}

// DriverHelp describes the driver names for a command's usage, listing the
// registered kernels.
func DriverHelp() string {
	return "driver under test: model:KERNEL (Go model), ref:KERNEL (reference C driver), zoo:KERNEL/NAME (mutant) or a path to a C driver; kernels: " +
		strings.Join(kernelNamesLocked(), ", ")
}

// KernelHelp describes the kernels for a command's usage.
func KernelHelp() string {
	var parts []string
	for _, k := range Kernels() {
		parts = append(parts, k.Name+" ("+k.Title+")")
	}
	return "kernel a driver file is written for: " + strings.Join(parts, " or ")
}

func kernelNamesLocked() []string {
	kernMu.RLock()
	defer kernMu.RUnlock()
	return kernelNames()
}

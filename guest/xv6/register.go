// Package xv6 is the home of the xv6 kernel model: the registration of both
// net-lab generations with package guest (entry points, kernel services,
// scenarios, the device, the Go model driver). The Go services themselves
// (guest.Kernel, net_rx), the Go model driver (guest/model), the headers,
// reference drivers and zoo (guest/csrc) and the hosted runtime
// (guest/hosted/runtime) are still where they were; they move here next.
package xv6

import (
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/model"
)

func init() {
	guest.RegisterKernel(gen2020)
	guest.RegisterKernel(gen2024)
}

// entries are e1000.c's entry points in both generations.
var entries = []guest.Entry{
	{Name: "e1000_init", Role: guest.EntryInit},
	{Name: "e1000_transmit", Role: guest.EntryTransmit},
	{Name: "e1000_intr", Role: guest.EntryIntr},
}

// coreServices are what both generations give a driver (spinlock.c,
// kalloc.c, printf.c, string.c, proc.c).
var coreServices = []string{
	"initlock", "acquire", "release", "holding", "push_off", "pop_off", "cpuid", "mycpu", "myproc",
	"sleep", "wakeup", "kalloc", "kfree", "printf", "panic", "memset", "memmove", "memcpy", "memcmp",
	"strlen", "strncmp", "strncpy", "safestrcpy", "net_rx",
}

// mbufServices are the 2020-2023 lab's mbuf functions (net.c).
var mbufServices = []string{"mbufalloc", "mbuffree", "mbufpull", "mbufpush", "mbufput", "mbuftrim",
	"mbufq_pushtail", "mbufq_pophead", "mbufq_empty", "mbufq_init"}

var gen2020 = &guest.KernelModel{
	Name: "xv6", Title: "xv6 net lab 2020-2023 (struct mbuf)", ABI: guest.ABIXV6,
	Device: "e1000", Arch: guest.RISCV, Entries: entries, Default: true,
	Services:    append(append([]string(nil), coreServices...), mbufServices...),
	Scenarios:   []string{"ping"},
	ModelDriver: modelDriver(guest.ABIXV6),
	Bugs:        model.BugNames(),
}

var gen2024 = &guest.KernelModel{
	Name: "xv6-2024", Title: "xv6 net lab 2024+ (char *, int)", ABI: guest.ABIXV62024,
	Device: "e1000", Arch: guest.RISCV, Entries: entries,
	Services:    coreServices,
	Scenarios:   []string{"ping"},
	ModelDriver: modelDriver(guest.ABIXV62024),
	Bugs:        model.BugNames(),
}

// modelDriver builds the Go model of the lab driver for one generation.
func modelDriver(abi guest.ABI) func(int, string) (guest.Driver, error) {
	return func(ring int, bug string) (guest.Driver, error) {
		b, err := model.ParseBug(bug)
		if err != nil {
			return nil, err
		}
		return model.New(abi, ring, b), nil
	}
}

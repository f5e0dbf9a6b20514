// Package xv6 is the home of the xv6 kernel model, both net-lab generations
// (2020-2023 with struct mbuf, 2024+ with char* and a length): their
// registration with package guest (entry points, kernel services, scenarios,
// the device, the network code and its policies, the hosted kit, the Go
// model driver), the ping workload (main() running e1000_init, the sending
// processes and the delivery oracles; ping.go), the kernel services
// (guest/xv6/kern: mbufs, pages, net_rx's buffer handling, and
// spinlock.c's push_off nesting as the machine's sim.IntrModel) and the Go
// model driver (guest/xv6/model). Its C sources are embedded in [FS]:
//
//	include/common/             headers shared by the generations
//	include/xv6/, include/xv6-2024/
//	                            stand-in kernel headers per generation
//	drivers/<gen>/ref/e1000.c   the project's reference 82540EM driver
//	zoo/<gen>/<mutant>.mutant   one planted bug: a patch against the reference
//	                            (the format of package csrc)
//	hosted/rt_kernel.c, rt_net.c
//	                            the kernel services of the hosted runtime
//	                            (spinlock.c, proc.c, kalloc.c, printf.c,
//	                            string.c, net.c): the hosted kit's runtime
//
// A student's unmodified kernel/e1000.c compiles against one generation
// with a single include flag, e.g. `-I include/xv6 -DLAB_NET`; the
// per-generation headers reach the shared ones with relative includes
// ("../common/..."), so the whole include tree must be present ([Extract]
// writes it). Drivers are named "ref:<gen>" and "zoo:<gen>/<mutant>"
// ([Driver], [Names], [Mutants]). The compile flags the tests verify, with
// -I include/<gen>:
//
//	host:    gcc -Wall -Werror -O1 -ffreestanding -fno-builtin -DLAB_NET
//	tsan:    host flags plus -fsanitize=thread --param tsan-distinguish-volatile=1 -fPIE
//	riscv64: riscv64-unknown-elf-gcc -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany
//	         -ffreestanding -nostdlib -Wall -Werror -O1 -DLAB_NET
//
// The real riscv guest's C is here too, in kernel/ ([GuestFS]; package
// guest/qemu builds and runs it). Still elsewhere: the hosted runtime's Go handling of the
// services' events (guest/hosted's event loop, which asks the kernel's
// services for mbufs through guest.MbufAllocator), and the interrupt line
// (sim's PLIC, which every kernel's interrupts go through).
package xv6

import (
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/xv6/grade"
	"github.com/nicsim/nicsim/guest/xv6/kern"
	"github.com/nicsim/nicsim/guest/xv6/model"
	"github.com/nicsim/nicsim/guest/xv6/netc"
	"github.com/nicsim/nicsim/stack"
)

func init() {
	gen2020.Detect = detectFor(gen2020.Name)
	gen2024.Detect = detectFor(gen2024.Name)
	gen2020.Hosted = kit(gen2020.Name)
	gen2024.Hosted = kit(gen2024.Name)
	for _, k := range []*guest.KernelModel{gen2020, gen2024} {
		// The lab's grader scenarios after ping (the default).
		k.Scenarios = append(k.Scenarios, grade.Scenarios(k.Name)...)
		k.NewWorkload = workload
	}
	guest.RegisterKernel(gen2020)
	guest.RegisterKernel(gen2024)
}

// workload builds a run of a scenario: a grader's, or ping.
func workload(env guest.WorkloadEnv) guest.Workload {
	if w := grade.New(env); w != nil {
		return w
	}
	if w := netc.NewWorkload(env); w != nil {
		return w // ping with a student's 2024+ net.c: its socket workload
	}
	return newWorkload(env)
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
	Name: "xv6", Title: "xv6 net lab 2020-2023 (struct mbuf)",
	Device: "e1000", Arch: guest.RISCV, Entries: entries, Default: true,
	Services:    append(append([]string(nil), coreServices...), mbufServices...),
	Scenarios:   []string{"ping"},
	NewNet:      func() guest.NetStack { return stack.NewGlue(NetPolicy2020) },
	NewServices: kern.New,
	ModelDriver: modelDriver(false),
	Bugs:        model.BugNames(),
	DriverFile:  "kernel/e1000.c",
}

var gen2024 = &guest.KernelModel{
	Name: "xv6-2024", Title: "xv6 net lab 2024+ (char *, int)",
	Device: "e1000", Arch: guest.RISCV, Entries: entries,
	Services:    coreServices,
	Scenarios:   []string{"ping"},
	NewNet:      func() guest.NetStack { return stack.NewGlue(NetPolicy2024) },
	NewServices: kern.NewPages,
	ModelDriver: modelDriver(true),
	Bugs:        model.BugNames(),
	DriverFile:  "kernel/e1000.c",
	// The socket oracles of a hosted net.c (guest/xv6/netc).
	Classes: netc.Classes,
}

// modelDriver builds the Go model of the lab driver for one generation.
func modelDriver(pages bool) func(int, string) (guest.Driver, error) {
	return func(ring int, bug string) (guest.Driver, error) {
		b, err := model.ParseBug(bug)
		if err != nil {
			return nil, err
		}
		return model.New(pages, ring, b), nil
	}
}

// xv6's net.c for outgoing UDP: TTL 100, IPv4 ID 0, no UDP checksum, no
// padding (the e1000 pads short frames on the wire).
const ttl = 100

// NetPolicy2020 is kernel/net.c of 2020-2023 (guest-abis.md §1): every frame,
// ARP replies included, goes to the broadcast MAC; every ARP request for
// 10.0.2.15 is answered; a failed e1000_transmit makes net.c free the mbuf.
var NetPolicy2020 = stack.Policy{Name: "xv6", DstMAC: stack.BroadcastMAC, TTL: ttl, ARP: stack.ARPRequests,
	FreesOnTransmitError: true}

// NetPolicy2024 is kernel/net.c of 2024 and 2025 (guest-abis.md §2): UDP goes
// to the gateway MAC; only the first ARP packet ever received is answered (to
// the Ethernet source); the result of e1000_transmit is ignored.
var NetPolicy2024 = stack.Policy{Name: "xv6-2024", DstMAC: stack.GatewayMAC, TTL: ttl, ARP: stack.ARPFirstPacket}

package guest

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/stack"
)

// Arch is a kernel's CPU architecture, as far as drivers can tell it apart.
type Arch uint8

const (
	// RISCV is RV64 (xv6): weak memory order, so a store another agent
	// must see needs a fence (__sync_synchronize) before it is published.
	RISCV Arch = iota
	// X86 is i386 (JOS, the 8255x "eth" kernel): total store order, so
	// stores reach memory in program order without fences.
	X86
)

func (a Arch) String() string {
	if a == X86 {
		return "i386"
	}
	return "riscv64"
}

// WeakMemory reports whether stores may become visible to the device out
// of order: the unpublished-store oracle applies only then.
func (a Arch) WeakMemory() bool { return a == RISCV }

// EntryRole is what an entry point of a driver is for.
type EntryRole uint8

// Roles of driver entry points.
const (
	EntryInit     EntryRole = iota // called once at boot
	EntryTransmit                  // called by processes to send a frame
	EntryIntr                      // called from the trap handler
)

// Entry is a driver entry point a kernel calls.
type Entry struct {
	Name string // the C symbol ("e1000_transmit")
	Role EntryRole
}

// KernelModel is a kernel as it registers itself: what drivers for it call
// and are called with, what it runs, and the drivers it ships. One kernel
// family may register several generations (xv6 and xv6-2024).
type KernelModel struct {
	Name   string // "xv6": --abi, the driver names' kernel part, replay files
	Title  string
	Device string // the device model its drivers drive (a nic registry name)
	Arch   Arch
	// Entries are the driver's entry points, Services the kernel functions
	// a driver may call: one list for the Go model, the hosted C runtime
	// and the real guest.
	Entries  []Entry
	Services []string
	// Classes are the verdict classes its workloads report, beyond sim's
	// ([sim.Classes]) and its device's.
	Classes []string
	// Scenarios are the workloads it runs ("ping").
	Scenarios []string
	// NewNet builds the kernel's network code above the driver.
	NewNet func() NetStack
	// NewServices gives a kernel its buffer services.
	NewServices func(k *Kernel) Services
	// ModelDriver builds the Go model driver with rings of ringSlots and a
	// planted bug ("" for none); nil when the kernel has no Go model.
	ModelDriver func(ringSlots int, bug string) (Driver, error)
	// Bugs lists the bugs ModelDriver can plant.
	Bugs []string
	// MaxCPUs bounds the CPUs a run may have (0: no bound); 1 for a
	// uniprocessor kernel, whose drivers exclude their interrupt handler by
	// masking the device's interrupt, not with locks.
	MaxCPUs int
	// DriverResets says the driver writes its own device reset (JOS lab 6:
	// the student's attach function), so a strict device that models how
	// long a reset takes holds it (nic.Config.DriverResets). xv6's reset
	// is the handout's, which only QEMU ever ran: a student cannot fix it.
	DriverResets bool
	// ScenarioCPUs are the CPUs of scenarios that need more than MaxCPUs
	// (JOS's grader scenarios: the kernel and the test on CPU 0, each user
	// environment on its own CPU, the big kernel lock between them); a run
	// of such a scenario has that many by default and at most.
	ScenarioCPUs map[string]int
	// Tree, if set, reads a folder given as --driver that is a source tree
	// of this kernel (a JOS lab folder): the main file's path in the tree
	// and every file the run needs by path ("kern/e1000.c",
	// "net/input.c"); ok false when dir is not such a tree.
	Tree func(dir string) (main string, files map[string][]byte, ok bool, err error)
	// HuntScenarios, if set, gives the scenarios a hunt without
	// --scenario runs for the driver named by --driver (a JOS lab folder:
	// the lab's grader scenarios and ping); nil or an empty list: the
	// kernel's grader scenario, if it has one, and its first scenario.
	HuntScenarios func(driver string) []string
	// Hosted is what the hosted C runtime needs for this kernel's drivers
	// (nil: xv6's headers and services, built into guest/hosted).
	Hosted *HostedKit
	// RealGuest runs its drivers under QEMU for nicsim agree (nil: the
	// xv6 guest of guest/qemu, or none).
	RealGuest RealGuest
	// NewWorkload builds a run of one of the kernel's scenarios
	// (env.Scenario); a kernel without it cannot run.
	NewWorkload func(env WorkloadEnv) Workload
	// Default marks the kernel a driver file is written for when neither
	// its name nor --abi says (one kernel sets it).
	Default bool
	// Detect reports whether a driver's C source is written for this
	// kernel and why ("e1000_transmit(struct mbuf *) at line 96"); nil
	// when the kernel cannot tell. See [DetectKernel].
	Detect func(src []byte) (why string, ok bool)
	// NoGrader says the kernel's course has no make grade (the eth
	// module): a hunt calls its lab tier "lab (QEMU)".
	NoGrader bool
	// DriverFile is where the driver sits in a student's kernel tree
	// ("kernel/e1000.c"): nicsim grade looks for it in each submission.
	DriverFile string
	_          struct{}
}

// Entry returns the name of the entry point with role r.
func (k *KernelModel) Entry(r EntryRole) string {
	for _, e := range k.Entries {
		if e.Role == r {
			return e.Name
		}
	}
	return ""
}

var (
	kernMu  sync.RWMutex
	kernels []*KernelModel
)

// RegisterKernel makes a kernel model known. It panics on a duplicate name:
// registration happens at init.
func RegisterKernel(k *KernelModel) {
	kernMu.Lock()
	defer kernMu.Unlock()
	for _, o := range kernels {
		if o.Name == k.Name {
			panic(fmt.Sprintf("guest: kernel %q registered twice", k.Name))
		}
	}
	kernels = append(kernels, k)
}

// LookupKernel returns the kernel called name ("" for the default kernel);
// an unknown name is an error
// that lists the known ones.
func LookupKernel(name string) (*KernelModel, error) {
	kernMu.RLock()
	defer kernMu.RUnlock()
	for _, k := range kernels {
		if k.Name == name || (name == "" && k.Default) {
			return k, nil
		}
	}
	return nil, fmt.Errorf("unknown kernel %q (known: %s)", name, strings.Join(kernelNames(), ", "))
}

// Kernels returns every registered kernel model, by name.
func Kernels() []*KernelModel {
	kernMu.RLock()
	defer kernMu.RUnlock()
	out := slices.Clone(kernels)
	slices.SortFunc(out, func(a, b *KernelModel) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func kernelNames() []string {
	var s []string
	for _, k := range kernels {
		s = append(s, k.Name)
	}
	slices.Sort(s)
	return s
}

// NetStack is a kernel's network code above the driver (xv6's net.c) as a
// decision function: what it does with a frame the driver delivered, and the
// frames its processes send. The harness executes the decisions.
type NetStack interface {
	// Reset forgets all state, as a reboot would.
	Reset()
	// NetRx decides what the receive path does with frame.
	NetRx(frame []byte) stack.RxAction
	// ReplyRefused says the driver refused the reply of the last NetRx.
	ReplyRefused()
	// AppendPing appends the frame a process's send of a ping builds.
	AppendPing(buf []byte, p stack.Ports, proc uint16, seq uint32, size int) []byte
}

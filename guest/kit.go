package guest

import (
	"context"
	"time"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// HostedKit is what a kernel adds to nicsim's hosted C runtime so that its
// drivers build and run there: the headers its drivers include, its kernel
// services in C, and the files a driver may come without.
type HostedKit struct {
	// Include holds the kernel's headers by path under the include root
	// ("defs.h", or "xv6/defs.h" for a tree whose headers include each
	// other by relative paths).
	Include map[string][]byte
	// IncludeDirs are the directories under the include root its drivers
	// are compiled against (-I), after the user's include directories
	// (nil: the root). First are searched before the user's (xv6's
	// host-built riscv.h must win over a student's).
	IncludeDirs, First []string
	// Runtime holds C files (named rt_*.c, so that their data is the
	// runtime's, not DMA-visible) linked with the runtime and compiled
	// against Include, with Defines (-D) set. They define the kernel's
	// services and, for a kernel whose workload calls its driver by
	// operation, nicsim_kernel_entry.
	Runtime map[string][]byte
	Defines []string
	// Fallback holds driver files given to a driver that comes without a
	// file of that base name (the eth kernel's pci.c and pci.h).
	Fallback map[string][]byte
	// SingleFile says the kernel's drivers come in one file, compiled
	// against the kernel's headers and the user's include directories
	// only: the file's own directory is not searched, since a student's
	// kernel headers sit there (xv6's kernel/e1000.c).
	SingleFile bool
	// MainFile names a single-file driver whose path does not end in .c
	// ("e1000.c").
	MainFile string
	// Bundled returns the files of a bundled driver ("ref:KERNEL" or
	// "zoo:KERNEL/NAME") by base name, the first being the main file.
	Bundled func(d DriverName) (names []string, files map[string][]byte, err error)
	// Ring is the ring size the bundled drivers are written with, and
	// Sized gives a bundled driver's main file rings of n descriptors (nil:
	// --ring sizes the Go model driver only).
	Ring  int
	Sized func(src []byte, n int) ([]byte, error)
	// HeapName names an address inside a page of the kernel heap for
	// traces ("mbuf(0x80fef000).head"), or "" to leave it to the default
	// ("page(0x80fef000)+16"); nil: the default.
	HeapName func(page, off uint64) string
	// Mutants lists the kernel's zoo ("zoo:KERNEL/NAME"), which Bundled
	// builds.
	Mutants func() ([]csrc.Mutant, error)
	// Layout places the image, its RAM and the register window (nil:
	// xv6's, everything at physical = virtual addresses).
	Layout *HostedLayout
	// CFlags are added to the compiler flags of the driver's files (the
	// kernel's dialect and defines), after nicsim's own.
	CFlags []string
	// IncludeParent puts the folder above the driver's file on its include
	// path (JOS: kern/e1000.c includes <kern/e1000.h>).
	IncludeParent bool
	// Companion is the base name of the one other file a single-file
	// driver may come with, which the student writes too and which is
	// hosted beside it (xv6-2024's net.c). It is compiled with
	// CompanionFlags, and, when it is given, the driver's own files with
	// DriverFlags (the taps through which the kernel model sees the calls
	// between the two).
	Companion                   string
	CompanionFlags, DriverFlags []string
	// CompanionRuntime names the files of Runtime linked only when the
	// companion is given (xv6-2024's rt_proc.c): an image without it keeps
	// its layout, and its trace hashes.
	CompanionRuntime []string
	// Compile, if set, says for each other C file of a driver (its path in
	// the tree, "net/input.c") whether it is compiled and with which flags
	// besides the driver's (nil: every file, with the driver's flags). A
	// flag "-I@dir" names dir inside the kit's include folder, "-include
	// FILE" finds FILE there. JOS: a lab's user files are built as the
	// user side, its kern/pci.c is read, not linked.
	Compile func(path string) (flags []string, ok bool)
	// Glue, if set, writes C files compiled with the driver (instrumented,
	// against the kit's headers) that adapt the driver's own entry points
	// to the kit's runtime: JOS drivers name their functions as they like.
	Glue func(in GlueInput) (map[string][]byte, error)
	// StubUndefined links a stand-in for every symbol the driver's files
	// use and neither they nor the runtime define (a function of a kernel
	// file nicsim does not build: env_run, print_trapframe, a helper of the
	// student's kern/pmap.c): a function's ends the run with a verdict
	// naming it when called, a variable's is zeroed memory. Without it such
	// a driver does not link.
	StubUndefined bool
	_             struct{}
}

// GlueInput is what a kit's Glue sees of a driver.
type GlueInput struct {
	Main        string            // the main file's name ("kern/e1000.c")
	Files       map[string][]byte // every file of the driver by base name, the main one included
	IncludeDirs []string          // the user's include directories (a lab folder), searched first
	// Names are the entry points named on the command line by role
	// ("attach", "tx", "rx"); a role not named is found in the files.
	Names map[string]string
}

// HostedLayout is where a kernel's hosted image lives in the host process,
// at the kernel's own addresses: RAM (16 MiB, image then heap) at
// sim.Layout.Virt for the CPUs and sim.Layout.Phys on the device's bus, the
// coroutine stacks right above RAM, the register window at MMIO. Everything
// lies below 4 GiB, so a driver's (uint32_t) casts of pointers lose nothing.
type HostedLayout struct {
	sim.Layout
	// Image is the image's link address, in RAM (JOS: 0xF0100000, where
	// its kernel is linked, physical 1 MiB).
	Image uint64
	// MMIO is the address the driver's register accesses go to (the
	// register window, as mmio_map_region or the kernel maps it).
	MMIO uint64
	// User and UserSize are a window of user pages at fixed addresses
	// (JOS: REQVA's), mapped and accessible to the driver's code; none
	// when UserSize is 0.
	User, UserSize uint64
}

// DefaultHostedLayout is xv6's: RAM and image at 0x80000000, physical =
// virtual, the register window at 0x40000000.
var DefaultHostedLayout = HostedLayout{Layout: sim.DefaultLayout, Image: sim.RAMBase, MMIO: sim.MMIOBase}

// PortBus is a kernel's x86 I/O port space as its drivers reach it with
// in and out instructions (port I/O events of the hosted runtime).
type PortBus interface {
	PortIn(c *sim.CPU, port uint16, width int) uint32
	PortOut(c *sim.CPU, port uint16, width int, v uint32)
}

// KernelCalls handles the kernel calls of a [HostedKit]'s runtime files.
type KernelCalls interface {
	// KernelCall performs call n with arguments a and b on behalf of CPU c.
	// It returns the reply and how long the calling context sleeps before
	// it goes on (0: not at all; [Park]: until the model calls c.Wake).
	KernelCall(c *sim.CPU, n, a, b uint64) (reply uint64, sleep sim.Time)
}

// Park is the sleep of a [KernelCalls] call that parks the calling context
// (a process asleep in xv6's sleep): its CPU blocks ([sim.CPU.Block]) until
// the kernel model wakes it ([sim.CPU.Wake]); interrupt handlers still run
// on that CPU meanwhile.
const Park sim.Time = -1

// Caller is a driver whose entry points a kernel's workload starts by
// operation number ([HostedKit] runtimes: nicsim_kernel_entry(op, a0, a1)).
type Caller interface {
	// Call starts operation op with two arguments as a context named name.
	Call(k *Kernel, name string, op, a0, a1 uint64) sim.Context
}

// Workload is a run of one of a kernel's scenarios: every kernel brings
// its own ([KernelModel.NewWorkload]); the harness only wires it to the
// machine, the wire and the faults.
type Workload interface {
	// Start runs on CPU 0 at boot.
	Start(c *sim.CPU)
	// FromGuest sees each frame the device put on the wire.
	FromGuest(frame []byte)
	// Quiesce runs when nothing can step: liveness oracles, or more work.
	Quiesce(m *sim.Machine)
}

// Busy is a [Workload] that says whether it still has work to do: the
// swarm's spurious interrupts come only while it has. A workload that is
// not a Busy gets none.
type Busy interface {
	Busy() bool
}

// SentCounter is a [Workload] that counts the frames its driver's
// transmit function took, for reports of a run whose datagram count
// (Packets) is not all it sends (JOS: its pings, with the ARP exchange and
// a burst on top).
type SentCounter interface {
	FramesSent() int
}

// WorkloadEnv is what a [Workload] drives and watches.
type WorkloadEnv struct {
	M *sim.Machine
	// K is the kernel; a workload whose kernel has a network stack above
	// the driver sets K.Net.
	K        *Kernel
	Drv      Driver
	Net      NetStack
	Scenario string      // the scenario to run, one of KernelModel.Scenarios
	Settle   sim.Time    // how long the device needs after init
	Packets  int         // datagrams to send
	Payload  int         // UDP payload bytes
	Procs    int         // processes that send them
	Lossy    func() bool // the run's faults may lose frames
	// Overran reports whether the device dropped received frames because
	// its buffer was full, as the manual's device may when the driver is
	// not scheduled for a while: delivery up the stack then weakens to
	// at-most-once, in order.
	Overran func() bool
	// Parser parses frames on the wire (kept from run to run).
	Parser *stack.Parser
	// ArmFaults arms the run's workload faults when the workload begins
	// its work: from then on allocations may fail, and the swarm's receive
	// burst comes settle plus its drawn offset later.
	ArmFaults func(settle sim.Time)
	// CheckLeak is the heap oracle at quiescence: every page still
	// allocated must be a buffer the device's rings can hold.
	CheckLeak func()
	// Sources are the driver's C files, when it is hosted C.
	Sources [][]byte
	// Burst puts n broadcast ARP requests for another host on the wire at
	// once, toward the device (a receive burst).
	Burst func(n int)
	// PeerStats describes what the peer sent and received, for reports.
	PeerStats func() string
	// Observable: keep only what a guest under QEMU could show (see
	// harness.Config.Observable); the workload's own oracles that QEMU
	// cannot show stay off.
	Observable bool
	// Inject puts a frame from the peer on the wire toward the device,
	// arriving after d (plus the wire's jitter, in order): what a test
	// sends the guest from the host (JOS's testinput).
	Inject func(frame []byte, d sim.Time)
	_      struct{}
}

// HostRole is a [Workload] that gives the peer the host's side of a lab's
// grader (its UDP server, DNS answers) for the run.
type HostRole interface {
	HostServer() *stack.HostServer
}

// Grading is a [Workload] that scores a lab grader's subtests: their
// results in the run that ended with verdict v.
type Grading interface {
	Grade(v *sim.Verdict) []grader.Result
}

// RealGuest runs a kernel's drivers on its real guest build under QEMU
// (for nicsim agree): the guest's package sets KernelModel.RealGuest at
// init, since it builds on the kernel's home.
type RealGuest interface {
	// RunReal builds the guest with the driver's files (base name to
	// content), runs its workload of pings datagrams in lockstep and
	// judges it.
	RunReal(ctx context.Context, files map[string][]byte, pings int, opt RealOptions) (*RealResult, error)
}

// RealOptions are the knobs of a real guest run.
type RealOptions struct {
	Timeout     time.Duration // bound of the run (0: the guest's default)
	ArtifactDir string        // receives the pcap and the console, if set
	// Names are the driver's entry points named by the user, by role
	// ("attach", "tx", "rx": JOS's --attach, --tx, --rx); a role not named
	// is found in the files, as the simulation finds it.
	Names map[string]string
	// Payload is the UDP payload bytes of each ping, where the guest's
	// workload takes it (0: the guest's default).
	Payload int
	// IncludeDirs are the user's driver's include directories as its
	// simulated build has them, where the real guest finds the headers the
	// files include beyond those beside them.
	IncludeDirs []string
	_           struct{}
}

// RealResult is a real guest run's outcome.
type RealResult struct {
	// Class is the verdict in the vocabulary of package agree ("pass",
	// "hang", "lost-packet", "panic:WORD", "wrong-callback",
	// "corrupt-frame"); GuestClass the guest's own name for it.
	Class, GuestClass, Message string
	Frames                     [][]byte // the frames the guest transmitted
	Console, PcapPath          string
	Wall                       time.Duration
}

package jos

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"

	_ "embed"
)

func init() { guest.RegisterKernel(KernelModel) }

// KERNBASE is where JOS maps physical memory (inc/memlayout.h).
const KERNBASE = 0xF0000000

// MMIOWindow is where mmio_map_region puts BAR0: MMIOBASE plus the page
// the local APIC takes first, as under JOS.
const MMIOWindow = 0xEF801000

// HostedLayout is JOS's in the hosted runtime: RAM at KERNBASE over
// physical 0, the image linked at 0xF0100000 (physical 1 MiB) as JOS's
// kernel is, the register window where mmio_map_region maps it.
var HostedLayout = guest.HostedLayout{
	Layout: sim.Layout{Phys: 0, Virt: KERNBASE},
	Image:  KERNBASE + 0x100000,
	MMIO:   MMIOWindow,
	// User pages at fixed addresses: REQVA and the 20 pages below it
	// (net/ns.h), and what students put near them.
	User: UserWindow, UserSize: UserWindowSize,
}

// UserWindow is where the environments may map pages at fixed user
// addresses (REQVA = 0x0ffeb000 lies inside); UserWindowSize its size.
const (
	UserWindow     = 0x0FF00000
	UserWindowSize = 0x100000
)

// KernelModel is JOS lab 6 as it registers with package guest: an i386
// uniprocessor kernel (x86 memory order, one kernel entry at a time under
// the big kernel lock) whose drivers drive the 82540EM through the
// register window mmio_map_region gives them.
var KernelModel = &guest.KernelModel{
	Name: ABI, Title: "JOS lab 6 (MIT 6.828, i386)",
	Device: "e1000", Arch: guest.X86, MaxCPUs: 1,
	// The student writes the whole attach function, reset included.
	DriverResets: true,
	Services:     Services(Kernel),
	Scenarios:    []string{"ping", ScenarioTestOutput, ScenarioTestInput},
	// The environment oracles of the grader scenarios.
	Classes: []string{ClassInputPageReuse, ClassOutputDrop, ClassUncheckedPointer},
	// The grader scenarios: the kernel and the test on CPU 0, the output
	// and input environments on CPUs 1 and 2.
	ScenarioCPUs:  map[string]int{ScenarioTestOutput: 3, ScenarioTestInput: 3},
	Tree:          Tree,
	HuntScenarios: huntScenarios,
	NewNet:        func() guest.NetStack { return stack.NewGlue(NetPolicy) },
	NewServices:   newKernel,
	Hosted:        kit(),
	NewWorkload:   newWorkload,
	Detect:        Detect,
	DriverFile:    "kern/e1000.c",
}

// NetPolicy is the JOS workload's network code: UDP to the gateway's MAC,
// ARP requests for 10.0.2.15 answered.
var NetPolicy = stack.Policy{Name: ABI, DstMAC: stack.GatewayMAC, TTL: 64, ARP: stack.ARPRequests}

// josMark matches what only a JOS driver has: its kernel headers, a
// struct pci_func * parameter, mmio_map_region.
var josMark = regexp.MustCompile(`#\s*include\s*[<"](kern/pmap\.h|kern/pci\.h|kern/e1000\.h|inc/[a-z]+\.h)[>"]|\bmmio_map_region\s*\(|struct\s+pci_func\s*\*`)

// Detect is the kernel's detection: a driver that includes JOS's kern/ or
// inc/ headers, calls mmio_map_region or takes a struct pci_func *.
func Detect(src []byte) (string, bool) {
	loc := josMark.FindIndex(src)
	if loc == nil {
		return "", false
	}
	line := 1 + strings.Count(string(src[:loc[0]]), "\n")
	return fmt.Sprintf("%s at line %d", strings.TrimSpace(string(src[loc[0]:loc[1]])), line), true
}

//go:embed hosted/rt_jos.c
var rtJOS []byte

//go:embed hosted/rt_jos_env.c
var rtJOSEnv []byte

//go:embed hosted/rt_jos_trap.c
var rtJOSTrap []byte

//go:embed hosted/int30.h
var int30H []byte

//go:embed hosted/x86host.h
var x86hostH []byte

//go:embed hosted/lone/lone.h
var loneH []byte

//go:embed hosted/lone/lone_syscall.c
var loneSyscall []byte

// loneFiles are the lab files a driver given alone gets: nicsim's own
// environments (the reference lab's, over lone.h's two net calls) and
// kern/syscall.c, which calls the driver through nicsim_glue.c.
func loneFiles() map[string][]byte {
	ref := refTree()
	pre := []byte("#include <nicsim/lone.h>\n")
	out := map[string][]byte{"kern/syscall.c": loneSyscall}
	names := strings.NewReplacer("E_TX_FULL", "NICSIM_E_TX_FULL", "E_RX_EMPTY", "NICSIM_E_RX_EMPTY",
		"sys_net_try_send", "nicsim_sys_net_send", "sys_net_try_recv", "nicsim_sys_net_recv",
		"SYS_net_try_send", "NICSIM_SYS_NET_SEND", "SYS_net_try_recv", "NICSIM_SYS_NET_RECV")
	for _, p := range []string{"lib/syscall.c", "net/input.c", "net/output.c"} {
		out[p] = append(append([]byte{}, pre...), names.Replace(string(ref[p]))...)
	}
	return out
}

// kit is what the hosted runtime needs for JOS drivers.
func kit() *guest.HostedKit {
	inc := map[string][]byte{}
	err := fs.WalkDir(FS, IncludeDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := FS.ReadFile(p)
		inc[strings.TrimPrefix(p, IncludeDir+"/")] = b
		return err
	})
	if err != nil {
		panic(err) // embedded
	}
	inc["nicsim/int30.h"] = int30H
	inc["nicsim/x86host.h"] = x86hostH
	inc["nicsim/lone.h"] = loneH
	lay := HostedLayout
	return &guest.HostedKit{
		Include:       inc,
		Runtime:       map[string][]byte{"rt_jos.c": rtJOS, "rt_jos_env.c": rtJOSEnv, "rt_jos_trap.c": rtJOSTrap},
		Compile:       compileFile,
		Fallback:      loneFiles(),
		Bundled:       bundled,
		Mutants:       zooMutants,
		Layout:        &lay,
		CFlags:        hostedFlags,
		IncludeParent: true,
		Glue:          Glue,
		// A real lab's kern/syscall.c calls env_run, env_free, ... on
		// paths the scenarios never take.
		StubUndefined: true,
	}
}

// hostedFlags are the lab's flags as the hosted x86-64 build takes them:
// the dialect and the warnings, without -m32 and -Werror (the pointer
// casts of an i386 driver warn on x86-64, where they lose nothing below
// 4 GiB), the kernel's define, no system headers, and x86host.h's
// assembler macros for inc/x86.h's i386 pushfl/popl (read_eflags).
var hostedFlags = []string{"-std=gnu99", "-nostdinc", "-Wall", "-Wno-format", "-Wno-unused",
	"-Wno-pointer-to-int-cast", "-Wno-int-to-pointer-cast", "-DJOS_KERNEL", "-include", "nicsim/x86host.h"}

// zooMutants lists the JOS zoo as csrc mutants.
func zooMutants() ([]csrc.Mutant, error) {
	ms, err := Mutants()
	if err != nil {
		return nil, err
	}
	out := make([]csrc.Mutant, len(ms))
	for i, m := range ms {
		out[i] = m.Mutant
	}
	return out, nil
}

// bundled gives ref:jos and zoo:jos/NAME: the kernel's files of the lab
// (kern/e1000.c first, kern/e1000.h, kern/pci.c).
func bundled(d guest.DriverName) ([]string, map[string][]byte, error) {
	tree, err := Lab(d.String())
	if err != nil {
		return nil, nil, err
	}
	names := []string{"kern/e1000.c"}
	files := map[string][]byte{}
	// The system calls and the environments too: the grader scenarios
	// (testoutput, testinput) run them.
	for _, p := range treeFiles {
		if b, ok := tree[p]; ok {
			files[p] = b
		}
	}
	// inc/ headers the student's lab adds (error codes, ...) come from
	// its tree too: the driver includes <inc/error.h>.
	for p, b := range tree {
		if strings.HasPrefix(p, "inc/") {
			files[p] = b
		}
	}
	return names, files, nil
}

// huntScenarios are what a hunt without --scenario runs for driver: a lab
// folder (net/ and kern/syscall.c beside kern/e1000.c) runs the lab's
// grader scenarios, testoutput and testinput, and ping; anything else
// (a lone kern/e1000.c, ref:jos) the kernel's default, ping.
func huntScenarios(driver string) []string {
	if _, _, ok, err := Tree(driver); !ok || err != nil {
		return nil
	}
	return []string{ScenarioTestOutput, ScenarioTestInput, "ping"}
}

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
}

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
	Scenarios:    []string{"ping"},
	NewNet:       func() guest.NetStack { return stack.NewGlue(NetPolicy) },
	NewServices:  newKernel,
	Hosted:       kit(),
	NewWorkload:  newWorkload,
	Detect:       Detect,
	DriverFile:   "kern/e1000.c",
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
	lay := HostedLayout
	return &guest.HostedKit{
		Include:       inc,
		Runtime:       map[string][]byte{"rt_jos.c": rtJOS},
		Bundled:       bundled,
		Mutants:       zooMutants,
		Layout:        &lay,
		CFlags:        hostedFlags,
		IncludeParent: true,
		Glue:          Glue,
	}
}

// hostedFlags are the lab's flags as the hosted x86-64 build takes them:
// the dialect and the warnings, without -m32 and -Werror (the pointer
// casts of an i386 driver warn on x86-64, where they lose nothing below
// 4 GiB), the kernel's define and no system headers.
var hostedFlags = []string{"-std=gnu99", "-nostdinc", "-Wall", "-Wno-format", "-Wno-unused",
	"-Wno-pointer-to-int-cast", "-Wno-int-to-pointer-cast", "-DJOS_KERNEL"}

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
	for _, p := range []string{"kern/e1000.c", "kern/e1000.h"} {
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

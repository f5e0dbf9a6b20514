package xv6

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/csrc"
	"github.com/nicsim/nicsim/guest/xv6/kern"
	"github.com/nicsim/nicsim/guest/xv6/netc"
)

// overrideRiscv replaces a student's riscv.h (RISC-V CSR accessors in
// inline asm) with nicsim's, whose accessors are host no-ops.
const overrideRiscv = "/* nicsim: host build of riscv.h (CSR accessors are no-ops). */\n" +
	"#include \"../common/xv6_riscv.h\"\n"

// kit is what the hosted runtime needs for drivers of generation gen: the
// include tree (both generations and common/, whose headers include each
// other by relative paths) with the host-built riscv.h searched before the
// user's directories, the kernel services in hosted/ (built with
// NICSIM_ABI_2024 for the 2024 generation), the bundled drivers sized to
// the run's rings, and the generation's zoo.
func kit(gen string) *guest.HostedKit {
	inc := map[string][]byte{"override/riscv.h": []byte(overrideRiscv)}
	err := fs.WalkDir(FS, "include", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := FS.ReadFile(p)
		inc[strings.TrimPrefix(p, "include/")] = b
		return err
	})
	if err != nil {
		panic(err) // embedded
	}
	k := &guest.HostedKit{
		Include: inc, IncludeDirs: []string{gen}, First: []string{"override"},
		Runtime:    map[string][]byte{"rt_kernel.c": mustRead("hosted/rt_kernel.c"), "rt_net.c": mustRead("hosted/rt_net.c")},
		SingleFile: true, MainFile: DriverFile,
		// A student's own defs.h declares kernel functions nicsim does not
		// model (statsinc, a helper of their kernel): the driver links, and
		// a call that happens ends the run naming the function.
		StubUndefined: true,
		Bundled:       bundled, Ring: DefaultRing, Sized: Sized, Mutants: mutantsOf(gen),
	}
	if gen == gen2024.Name {
		k.Defines = []string{"NICSIM_ABI_2024"}
		// The student's kernel/net.c, hosted beside e1000.c when given:
		// its calls of e1000_transmit and the driver's of net_rx go through
		// rt_proc.c's taps, which tell the kernel model (guest/xv6/netc).
		k.Companion = netc.File
		k.CompanionFlags = []string{"-De1000_transmit=nicsim_net_tx_tap"}
		k.DriverFlags = []string{"-Dnet_rx=nicsim_net_rx_tap"}
		k.Runtime["rt_proc.c"] = mustRead("hosted/rt_proc.c")
		k.CompanionRuntime = []string{"rt_proc.c"}
		own := k.Mutants
		k.Mutants = func() ([]csrc.Mutant, error) {
			ms, err := own()
			if err != nil {
				return nil, err
			}
			nm, err := netc.Mutants(gen)
			return append(ms, nm...), err
		}
	} else {
		k.HeapName = mbufHeapName
	}
	return k
}

func mustRead(p string) []byte {
	b, err := FS.ReadFile(p)
	if err != nil {
		panic(err) // embedded
	}
	return b
}

// bundled gives ref:GEN and zoo:GEN/NAME as one file, e1000.c, and a
// net.c mutant (zoo:GEN/net-NAME) as the reference e1000.c and its net.c.
func bundled(d guest.DriverName) ([]string, map[string][]byte, error) {
	if !d.Bundled() {
		return nil, nil, fmt.Errorf("xv6: no bundled driver %s", d)
	}
	if net, ok, err := netc.MutantNet(d); ok {
		if err != nil {
			return nil, nil, err
		}
		ref, err := Driver("ref:" + d.Kernel)
		return []string{DriverFile, netc.File}, map[string][]byte{DriverFile: ref, netc.File: net}, err
	}
	src, err := Driver(d.String())
	if err != nil {
		return nil, nil, err
	}
	return []string{DriverFile}, map[string][]byte{DriverFile: src}, nil
}

// mbufFields are xv6's net.h fields of an mbuf (2020-2023), as
// guest/xv6/kern lays mbufs out: next@0, head@8, len@16, buf@20.
var mbufFields = []struct {
	name string
	off  uint64
}{{"next", 0}, {"head", 8}, {"len", 16}, {"buf", 20}}

// mbufHeapName names an address in a heap page by the fields of the mbuf
// the page holds ("mbuf(0x80fef000).head", "mbuf(0x80fef000).buf[128]"),
// or "" past the mbuf (the page's default name).
func mbufHeapName(p, off uint64) string {
	for i := len(mbufFields) - 1; i >= 0; i-- {
		f := mbufFields[i]
		if off < f.off {
			continue
		}
		switch {
		case f.name == "buf" && off < f.off+kern.MbufSize:
			return fmt.Sprintf("mbuf(%#x).buf[%d]", p, off-f.off)
		case f.name == "buf":
			return ""
		case off == f.off:
			return fmt.Sprintf("mbuf(%#x).%s", p, f.name)
		default:
			return fmt.Sprintf("mbuf(%#x).%s+%d", p, f.name, off-f.off)
		}
	}
	return ""
}

package xv6

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/xv6/kern"
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
		Bundled: bundled, Ring: DefaultRing, Sized: Sized, Mutants: mutantsOf(gen),
	}
	if gen == gen2024.Name {
		k.Defines = []string{"NICSIM_ABI_2024"}
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

// bundled gives ref:GEN and zoo:GEN/NAME as one file, e1000.c.
func bundled(d guest.DriverName) ([]string, map[string][]byte, error) {
	if !d.Bundled() {
		return nil, nil, fmt.Errorf("xv6: no bundled driver %s", d)
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

package xv6

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/nicsim/nicsim/guest"
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

package harness

import (
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/hosted"
	"github.com/nicsim/nicsim/sim"
)

// hostedTarget is a C driver compiled and loaded by guest/hosted. Its image
// sits at fixed addresses, so runs use it one at a time.
type hostedTarget struct {
	name string
	img  *hosted.Image
	h    *hosted.Host
	srcs [][]byte // the driver's files, for a kernel workload that reads them
	// kernel is the kernel the driver is built for.
	kernel *guest.KernelModel
}

// Sources returns the driver's source files (for kernel workloads).
func (t *hostedTarget) Sources() [][]byte { return t.srcs }

func (t *hostedTarget) Name() string               { return t.name }
func (t *hostedTarget) Hash() string               { return "sha256:" + t.img.Hash() }
func (t *hostedTarget) Kernel() *guest.KernelModel { return t.kernel }
func (t *hostedTarget) Exclusive() bool {
	return true
}
func (t *hostedTarget) Close() error { return t.h.Close() }

func (t *hostedTarget) Prepare(cfg *sim.Config) { *cfg = t.h.Config(*cfg) }

func (t *hostedTarget) Driver(m *sim.Machine, _ *Config) guest.Driver {
	t.h.Attach(m)
	return t.h.Driver()
}

// DriverMemory is the address range of the loaded driver's code, data,
// heap and stacks, whose system calls the sandbox traps.
func (t *hostedTarget) DriverMemory() (lo, hi uint64) { return t.img.DriverMemory() }

// Image is the loaded driver image (its layout, symbols and ELF).
func (t *hostedTarget) Image() *hosted.Image { return t.img }

// ELF is the driver image (with DWARF), for debuggers.
func (t *hostedTarget) ELF() []byte { return t.img.ELF() }

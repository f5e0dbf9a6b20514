package jos

import (
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// Kernel calls of rt_jos.c (EV_KCALL).
const (
	kcPCIEnable = 1
	kcMMIOMap   = 2
	kcIRQMask   = 3
	kcAttached  = 4
	kcTime      = 5
)

// BAR0 of QEMU's 82540EM as JOS's pci_func_enable reads it, and its size.
const (
	bar0     = 0xFEBC0000
	bar0Size = 0x20000
)

var kindKCall = sim.RegisterKind("jos.kcall", func(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("%s %#x %#x", e.S, e.A, e.B)
})

// kernel is the JOS kernel model of one run: the kernel calls of the
// runtime (PCI, mmio_map_region, the 8259A mask) and the workload's buffers.
type kernel struct {
	guest.PageBuffers // the workload's buffers
	k                 *guest.Kernel
	enabled           bool   // pci_func_enable ran
	mapped            bool   // mmio_map_region gave the register window
	irqMask           uint16 // the 8259A mask the driver set
	attached          int64  // the attach function's return value
	// env handles the kernel calls of user environments (the grader
	// scenarios; nil at the driver level).
	env *envCalls
}

var (
	_ guest.Services    = (*kernel)(nil)
	_ guest.KernelCalls = (*kernel)(nil)
)

// newKernel is the registered NewServices.
func newKernel(k *guest.Kernel) guest.Services {
	return &kernel{PageBuffers: guest.PageBuffers{K: k, Name: "jos"}, k: k, irqMask: 0xFFFF &^ (1 << 2)}
}

// timeMsecCost is the virtual time a kernel call of time_msec takes.
const timeMsecCost = 100 * sim.Microsecond

// KernelCall implements guest.KernelCalls.
func (s *kernel) KernelCall(c *sim.CPU, n, a, b uint64) (uint64, sim.Time) {
	m := s.k.M
	switch n {
	case kcPCIEnable:
		s.enabled = true
		m.EmitS(c.Source(), kindKCall, "pci_func_enable", a, 0, 0)
	case kcMMIOMap:
		m.EmitS(c.Source(), kindKCall, "mmio_map_region", a, b, 0)
		if a != bar0 || b == 0 || b > bar0Size {
			m.Fail(sim.ClassConfig, "mmio_map_region(%#x, %#x) maps no register window: the e1000's BAR0 is reg_base[0] = %#x, reg_size[0] = %#x after pci_func_enable",
				a, b, bar0, bar0Size)
			return 0, 0
		}
		s.mapped = true
		return MMIOWindow, 0
	case kcIRQMask:
		s.irqMask = uint16(a)
		m.EmitS(c.Source(), kindKCall, "irq_setmask_8259A", a, 0, 0)
	case kcAttached:
		s.attached = int64(a)
		m.EmitS(c.Source(), kindKCall, "attach returned", a, 0, 0)
	case kcTime:
		// time_msec: JOS counts 10 ms timer ticks. A call takes
		// timeMsecCost of virtual time, so that a driver waiting with
		// time_msec (after a reset) sees time pass.
		return uint64(m.Now()/(10*sim.Millisecond)) * 10, timeMsecCost
	default:
		if s.env != nil && n >= kcSyscall {
			return s.env.KernelCall(c, n, a, b)
		}
		m.Fail(sim.ClassInternal, "jos: unknown kernel call %d", n)
	}
	return 0, 0
}

// NetRx implements guest.Services: JOS drivers hand frames to their caller,
// never to net_rx.
func (s *kernel) NetRx(c *sim.CPU, buf uint64, n int) []byte {
	s.k.M.Fail(sim.ClassInternal, "jos: net_rx called by a JOS driver")
	return nil
}

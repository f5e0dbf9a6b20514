package eth

import (
	"fmt"
	"slices"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// The machine the eth kernel model gives a driver: one PCI device, the NIC
// its kernel registers with, at bus 0 slot pciSlot, its I/O window at
// ioBase (BAR1), its MMIO window at mmioBase (BAR0), interrupt line irqLine
// (vector irqLine + 0x20 through the 8259 pair).
const (
	pciSlot = 3
	ioBase  = 0xC000
	// mmioBase is BAR0: the hosted runtime's register window (the
	// default layout's, sim.MMIOBase), where a driver that reaches the
	// CSRs through memory (volatile pointers at BAR0) finds them.
	mmioBase   = uint32(sim.MMIOBase)
	irqLine    = 11
	vectorBase = 0x20
	// IRQVector is the vector the driver installs its handler at.
	IRQVector = irqLine + vectorBase
	pciAddr   = 0xCF8
	pciData   = 0xCFC
	pic1      = 0x20
	pic2      = 0xA0
	eoi       = 0x20
	// specificEOI | IR is the 8259's specific EOI of one input.
	specificEOI = 0x60
)

// Kernel calls of rt_eth.c (EV_KCALL).
const (
	kcDelay    = 1
	kcISR      = 2
	kcCmd      = 3
	kcRx       = 4
	kcCallback = 5
)

// Trace kinds of the eth kernel model: port accesses outside the device's
// window (PCI configuration, PICs) and kernel calls.
var (
	kindPortIn  = sim.RegisterKind("port.in", fmtPort)
	kindPortOut = sim.RegisterKind("port.out", fmtPort)
	kindKCall   = sim.RegisterKind("eth.kcall", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("%s %#x %#x", e.S, e.A, e.B)
	})
)

func fmtPort(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("port=%#x/%d value=%#x", e.A, e.C, e.B)
}

// kernel is the eth kernel model of one run: the port space (device window,
// PCI configuration mechanism #1, the PICs), the interrupt vectors, and
// the kernel calls the runtime makes for the workload.
type kernel struct {
	guest.PageBuffers // the workload's buffers
	k                 *guest.Kernel
	cfgAddr           uint32 // the last value written to 0xCF8
	command           uint16 // PCI command register
	bar               [2]uint32
	isr               uint64 // handler installed at IRQVector, 0 if none
	// vectors are the other vectors the driver installed handlers at (a
	// handler at the IRQ line itself, without the 0x20, never runs).
	vectors []uint64
	// inService: the slave PIC has IRQ irqLine in service (the handler was
	// entered and has sent no EOI to 0xA0 yet); the line is masked.
	inService bool
	wl        *workload
	// buffers counts the workload's transmit buffers still allocated
	// (NewBuffer less FreeBuffer): the eth kernel has no allocator, so
	// every heap page is one of these.
	buffers int
}

var (
	_ guest.Services    = (*kernel)(nil)
	_ guest.PortBus     = (*kernel)(nil)
	_ guest.KernelCalls = (*kernel)(nil)
)

// newKernel is the registered NewServices.
func newKernel(k *guest.Kernel) guest.Services {
	return &kernel{PageBuffers: guest.PageBuffers{K: k, Name: "eth"}, k: k, command: 0x0003, bar: [2]uint32{mmioBase, ioBase | 1}}
}

// PortIn implements guest.PortBus.
func (s *kernel) PortIn(c *sim.CPU, port uint16, width int) uint32 {
	if off, ok := s.ioWindow(port, width); ok {
		return s.k.RegRead(c, nic.Port, off, width)
	}
	v := s.portIn(port, width)
	s.k.M.Emit(c.Source(), kindPortIn, uint64(port), uint64(v), uint64(width))
	return v
}

// PortOut implements guest.PortBus.
func (s *kernel) PortOut(c *sim.CPU, port uint16, width int, v uint32) {
	if off, ok := s.ioWindow(port, width); ok {
		s.k.RegWrite(c, nic.Port, off, width, v)
		return
	}
	s.k.M.Emit(c.Source(), kindPortOut, uint64(port), uint64(v), uint64(width))
	switch {
	case port == pciAddr && width == 4:
		s.cfgAddr = v
	case port >= pciData && port < pciData+4:
		s.configWrite(uint8(s.cfgAddr)&0xFC|uint8(port-pciData), width, v)
	case port == pic2 && (v == eoi || v == specificEOI|(irqLine-8)):
		// The master is in auto-EOI (as in the real guest): the
		// slave's EOI completes IRQ 11.
		if s.inService {
			s.inService = false
			s.k.M.SetIRQMasked(false)
		}
	}
}

// ioWindow maps a port to an offset of the device's I/O window when the
// command register enables I/O space.
func (s *kernel) ioWindow(port uint16, width int) (uint32, bool) {
	base := s.bar[1] &^ 3
	size := uint32(0x40)
	if w, ok := s.k.Model.Window(nic.Port); ok {
		size = w.Size
	}
	off := uint32(port) - base
	return off, s.command&1 != 0 && uint32(port) >= base && off+uint32(width) <= size
}

// portIn reads PCI configuration data and unclaimed ports (all ones).
func (s *kernel) portIn(port uint16, width int) uint32 {
	switch {
	case port == pciAddr && width == 4:
		return s.cfgAddr
	case port >= pciData && port < pciData+4:
		off := uint8(s.cfgAddr)&0xFC | uint8(port-pciData)
		v := s.configRead(off&0xFC) >> (8 * (off & 3))
		return v & mask(width)
	}
	return mask(width)
}

func mask(width int) uint32 { return uint32(1)<<(8*width) - 1 }

// selected reports whether 0xCF8 addresses our device (enable bit, bus 0,
// slot pciSlot, function 0).
func (s *kernel) selected() bool {
	a := s.cfgAddr
	return a&0x80000000 != 0 && (a>>16)&0xFF == 0 && (a>>11)&0x1F == pciSlot && (a>>8)&7 == 0
}

// configRead is the dword at off of the device's configuration space, from
// the device model's PCI identity; an empty slot reads all ones.
func (s *kernel) configRead(off uint8) uint32 {
	if !s.selected() {
		return 0xFFFFFFFF
	}
	m := s.k.Model
	switch off {
	case 0x00:
		return uint32(m.DeviceID)<<16 | uint32(m.VendorID)
	case 0x04:
		return 0x0290<<16 | uint32(s.command) // status: fast back-to-back, medium DEVSEL, capabilities
	case 0x08:
		return 0x02000000 | 0x08 // Ethernet controller, revision 8 (82559ER family as QEMU)
	case 0x10:
		return s.bar[0]
	case 0x14:
		return s.bar[1]
	case 0x2C:
		return uint32(m.DeviceID)<<16 | uint32(m.VendorID)
	case 0x3C:
		return 0x18<<24 | 0x08<<16 | 1<<8 | irqLine // max latency, min grant, INTA#, line
	}
	return 0
}

// configWrite stores the writable parts: the command register and the
// BARs (sizing with all ones reads back the window's size).
func (s *kernel) configWrite(off uint8, width int, v uint32) {
	if !s.selected() {
		return
	}
	switch {
	case off&0xFC == 0x04 && off&3 == 0:
		s.command = uint16(v) & 0x0547
	case off == 0x10:
		s.bar[0] = v&^0xFFF | 0 // 4 KiB memory BAR
	case off == 0x14:
		s.bar[1] = v&^0x3F | 1 // 64-byte I/O BAR
	}
	_ = width
}

// KernelCall implements guest.KernelCalls.
func (s *kernel) KernelCall(c *sim.CPU, n, a, b uint64) (uint64, sim.Time) {
	switch n {
	case kcDelay:
		s.k.M.EmitS(c.Source(), kindKCall, "__delay", a, 0, 0)
		if a == 0 {
			return 0, sim.Microsecond
		}
		return 0, sim.Time(a) * 100 * sim.Millisecond
	case kcISR:
		s.k.M.EmitS(c.Source(), kindKCall, "__install_isr", a, b, 0)
		if a == IRQVector {
			s.isr = b
			s.k.M.SetIRQMasked(b == 0 || s.inService) // __install_isr unmasks the IRQ
		} else if !slices.Contains(s.vectors, a) {
			s.vectors = append(s.vectors, a)
		}
	case kcCmd, kcRx, kcCallback:
		if s.wl != nil {
			s.wl.kernelCall(c, n, a, b)
		}
	default:
		s.k.M.Fail(sim.ClassInternal, "eth: unknown kernel call %d", n)
	}
	return 0, 0
}

// NewBuffer implements guest.Services: the workload's transmit buffer
// (guest.PageBuffers), counted, as the eth kernel has no allocator: every
// heap page is one of these (the workload's HeldPages).
func (s *kernel) NewBuffer(frame []byte) (uint64, int) {
	s.buffers++
	return s.PageBuffers.NewBuffer(frame)
}

// FreeBuffer implements guest.Services.
func (s *kernel) FreeBuffer(buf uint64, where string) {
	s.buffers--
	s.PageBuffers.FreeBuffer(buf, where)
}

// NetRx implements guest.Services: eth drivers hand frames up through the
// receive callback, never through net_rx.
func (s *kernel) NetRx(c *sim.CPU, buf uint64, n int) []byte {
	s.k.M.Fail(sim.ClassInternal, "eth: net_rx called by an eth driver")
	return nil
}

package guest

import (
	"fmt"
	"regexp"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// Device is a device model as the kernel drives it: sized register access
// in its windows and ownership checks on the driver's accesses to RAM (any
// registered [nic.Device]).
type Device = nic.Device

// Net is the kernel's network stack above the driver (xv6's net.c).
type Net interface {
	// NetRx handles a received frame (the caller keeps the buffer) and
	// returns a frame to transmit from inside the receive path, as xv6
	// answers ARP requests, or nil.
	NetRx(c *sim.CPU, frame []byte) []byte
	// ReplyRefused says the driver's transmit refused the last reply.
	ReplyRefused(c *sim.CPU)
}

// Driver starts a driver's entry points as contexts.
type Driver interface {
	// Init is e1000_init((uint32 *)0x40000000).
	Init(k *Kernel) sim.Context
	// Transmit is e1000_transmit: buf and n are a buffer of the kernel's
	// buffer services ([Services.NewBuffer]: an mbuf address for xv6
	// 2020-2023, n ignored; a kalloc'd page holding n bytes for 2024). The
	// context returns 0 when the driver took the buffer.
	Transmit(k *Kernel, buf uint64, n int) sim.Context
	// Intr is e1000_intr, called from the trap handler.
	Intr(k *Kernel) sim.Context
}

// DMAWatcher is a driver host that wants to know the memory the device will
// DMA, as the device declares it ([nic.Env.DMAVisible]): a hosted C driver
// makes its accesses there scheduling points.
type DMAWatcher interface {
	DMAVisible(addr, n uint64)
}

// Kernel is the xv6 kernel model a driver runs against: device registers,
// RAM, locks, the page allocator, mbufs and net_rx.
type Kernel struct {
	M   *sim.Machine
	Dev Device
	// Model is the device's registration: its windows and register names
	// (nil: an anonymous device with one dword-decoded MMIO window).
	Model *nic.Model
	Net   Net
	// Svc are the kernel model's buffer services (KernelModel.NewServices).
	Svc Services

	allocFail map[int]allocFailure // per CPU: the driver's last failed allocation in this call
	// OnService, if set, is told of every kernel service the driver calls
	// ("kalloc", "mbuffree", "net_rx"), for debuggers. It adds no event.
	OnService func(name string)
	// OnFree, if set, is told of every page the driver's code frees
	// (kfree, mbuffree) before the free: a kernel model that tracks whose
	// pages they are (net.c's queued packets).
	OnFree func(c *sim.CPU, page uint64)
	// OnPrintf, if set, sees every line the kernel's hosted C code prints
	// (a student's net.c printing "arp_rx: received an ARP packet").
	OnPrintf func(c *sim.CPU, line string)
}

// Service tells OnService that the driver called the kernel service name.
func (k *Kernel) Service(name string) {
	if k.OnService != nil {
		k.OnService(name)
	}
}

// Services are a kernel model's buffer services: how frames are handed to
// and from the driver (xv6: mbufs, or kalloc'd pages and a length).
type Services interface {
	// NewBuffer allocates a transmit buffer holding frame, returning its
	// address and length (0 when allocation fails).
	NewBuffer(frame []byte) (uint64, int)
	// FreeBuffer frees a buffer; where names the code for reports.
	FreeBuffer(buf uint64, where string)
	// NetRx runs the stack on a buffer the driver handed up (the caller
	// keeps it) and returns a frame to transmit from the receive path, or
	// nil. A buffer that does not hold a frame fails the run.
	NetRx(c *sim.CPU, buf uint64, n int) []byte
}

// MbufAllocator is buffer [Services] with an mbuf allocator (xv6
// 2020-2023's mbufalloc), which the hosted runtime's mbufalloc calls.
type MbufAllocator interface {
	MbufAlloc(headroom uint32) uint64
}

// MMIORead reads the 32-bit register at off of the MMIO window on behalf of
// CPU c, emitting an event.
func (k *Kernel) MMIORead(c *sim.CPU, off uint32) uint32 { return k.RegRead(c, nic.MMIO, off, 4) }

// MMIOWrite writes the 32-bit register at off of the MMIO window on behalf
// of CPU c, emitting an event.
func (k *Kernel) MMIOWrite(c *sim.CPU, off uint32, v uint32) { k.RegWrite(c, nic.MMIO, off, 4, v) }

// RegRead reads width bytes at off of window s on behalf of CPU c, emitting
// an event.
func (k *Kernel) RegRead(c *sim.CPU, s nic.Space, off uint32, width int) uint32 {
	v := k.Dev.RegRead(s, off, width)
	k.M.Emit(c.Source(), KindMMIORead, uint64(off), uint64(v), k.accessTag(s, width))
	return v
}

// RegWrite writes width bytes at off of window s on behalf of CPU c,
// emitting an event.
func (k *Kernel) RegWrite(c *sim.CPU, s nic.Space, off uint32, width int, v uint32) {
	k.M.Emit(c.Source(), KindMMIOWrite, uint64(off), uint64(v), k.accessTag(s, width))
	k.Dev.RegWrite(s, off, width, v)
}

// MemAccess records a driver access to RAM and lets the device check it.
// where names the code (for weak-memory reports); it may be zero.
func (k *Kernel) MemAccess(c *sim.CPU, addr, n uint64, write bool) {
	k.MemAccessAt(c, addr, n, write, sim.Where{})
}

// MemAccessAt is MemAccess with the call chain of the access.
func (k *Kernel) MemAccessAt(c *sim.CPU, addr, n uint64, write bool, where sim.Where) {
	var w uint64
	if write {
		w = 1
		c.NoteStore(addr, n, where)
	}
	k.M.Emit(c.Source(), KindMem, addr, n, w)
	if write {
		k.M.SetSite(where) // an ownership fault names the store's line
		defer k.M.SetSite(sim.Where{})
	}
	k.Dev.DriverAccess(addr, n, write)
}

// Barrier records a __sync_synchronize: the CPU's stores become visible.
func (k *Kernel) Barrier(c *sim.CPU) {
	c.Fence()
	k.M.Emit(c.Source(), KindFence, 0, 0, 0)
}

// NewBuffer allocates a transmit buffer holding frame in the form the
// kernel passes to the driver's transmit ([Services.NewBuffer]).
func (k *Kernel) NewBuffer(frame []byte) (uint64, int) { return k.Svc.NewBuffer(frame) }

// FreeBuffer frees a buffer made by NewBuffer or handed over by net_rx.
func (k *Kernel) FreeBuffer(buf uint64, where string) { k.Svc.FreeBuffer(buf, where) }

// NetRx runs the kernel's receive path on a buffer the driver handed up and
// returns the frame to transmit from inside it, or nil ([Services.NetRx]).
func (k *Kernel) NetRx(c *sim.CPU, buf uint64, n int) []byte { return k.Svc.NetRx(c, buf, n) }

// Trace event kinds of the kernel layer.
var (
	KindMMIORead  = sim.RegisterKind("mmio.read", fmtMMIO)
	KindMMIOWrite = sim.RegisterKind("mmio.write", fmtMMIO)
	KindMem       = sim.RegisterKind("mem", fmtMem)
	KindFence     = sim.RegisterKind("fence", nil)
	KindNetRx     = sim.RegisterKind("net_rx", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("buf=%#x len=%d", e.A, e.B)
	})
	KindCall = sim.RegisterKind("call", func(e *sim.Event, _ func(uint64) string) string { return e.S })
	KindRet  = sim.RegisterKind("return", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("%s = %d", e.S, int64(e.A))
	})
	KindPrintf = sim.RegisterKind("printf", func(e *sim.Event, _ func(uint64) string) string { return fmt.Sprintf("%q", e.S) })
)

func fmtMMIO(e *sim.Event, _ func(uint64) string) string {
	id, s, width := SplitAccessTag(e.C)
	name := fmt.Sprintf("reg%#x", e.A)
	if m := nic.ByTraceID(id); m != nil {
		name = m.RegName(s, uint32(e.A))
	}
	if width != 4 {
		return fmt.Sprintf("%s/%d=%#x", name, width, e.B)
	}
	return fmt.Sprintf("%s=%#x", name, e.B)
}

// dataName is what a data symbol looks like: "tx_ring[1].length", "regs",
// "buf+0x10", "mbuf(0x80fef000).head" (code renders as "fn (file:line)",
// unknown addresses as hex).
var dataName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(?:\(0x[0-9a-f]+\))?(?:[\[.+][A-Za-z0-9_\[\].+x]*)?$`)

// fmtMem names the bytes from the driver's symbols and debug information
// when it can: "write tx_ring[1].length len=2 (0x80008248)".
func fmtMem(e *sim.Event, sym func(uint64) string) string {
	op := "read"
	if e.C != 0 {
		op = "write"
	}
	if name := sym(e.A); dataName.MatchString(name) {
		return fmt.Sprintf("%s %s len=%d (%#x)", op, name, e.B, e.A)
	}
	return fmt.Sprintf("%s addr=%#x len=%d", op, e.A, e.B)
}

// Traced lets a driver context know its caller, for call chains in reports,
// when it implements SetCaller.
func (k *Kernel) Traced(ctx sim.Context, caller fmt.Stringer) sim.Context {
	if s, ok := ctx.(interface{ SetCaller(fmt.Stringer) }); ok {
		s.SetCaller(caller)
	}
	return ctx
}

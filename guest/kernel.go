package guest

import (
	"encoding/binary"
	"fmt"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// ABI is the kernel interface generation a driver is written against.
type ABI uint8

const (
	// ABIXV6 is the xv6 net lab of 2020-2023: e1000_transmit(struct mbuf *),
	// net_rx(struct mbuf *).
	ABIXV6 ABI = iota
	// ABIXV62024 is the xv6 net lab of 2024 and later: e1000_transmit(char *,
	// int), net_rx(char *, int) with kalloc'd pages.
	ABIXV62024
)

func (a ABI) String() string {
	if a == ABIXV62024 {
		return "xv6-2024"
	}
	return "xv6"
}

// ParseABI parses "xv6" or "xv6-2024".
func ParseABI(s string) (ABI, error) {
	switch s {
	case "xv6", "":
		return ABIXV6, nil
	case "xv6-2024":
		return ABIXV62024, nil
	}
	return 0, fmt.Errorf("unknown ABI %q (want xv6 or xv6-2024)", s)
}

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
	// Transmit is e1000_transmit: for ABIXV6 buf is an mbuf address and n
	// is ignored; for ABIXV62024 buf is a kalloc'd page holding n bytes.
	// The context returns 0 when the driver took the buffer.
	Transmit(k *Kernel, buf uint64, n int) sim.Context
	// Intr is e1000_intr, called from the trap handler.
	Intr(k *Kernel) sim.Context
	// ABI is the interface generation the driver uses.
	ABI() ABI
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
	ABI   ABI
}

// mbuf layout (xv6 net.h): next@0, head@8, len@16, buf@20.
const (
	MbufSize            = 2048
	MbufDefaultHeadroom = 128
	mbufHeadOff         = 8
	mbufLenOff          = 16
	mbufBufOff          = 20
)

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
	k.Dev.DriverAccess(addr, n, write)
}

// Barrier records a __sync_synchronize: the CPU's stores become visible.
func (k *Kernel) Barrier(c *sim.CPU) {
	c.Fence()
	k.M.Emit(c.Source(), KindFence, 0, 0, 0)
}

// MbufAlloc is mbufalloc(headroom): a zeroed page-backed mbuf, or 0.
func (k *Kernel) MbufAlloc(headroom uint32) uint64 {
	if headroom > MbufSize {
		return 0
	}
	p := k.M.Heap.AllocUnfilled()
	if p == 0 {
		return 0
	}
	// As kalloc then memset: the header and buffer zero, the rest junk.
	b, _ := k.M.Mem.Slice(p, sim.PageSize)
	clear(b[:mbufBufOff+MbufSize])
	sim.JunkFill(b[mbufBufOff+MbufSize:])
	binary.LittleEndian.PutUint64(b[mbufHeadOff:], p+mbufBufOff+uint64(headroom))
	return p
}

// MbufFree is mbuffree.
func (k *Kernel) MbufFree(m uint64, where string) { k.M.Heap.Free(m, where) }

// MbufFrame returns the bytes [head, head+len) of mbuf m, or an error if the
// mbuf's fields point outside its buffer.
func (k *Kernel) MbufFrame(m uint64) ([]byte, error) {
	b, err := k.M.Mem.Slice(m, mbufBufOff+MbufSize)
	if err != nil {
		return nil, fmt.Errorf("mbuf %#x outside RAM", m)
	}
	head := binary.LittleEndian.Uint64(b[mbufHeadOff:])
	n := uint64(binary.LittleEndian.Uint32(b[mbufLenOff:]))
	lo, hi := m+mbufBufOff, m+mbufBufOff+MbufSize
	if head < lo || head > hi || n > hi-head {
		return nil, fmt.Errorf("mbuf %#x: head %#x len %d outside its buffer", m, head, n)
	}
	return k.M.Mem.Slice(head, n)
}

// MbufFill makes mbuf m hold frame (head at the default headroom).
func (k *Kernel) MbufFill(m uint64, frame []byte) {
	b, _ := k.M.Mem.Slice(m, mbufBufOff+MbufSize)
	head := uint64(MbufDefaultHeadroom)
	if len(frame) > MbufSize-MbufDefaultHeadroom {
		head = 0
	}
	copy(b[mbufBufOff+head:], frame)
	binary.LittleEndian.PutUint64(b[mbufHeadOff:], m+mbufBufOff+head)
	binary.LittleEndian.PutUint32(b[mbufLenOff:], uint32(len(frame)))
}

// PageFill copies frame to the start of page p (the 2024 ABI's buffers).
func (k *Kernel) PageFill(p uint64, frame []byte) {
	b, _ := k.M.Mem.Slice(p, sim.PageSize)
	copy(b, frame)
}

// NewBuffer allocates a transmit buffer holding frame in the form the ABI
// passes to e1000_transmit, returning its address and length (0 when
// allocation fails).
func (k *Kernel) NewBuffer(frame []byte) (uint64, int) {
	if k.ABI == ABIXV62024 {
		p := k.M.Heap.Alloc()
		if p != 0 {
			k.PageFill(p, frame)
		}
		return p, len(frame)
	}
	m := k.MbufAlloc(MbufDefaultHeadroom)
	if m != 0 {
		k.MbufFill(m, frame)
	}
	return m, len(frame)
}

// FreeBuffer frees a buffer made by NewBuffer or handed over by net_rx.
func (k *Kernel) FreeBuffer(buf uint64, where string) { k.M.Heap.Free(buf, where) }

// BufferFrame returns the frame held by a buffer the driver passed to
// net_rx (an mbuf, or a page and a length for the 2024 ABI).
func (k *Kernel) BufferFrame(buf uint64, n int) ([]byte, error) {
	if k.ABI == ABIXV62024 {
		if n < 0 || n > sim.PageSize {
			return nil, fmt.Errorf("net_rx length %d outside a page", n)
		}
		return k.M.Mem.Slice(buf, uint64(n))
	}
	return k.MbufFrame(buf)
}

// mbufHead reads m->head (0 if the mbuf itself is not in RAM).
func (k *Kernel) mbufHead(m uint64) uint64 {
	v, _ := k.M.Mem.U64(m + mbufHeadOff)
	return v
}

// NetRx runs the stack on a received buffer and returns the frame to
// transmit from the receive path, or nil. A buffer that does not hold a
// frame fails the run.
func (k *Kernel) NetRx(c *sim.CPU, buf uint64, n int) []byte {
	f, err := k.BufferFrame(buf, n)
	if err != nil {
		if h := k.mbufHead(buf); k.ABI == ABIXV6 && !k.M.Mem.Contains(h, 1) {
			// xv6's net_rx would load through m->head and take a page fault.
			k.M.Fail(sim.ClassCrash, "kernel page fault in net_rx on cpu%d: the mbuf %#x handed up by the driver has head %#x, which is not mapped (load fault: xv6 panics) — the device wrote the frame over the mbuf's own fields",
				c.ID, buf, h)
		}
		k.M.Fail(sim.ClassCorrupt, "net_rx on cpu%d: %v", c.ID, err)
	}
	k.M.Emit(c.Source(), KindNetRx, buf, uint64(len(f)), 0)
	return k.Net.NetRx(c, f)
}

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

func fmtMem(e *sim.Event, _ func(uint64) string) string {
	op := "read"
	if e.C != 0 {
		op = "write"
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

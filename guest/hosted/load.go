package hosted

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// Memory of a loaded image.
const (
	ramSize   = 16 << 20 // RAM at the layout's Virt: image, then the kalloc heap
	stackSize = 64 << 10 // per coroutine, plus a guard page below
	pageSize  = 4096
	// ConsoleBudget is how many bytes a driver may print in one run: past
	// it the run is a verdict (a print in a loop that does not end, or
	// output no test log keeps), and nicsim's memory stays bounded. A
	// driver that prints a line per frame stays far below it.
	ConsoleBudget = 2 << 20
	// DefaultHangBlocks is how many basic blocks a driver may run without
	// an event before the run is a livelock.
	DefaultHangBlocks = 50_000_000
)

// ErrBusy is returned by Load while another image is loaded: images live at
// fixed addresses, so a process hosts one at a time.
var ErrBusy = errors.New("hosted: another image is loaded in this process (Close it first)")

var active struct {
	sync.Mutex
	h *Host
}

// Host is a loaded image: its RAM mapped at the layout's Virt (xv6:
// 0x80000000), the register window at its MMIO (xv6: 0x40000000) and the
// coroutine stacks. Runs on a Host are
// sequential; [Host.Attach] (or [Host.Reset]) starts each from a pristine
// image.
type Host struct {
	// HangBlocks is the livelock budget (DefaultHangBlocks when 0).
	HangBlocks uint64
	// SiteEvents adds a trace event naming the C function and line before
	// every register access, lock operation and barrier (on by default).
	SiteEvents bool

	img    *Image
	ram    mapping
	win    mapping
	user   mapping // a kernel's user pages at fixed addresses (JOS: REQVA), if any
	stacks mapping
	ctl    *ctlT
	free   []int
	m      *sim.Machine
	dirty  bool
	closed bool
	prints []string
	// printed counts the bytes the driver printed in this run.
	printed int
	// codeLocked: the image's code is read-only (and so as loaded).
	codeLocked bool
	chains     map[sim.Where]string
}

// Load maps the image at its addresses. Only one image may be loaded in a
// process at a time ([ErrBusy]).
func (img *Image) Load() (*Host, error) {
	active.Lock()
	defer active.Unlock()
	if active.h != nil {
		return nil, ErrBusy
	}
	if img.addrs.ctlSize != uint64(unsafe.Sizeof(ctlT{})) {
		return nil, fmt.Errorf("hosted: runtime control block is %d bytes, want %d (stale image?)",
			img.addrs.ctlSize, unsafe.Sizeof(ctlT{}))
	}
	h := &Host{img: img, SiteEvents: true, chains: map[sim.Where]string{}}
	if err := h.mapAll(); err != nil {
		h.unmap()
		return nil, err
	}
	h.ctl = (*ctlT)(unsafe.Pointer(&h.ram.p[img.addrs.ctl-img.lay.Virt]))
	h.Reset()
	err := armFaults(img.lay.Virt, h.memEnd(), h.stacksBase(), h.memEnd(),
		img.addrs.landing, h.memEnd(), unsafe.Pointer(&h.ctl.InCoro), unsafe.Pointer(&h.ram.p[img.addrs.bb-img.lay.Virt]))
	if err != nil {
		h.unmap()
		return nil, err
	}
	active.h = h
	return h, nil
}

// mapAll maps RAM, the register window and the stacks (see stacks.go).
func (h *Host) mapAll() error {
	var err error
	if h.ram, err = mapFixed(h.img.lay.Virt, ramSize); err != nil {
		return fmt.Errorf("hosted: RAM: %w", err)
	}
	if h.win, err = mapFixed(h.img.lay.MMIO, sim.MMIOSize); err != nil {
		return fmt.Errorf("hosted: register window: %w", err)
	}
	if h.img.lay.UserSize > 0 {
		if h.user, err = mapFixed(h.img.lay.User, h.img.lay.UserSize); err != nil {
			return fmt.Errorf("hosted: user pages: %w", err)
		}
	}
	return h.mapStacks()
}

func (h *Host) unmap() {
	h.ram.unmap()
	h.win.unmap()
	h.stacks.unmap()
	h.user.unmap()
	h.ram, h.win, h.stacks, h.user = mapping{}, mapping{}, mapping{}, mapping{}
}

// Close unmaps the image; the Host cannot be used again.
func (h *Host) Close() error {
	active.Lock()
	defer active.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	_ = armFaults(0, 0, 0, 0, 0, 0, nil, nil)
	h.unmap()
	h.ctl = nil
	if active.h == h {
		active.h = nil
	}
	return nil
}

// Image is the loaded image.
func (h *Host) Image() *Image { return h.img }

// RAM is the mapping at the layout's Virt: pass it as sim.Config.RAM so
// that the machine's memory is the driver's memory.
func (h *Host) RAM() []byte { return h.ram.p }

// HeapBase is the bus address of the first page above the image: pass it
// as sim.Config.HeapBase so kalloc pages never overlap the image.
func (h *Host) HeapBase() uint64 { return h.img.lay.Physical(h.img.addrs.imageEnd) }

// Layout is where the image's RAM sits on the bus and for the CPUs.
func (h *Host) Layout() guest.HostedLayout { return h.img.lay }

// Config returns a machine configuration with the host's RAM, heap and
// layout.
func (h *Host) Config(cfg sim.Config) sim.Config {
	cfg.RAM, cfg.HeapBase, cfg.RAMSize = h.RAM(), h.HeapBase(), 0
	if h.img.lay.Layout != sim.DefaultLayout {
		lay := h.img.lay.Layout
		cfg.Layout = &lay
	}
	return cfg
}

// Printed returns what the driver printed in the current run.
func (h *Host) Printed() []string { return h.prints }

// Reset restores the image to its pristine state: code and data as loaded,
// bss, heap, register window and stacks zero, every coroutine free.
func (h *Host) Reset() {
	h.mustOpen()
	base := h.img.lay.Virt
	for _, s := range h.img.segs {
		if s.code && h.codeLocked {
			continue // no run could write it
		}
		b := h.ram.p[s.vaddr-base : s.vaddr-base+s.memsz]
		n := copy(b, s.data)
		clear(b[n:])
	}
	h.lockCode()
	end := h.img.addrs.imageEnd - base
	h.ram.zero(end, ramSize-end)
	h.win.zero(0, uint64(len(h.win.p)))
	h.user.zero(0, uint64(len(h.user.p)))
	h.stacks.zero(0, uint64(len(h.stacks.p)))
	h.initCtl()
	h.m, h.dirty, h.prints, h.printed = nil, false, nil, 0
}

// lockCode makes the image's code read-only once it is in place: a
// driver that writes to code (its own or the runtime's hooks) faults at
// the store, a verdict, instead of patching what checks it.
func (h *Host) lockCode() {
	if h.codeLocked {
		return
	}
	base := h.img.lay.Virt
	for _, s := range h.img.segs {
		if !s.code || s.vaddr%pageSize != 0 {
			continue
		}
		n := (s.memsz + pageSize - 1) &^ (pageSize - 1)
		if err := h.ram.readExec(s.vaddr-base, n); err != nil {
			panic(err) // the mapping is ours: cannot happen
		}
	}
	h.codeLocked = true
}

// initCtl fills the runtime's control block: DMA-visible range, budget and
// the coroutines' stacks.
func (h *Host) initCtl() {
	x := h.ctl
	x.DMALo = h.img.addrs.dmaStart
	x.DMASpan = h.img.lay.Virt + ramSize - x.DMALo
	x.HeapLo = h.img.addrs.imageEnd
	clear(x.DMAMap[:])
	x.Budget = h.hangBlocks()
	h.free = h.free[:0]
	for i := range x.Coro {
		co := &x.Coro[i]
		co.Magic = ctlMagic
		co.StackLo = h.stackLo(i)
		co.StackHi = co.StackLo + stackSize
		h.free = append(h.free, nCoro-1-i)
	}
}

func (h *Host) hangBlocks() uint64 {
	if h.HangBlocks == 0 {
		return DefaultHangBlocks
	}
	return h.HangBlocks
}

func (h *Host) mustOpen() {
	if h.closed {
		panic("hosted: Host used after Close")
	}
}

// Attach prepares the host for a run on m (created with [Host.Config]):
// it resets the image if an earlier run used it, and makes m's trace name
// C functions, lines and data symbols. Contexts started on a machine that
// was not attached attach it themselves, so call Attach before touching
// the heap (kalloc) of a new machine.
func (h *Host) Attach(m *sim.Machine) {
	h.mustOpen()
	if h.dirty || (h.m != nil && h.m != m) {
		h.Reset()
	}
	h.m = m
	h.dirty = true
	syms := h.img.symbols()
	m.Trace.Symbolize = h.describeWith(m)
	m.Trace.SymbolizeData = syms.dataName
	if lay := h.img.lay; lay.Phys != lay.Virt {
		// Events name bus addresses (DMA, the driver's accesses to RAM);
		// the symbols are at CPU addresses.
		m.Trace.Symbolize = h.onBus(m.Trace.Symbolize)
		m.Trace.SymbolizeData = h.onBus(m.Trace.SymbolizeData)
	}
}

// onBus wraps a symboliser of CPU addresses so that it names bus addresses
// of RAM too.
func (h *Host) onBus(sym func(uint64) string) func(uint64) string {
	lay := h.img.lay
	return func(addr uint64) string {
		if addr >= lay.Phys && addr-lay.Phys < ramSize && (addr < lay.Virt || addr-lay.Virt >= ramSize) {
			if s := sym(lay.Virtual(addr)); s != "" && !strings.HasPrefix(s, "0x") {
				return s
			}
		}
		return sym(addr)
	}
}

// physical is the bus address of the driver's pointer addr when it points
// into RAM; other addresses (stacks, the register window) stay as they are.
func (h *Host) physical(addr uint64) uint64 {
	lay := h.img.lay
	if addr >= lay.Virt && addr-lay.Virt < ramSize {
		return lay.Physical(addr)
	}
	return addr
}

// Driver returns the guest.Driver whose contexts run the image's entry points.
func (h *Host) Driver() guest.Driver { return &driver{h: h} }

// window returns the 4 bytes of the register window at offset off.
func (h *Host) window(off uint64, n int) []byte { return h.win.p[off : off+uint64(n) : off+uint64(n)] }

// putReg puts the width bytes of v at off of the register window.
func (h *Host) putReg(off uint64, width int, v uint32) {
	b := h.window(off, width)
	switch width {
	case 1:
		b[0] = byte(v)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(v))
	default:
		binary.LittleEndian.PutUint32(b, v)
	}
}

// reg reads width bytes at off of the register window.
func (h *Host) reg(off uint64, width int) uint32 {
	b := h.window(off, width)
	switch width {
	case 1:
		return uint32(b[0])
	case 2:
		return uint32(binary.LittleEndian.Uint16(b))
	}
	return binary.LittleEndian.Uint32(b)
}

// DMAVisible makes [addr, addr+n) (bus addresses) DMA-visible: the
// driver's accesses there become events and scheduling points. The device
// calls it (through [nic.Env]) as it learns memory it will DMA.
func (h *Host) DMAVisible(addr, n uint64) {
	lay := h.img.lay
	if addr < lay.Phys || addr-lay.Phys >= ramSize {
		return
	}
	h.ctl.markDMA(lay.Virtual(addr), n)
}

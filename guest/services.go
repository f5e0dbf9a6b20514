package guest

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/sim"
)

// Kernel services the driver calls appear in the trace and the timeline as
// events of the calling CPU: what was asked and what came back.
var (
	KindKalloc = sim.RegisterKind("kalloc", func(e *sim.Event, sym func(uint64) string) string {
		return "= " + fmtPage(e.A)
	})
	KindKfree = sim.RegisterKind("kfree", func(e *sim.Event, sym func(uint64) string) string {
		return fmtPage(e.A)
	})
	KindMbufAlloc = sim.RegisterKind("mbufalloc", func(e *sim.Event, sym func(uint64) string) string {
		return fmt.Sprintf("headroom=%d = %s", e.B, fmtPage(e.A))
	})
	KindMbufFree = sim.RegisterKind("mbuffree", func(e *sim.Event, sym func(uint64) string) string {
		return fmtPage(e.A)
	})
)

func fmtPage(p uint64) string {
	if p == 0 {
		return "0 (out of memory)"
	}
	return fmt.Sprintf("%#x", p)
}

// Kalloc is the driver's kalloc() on CPU c, called at code address pc
// (0 if unknown), which a leak report names.
func (k *Kernel) Kalloc(c *sim.CPU, pc uint64) uint64 {
	p := k.M.Heap.Alloc()
	k.M.Emit(c.Source(), KindKalloc, p, 0, 0)
	k.noteAlloc(c, "kalloc", p, pc)
	return p
}

// DriverMbufAlloc is the driver's mbufalloc(headroom) on CPU c, called at
// code address pc (0 if unknown), made by the kernel model's alloc.
func (k *Kernel) DriverMbufAlloc(c *sim.CPU, headroom uint32, pc uint64, alloc func(headroom uint32) uint64) uint64 {
	m := alloc(headroom)
	k.M.Emit(c.Source(), KindMbufAlloc, m, uint64(headroom), 0)
	k.noteAlloc(c, "mbufalloc", m, pc)
	return m
}

// allocFailure is an allocation of the driver that returned 0.
type allocFailure struct {
	fn       string
	pc       uint64
	injected bool
}

// noteAlloc records where page p was allocated, or, when the allocation
// failed, that it did (for [Kernel.AfterAllocFailure]).
func (k *Kernel) noteAlloc(c *sim.CPU, fn string, p, pc uint64) {
	if p != 0 {
		if pc != 0 {
			k.M.Heap.NoteSite(p, pc)
		}
		return
	}
	if k.allocFail == nil {
		k.allocFail = map[int]allocFailure{}
	}
	k.allocFail[c.ID] = allocFailure{fn: fn, pc: pc, injected: k.M.Heap.LastFailInjected}
}

// StartCall forgets CPU c's failed allocations: a driver entry point begins.
func (k *Kernel) StartCall(c *sim.CPU) { delete(k.allocFail, c.ID) }

// AllocFailed reports whether an allocation returned 0 on CPU c since its
// current call began (a system call that then fails may be right to).
func (k *Kernel) AllocFailed(c *sim.CPU) bool {
	_, ok := k.allocFail[c.ID]
	return ok
}

// AfterAllocFailure explains a panic or crash of the driver on CPU c that
// follows an allocation that returned 0 in the same call:
// "; mbufalloc returned 0 at e1000.c:174 (rx_take) before it (an injected
// allocation failure)", or "".
func (k *Kernel) AfterAllocFailure(c *sim.CPU) string {
	f, ok := k.allocFail[c.ID]
	if !ok {
		return ""
	}
	why := "memory was exhausted"
	if f.injected {
		why = "an injected allocation failure; --faults none turns them off"
	}
	return fmt.Sprintf("; %s returned 0%s before it (%s): the driver does not handle an allocation failure",
		f.fn, k.M.At(sim.Where{PCs: [12]uint64{f.pc}, N: 1}), why)
}

// DriverFree is the driver's kfree(p) (mbuf false) or mbuffree(p) (mbuf
// true) on CPU c, made at w; where renders the call chain for the heap's
// own checks. Freeing a buffer that a descriptor the device still owns
// points into fails the run, naming the descriptor and the line.
func (k *Kernel) DriverFree(c *sim.CPU, mbuf bool, p uint64, w sim.Where, where string) {
	kind, fn := KindKfree, "kfree"
	if mbuf {
		kind, fn = KindMbufFree, "mbuffree"
	}
	k.Service(fn)
	k.M.Emit(c.Source(), kind, p, 0, 0)
	if k.OnFree != nil {
		k.OnFree(c, p)
	}
	if o, ok := k.Dev.(bufferOwner); ok && p%sim.PageSize == 0 {
		if desc, ring, slot, owned := o.OwnerOf(p, p+sim.PageSize); owned {
			k.failOwnedFree(c, fn, p, w, desc, ring, slot, o.Posted(ring, slot))
		}
	}
	k.M.Heap.Free(p, where)
	if w.N > 0 {
		k.M.Heap.NoteFree(p, w.PCs[0])
	}
}

// bufferOwner is the device's answer to "does a descriptor you own point
// into this page?" (nic/e1000.Device implements it).
type bufferOwner interface {
	OwnerOf(lo, hi uint64) (desc uint64, ring string, slot uint32, ok bool)
	Posted(ring string, slot uint32) string
}

func (k *Kernel) failOwnedFree(c *sim.CPU, fn string, p uint64, w sim.Where, desc uint64, ring string, slot uint32, posted string) {
	name := fmt.Sprintf("%s descriptor %d", ring, slot)
	if s := k.DataName(desc); s != "" {
		name = strings.TrimSuffix(s, ".addr") // the descriptor, not its first field
	}
	dma := "transmit the freed page (or whatever reuses it)"
	if ring == "RX" {
		dma = "write a received frame into the freed page"
	}
	k.M.Fail(sim.ClassUseAfterFree, "%s of the buffer in %s (page %#x) while the device owns it%s on cpu%d (%s, DD not yet set): the device may still %s. QEMU hides this when it has already processed the descriptor inside the tail write",
		fn, name, p, k.M.At(w), c.ID, posted, dma)
}

// DataName names a data address from the driver image's symbols and debug
// information ("tx_ring[3]"), or "" when nothing names it.
func (k *Kernel) DataName(addr uint64) string {
	if k.M.Trace.SymbolizeData == nil {
		return ""
	}
	return k.M.Trace.SymbolizeData(addr)
}

// PageBuffers is the buffer half of [Services] for a kernel model whose
// workload's buffers are heap pages exempt from injected allocation
// failures (the JOS and eth kernels: buffers the real guest's workload owns,
// not allocations of the driver). Name prefixes its internal errors.
type PageBuffers struct {
	K    *Kernel
	Name string
}

// NewBuffer implements Services: a heap page holding frame, and its
// physical address.
func (b PageBuffers) NewBuffer(frame []byte) (uint64, int) {
	m := b.K.M
	p := m.Heap.AllocExempt()
	if p == 0 || len(frame) > sim.PageSize {
		m.Fail(sim.ClassInternal, "%s: no page for a %d-byte buffer", b.Name, len(frame))
		return 0, 0
	}
	if err := m.Mem.Write(p, frame); err != nil {
		m.Fail(sim.ClassInternal, "%s: buffer: %v", b.Name, err)
	}
	return p, len(frame)
}

// FreeBuffer implements Services.
func (b PageBuffers) FreeBuffer(buf uint64, where string) { b.K.M.Heap.Free(buf, where) }

// Package kern is the xv6 kernel's Go services that drivers and the
// workload use: mbufs (net.h's layout, mbufalloc, mbuffree), kalloc'd pages
// for the 2024 lab, net_rx's handling of the buffer a driver hands up, and
// spinlock.c's push_off/pop_off nesting as the machine's interrupt model
// ([PushOff]). They implement [guest.Services]; the C runtime's mbufalloc
// and mbuffree (guest/xv6/hosted, through guest/hosted) and the Go model
// driver call them too.
package kern

import (
	"encoding/binary"
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// Services are xv6's buffer services on a kernel: mbufs (2020-2023), or
// kalloc'd pages and a length when Pages is set (2024 and later).
type Services struct {
	K     *guest.Kernel
	Pages bool
}

var _ guest.Services = Services{}

// New returns the 2020-2023 lab's services of kernel k (mbufs), and gives
// its machine xv6's push_off nesting ([PushOff]).
func New(k *guest.Kernel) guest.Services {
	k.M.Intr = NewPushOff(k.M)
	return Services{K: k}
}

// NewPages returns the 2024 lab's services of kernel k (kalloc'd pages),
// with push_off as New.
func NewPages(k *guest.Kernel) guest.Services {
	k.M.Intr = NewPushOff(k.M)
	return Services{K: k, Pages: true}
}

// mbuf layout (xv6 net.h): next@0, head@8, len@16, buf@20.
const (
	MbufSize            = 2048
	MbufDefaultHeadroom = 128
	mbufHeadOff         = 8
	mbufLenOff          = 16
	mbufBufOff          = 20
)

// MbufAlloc is mbufalloc(headroom): a zeroed page-backed mbuf, or 0.
func (s Services) MbufAlloc(headroom uint32) uint64 {
	s.K.Service("mbufalloc")
	if headroom > MbufSize {
		return 0
	}
	p := s.K.M.Heap.AllocUnfilled()
	if p == 0 {
		return 0
	}
	// As kalloc then memset: the header and buffer zero, the rest junk.
	b, _ := s.K.M.Mem.Slice(p, sim.PageSize)
	clear(b[:mbufBufOff+MbufSize])
	sim.JunkFill(b[mbufBufOff+MbufSize:])
	binary.LittleEndian.PutUint64(b[mbufHeadOff:], p+mbufBufOff+uint64(headroom))
	return p
}

// MbufFree is mbuffree.
func (s Services) MbufFree(m uint64, where string) {
	s.K.Service("mbuffree")
	s.K.M.Heap.Free(m, where)
}

// MbufFrame returns the bytes [head, head+len) of mbuf m, or an error if the
// mbuf's fields point outside its buffer.
func (s Services) MbufFrame(m uint64) ([]byte, error) {
	b, err := s.K.M.Mem.Slice(m, mbufBufOff+MbufSize)
	if err != nil {
		return nil, fmt.Errorf("mbuf %#x outside RAM", m)
	}
	head := binary.LittleEndian.Uint64(b[mbufHeadOff:])
	n := uint64(binary.LittleEndian.Uint32(b[mbufLenOff:]))
	lo, hi := m+mbufBufOff, m+mbufBufOff+MbufSize
	if head >= lo && head <= hi && n <= hi-head {
		return s.K.M.Mem.Slice(head, n)
	}
	// xv6 only reads through m->head: a head into another allocated page
	// (a receive buffer inside another mbuf) works as well under QEMU. What
	// becomes of that page is the leak check's business.
	page := head &^ (sim.PageSize - 1)
	if n <= MbufSize && s.K.M.Heap.Allocated(page) && head+n <= page+sim.PageSize {
		return s.K.M.Mem.Slice(head, n)
	}
	return nil, fmt.Errorf("mbuf %#x: head %#x len %d outside its buffer and outside any allocated page", m, head, n)
}

// MbufFill makes mbuf m hold frame (head at the default headroom).
func (s Services) MbufFill(m uint64, frame []byte) {
	b, _ := s.K.M.Mem.Slice(m, mbufBufOff+MbufSize)
	head := uint64(MbufDefaultHeadroom)
	if len(frame) > MbufSize-MbufDefaultHeadroom {
		head = 0
	}
	copy(b[mbufBufOff+head:], frame)
	binary.LittleEndian.PutUint64(b[mbufHeadOff:], m+mbufBufOff+head)
	binary.LittleEndian.PutUint32(b[mbufLenOff:], uint32(len(frame)))
}

// PageFill copies frame to the start of page p (the 2024 ABI's buffers).
func (s Services) PageFill(p uint64, frame []byte) {
	b, _ := s.K.M.Mem.Slice(p, sim.PageSize)
	copy(b, frame)
}

// NewBuffer allocates a transmit buffer holding frame in the form the lab
// passes to e1000_transmit, returning its address and length (0 when
// allocation fails).
func (s Services) NewBuffer(frame []byte) (uint64, int) {
	if s.Pages {
		p := s.K.M.Heap.Alloc()
		if p != 0 {
			s.PageFill(p, frame)
		}
		return p, len(frame)
	}
	m := s.MbufAlloc(MbufDefaultHeadroom)
	if m != 0 {
		s.MbufFill(m, frame)
	}
	return m, len(frame)
}

// FreeBuffer frees a buffer made by NewBuffer or handed over by net_rx.
func (s Services) FreeBuffer(buf uint64, where string) {
	s.K.Service("kfree")
	s.K.M.Heap.Free(buf, where)
}

// BufferFrame returns the frame held by a buffer the driver passed to
// net_rx (an mbuf, or a page and a length for the 2024 lab).
func (s Services) BufferFrame(buf uint64, n int) ([]byte, error) {
	if s.Pages {
		if n < 0 || n > sim.PageSize {
			return nil, fmt.Errorf("net_rx length %d outside a page", n)
		}
		return s.K.M.Mem.Slice(buf, uint64(n))
	}
	return s.MbufFrame(buf)
}

// mbufHead reads m->head (0 if the mbuf itself is not in RAM).
func (s Services) mbufHead(m uint64) uint64 {
	v, _ := s.K.M.Mem.U64(m + mbufHeadOff)
	return v
}

// NetRx runs the stack on a received buffer and returns the frame to
// transmit from the receive path, or nil. A buffer that does not hold a
// frame fails the run.
func (s Services) NetRx(c *sim.CPU, buf uint64, n int) []byte {
	s.K.Service("net_rx")
	f, err := s.BufferFrame(buf, n)
	if err != nil {
		if h := s.mbufHead(buf); !s.Pages && !s.K.M.Mem.Contains(h, 1) {
			// xv6's net_rx would load through m->head and take a page fault.
			s.K.M.Fail(sim.ClassCrash, "kernel page fault in net_rx on cpu%d: the mbuf %#x handed up by the driver has head %#x, which is not mapped (load fault: xv6 panics) — the device wrote the frame over the mbuf's own fields",
				c.ID, buf, h)
		}
		s.K.M.Fail(sim.ClassCorrupt, "net_rx on cpu%d: %v", c.ID, err)
	}
	s.K.M.Emit(c.Source(), guest.KindNetRx, buf, uint64(len(f)), 0)
	return s.K.Net.NetRx(c, f)
}

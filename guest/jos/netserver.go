package jos

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// The network server of lab 6 at its IPC boundary (net/serv.c, lwIP's
// jif.c, net/timer.c; specs/guest-abis.md 3b), as the scenarios see it:
// the core environment sends each outgoing frame to the output
// environment as an NSREQ_OUTPUT page holding a struct jif_pkt, receives
// NSREQ_INPUT pages from the input environment and reads each one later,
// when it runs (jif_input copies the frame into a pbuf), and gets an
// NSREQ_TIMER from the timer environment every TimerInterval of virtual
// time. The server keeps the oracles of the lab's own tests: what the
// output environment owes the wire, and what the input environment hands
// up.

// Request numbers of inc/ns.h.
const (
	NSReqInput  = 10
	NSReqOutput = 11
	NSReqTimer  = 12
)

// TimerIntervalMsec is net/ns.h's TIMER_INTERVAL.
const TimerIntervalMsec = 250

// MaxJifData is what lwIP's jif layer packs into one page: at most 2000
// bytes after jp_len (low_level_output).
const MaxJifData = 2000

// PageSize is JOS's PGSIZE.
const PageSize = 4096

// Classes of the environment oracles (verdict classes of the run).
const (
	// ClassInputPageReuse: the input environment wrote an NSREQ_INPUT page
	// again before the core server read it.
	ClassInputPageReuse = "input-page-reuse"
	// ClassOutputDrop: the output environment went back to ipc_recv with
	// the frame of its last NSREQ_OUTPUT page never accepted by the
	// transmit system call.
	ClassOutputDrop = "output-drop"
	// ClassUncheckedPointer: a net system call let the kernel touch the
	// user's buffer before user_mem_assert (or user_mem_check) covered it.
	ClassUncheckedPointer = "unchecked-user-pointer"
	// ClassPastUserBuffer: the receive system call wrote past the buffer
	// the user passed.
	ClassPastUserBuffer = "past-user-buffer"
)

// JifPage is the page lwIP's low_level_output fills: jp_len (a 32-bit int,
// little endian on i386), then the frame.
func JifPage(frame []byte) ([]byte, error) {
	if len(frame) > MaxJifData {
		return nil, fmt.Errorf("jos: a %d-byte frame does not fit lwIP's jif page (%d bytes at most)", len(frame), MaxJifData)
	}
	p := make([]byte, PageSize)
	binary.LittleEndian.PutUint32(p, uint32(len(frame)))
	copy(p[4:], frame)
	return p, nil
}

// JifFrame reads the frame of a jif page; a jp_len outside the page is an
// error.
func JifFrame(page []byte) ([]byte, error) {
	if len(page) < 4 {
		return nil, fmt.Errorf("jos: a jif page of %d bytes", len(page))
	}
	n := int32(binary.LittleEndian.Uint32(page))
	if n < 0 || int(n) > len(page)-4 {
		return nil, fmt.Errorf("jos: jp_len %d does not fit the page (at most %d)", n, len(page)-4)
	}
	return page[4 : 4+n], nil
}

// Finding is what an environment oracle saw, with its class.
type Finding struct {
	Class, Msg string
}

// Error implements error.
func (f *Finding) Error() string { return f.Class + ": " + f.Msg }

// inputSent is an NSREQ_INPUT page the core server has not read yet.
type inputSent struct {
	page uint64 // the page's identity (its physical address)
	want []byte // the page as the input environment sent it
	at   int64  // virtual time of the IPC, in nanoseconds
}

// Server is the core environment and the timer environment at their IPC
// boundary.
type Server struct {
	pending []inputSent
	// Delivered are the frames the core server read from NSREQ_INPUT
	// pages, in order.
	Delivered [][]byte
	nextTimer int64 // virtual time of the next NSREQ_TIMER, in nanoseconds
	// Output: the frame of the last NSREQ_OUTPUT page and whether the
	// transmit system call has accepted it.
	outFrame []byte
	outSeq   int
	outDone  bool
}

// NewServer starts the server at virtual time now (nanoseconds): the first
// NSREQ_TIMER comes TIMER_INTERVAL later.
func NewServer(now int64) *Server {
	return &Server{nextTimer: now + TimerIntervalMsec*1e6, outDone: true}
}

// TimerDue reports whether the timer environment sends NSREQ_TIMER at
// virtual time now, and schedules the next one.
func (s *Server) TimerDue(now int64) bool {
	if now < s.nextTimer {
		return false
	}
	for s.nextTimer <= now {
		s.nextTimer += TimerIntervalMsec * 1e6
	}
	return true
}

// NextTimer is the virtual time of the next NSREQ_TIMER.
func (s *Server) NextTimer() int64 { return s.nextTimer }

// TimerReplied is the core server's answer to an NSREQ_TIMER at virtual
// time now: it sends the timer environment TIMER_INTERVAL, and the next
// NSREQ_TIMER comes that long after (net/timer.c).
func (s *Server) TimerReplied(now int64) { s.nextTimer = now + TimerIntervalMsec*1e6 }

// InputSent records the input environment's ipc_send of NSREQ_INPUT with
// page (its identity) holding contents at virtual time now. The core reads
// it later ([Server.Read]).
func (s *Server) InputSent(page uint64, contents []byte, now int64) {
	s.pending = append(s.pending, inputSent{page: page, want: bytes.Clone(contents), at: now})
}

// Pending is the number of NSREQ_INPUT pages the core has not read yet.
func (s *Server) Pending() int { return len(s.pending) }

// Read is the core server running jif_input on the oldest NSREQ_INPUT page,
// whose contents are now what read returns. A page that changed since the
// IPC is the input environment's reuse of it: the finding names the
// frames involved. The frame read is appended to Delivered.
func (s *Server) Read(read func(page uint64) []byte, now int64) ([]byte, *Finding) {
	if len(s.pending) == 0 {
		return nil, nil
	}
	p := s.pending[0]
	s.pending = s.pending[1:]
	got := read(p.page)
	frame, err := JifFrame(got)
	if !bytes.Equal(got, p.want) {
		sent, _ := JifFrame(p.want)
		return nil, &Finding{Class: ClassInputPageReuse, Msg: fmt.Sprintf(
			"the core network server read the NSREQ_INPUT page %#x %s after the input environment sent it, and it no longer holds the %d-byte frame sent (it now holds %s): the input environment wrote the page again before the server was done with it",
			p.page, fmtDelay(now-p.at), len(sent), describeJif(frame, err))}
	}
	if err != nil {
		return nil, &Finding{Class: "corrupt-frame", Msg: fmt.Sprintf("the input environment sent an NSREQ_INPUT page whose %v", err)}
	}
	f := bytes.Clone(frame)
	s.Delivered = append(s.Delivered, f)
	return f, nil
}

func describeJif(frame []byte, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("a %d-byte frame", len(frame))
}

func fmtDelay(ns int64) string {
	if ns < 1000 {
		return fmt.Sprintf("%d ns", ns)
	}
	if ns < 1e6 {
		return fmt.Sprintf("%.1f us", float64(ns)/1e3)
	}
	return fmt.Sprintf("%.3f ms", float64(ns)/1e6)
}

// OutputReceived records that the output environment's ipc_recv returned
// an NSREQ_OUTPUT page with frame. If the frame of the page before was
// never accepted by the transmit system call, the output environment
// dropped it.
func (s *Server) OutputReceived(frame []byte) *Finding {
	f := s.outputDropped()
	s.outFrame, s.outDone = bytes.Clone(frame), false
	s.outSeq++
	return f
}

// OutputRecv records that the output environment called ipc_recv again
// (for its next request): the frame it holds must have been accepted.
func (s *Server) OutputRecv() *Finding { return s.outputDropped() }

func (s *Server) outputDropped() *Finding {
	if s.outDone {
		return nil
	}
	s.outDone = true
	return &Finding{Class: ClassOutputDrop, Msg: fmt.Sprintf(
		"the output environment asked for its next request (ipc_recv) without the transmit system call ever accepting the %d-byte frame of NSREQ_OUTPUT page %d: it dropped the frame (a full ring must be retried, yielding in between)",
		len(s.outFrame), s.outSeq)}
}

// Transmitted records that the transmit system call accepted the frame the
// output environment holds (returned >= 0).
func (s *Server) Transmitted() { s.outDone = true }

// UserBuffer watches one net system call's user buffer: the kernel may
// touch it only after user_mem_assert covered it, and a receive may write
// only inside it.
type UserBuffer struct {
	Call    string // "SYS_net_try_recv"
	num     int    // its number
	Lo, Hi  uint64 // the buffer the user passed
	checked bool
	Receive bool
	// Sized: the call passes no length (sys_pkt_recv(buf, &len)), so the
	// buffer is as long as the first user_mem_assert that covers Lo says.
	Sized    bool
	findings []*Finding
}

// Checked records user_mem_assert or user_mem_check of [va, va+n) by the
// system call; a check that covers the buffer makes later accesses legal.
func (b *UserBuffer) Checked(va, n uint64) {
	if va <= b.Lo && va+n >= b.Hi {
		if b.Sized && !b.checked {
			b.Hi = va + n
		}
		b.checked = true
	}
}

// Access records an access of the kernel (the driver, or memmove on its
// behalf) to [addr, addr+n) at site and returns a finding, if any.
func (b *UserBuffer) Access(addr, n uint64, write bool, site string) *Finding {
	inside := addr < b.Hi && addr+n > b.Lo
	switch {
	case inside && !b.checked:
		return &Finding{Class: ClassUncheckedPointer, Msg: fmt.Sprintf(
			"%s passed the user's pointer %#x to the kernel, which accessed it at %s before any user_mem_assert: a bad pointer from the environment (unmapped, or a kernel address) faults in the kernel or leaks kernel memory instead of destroying the environment",
			b.Call, b.Lo, site)}
	case write && b.Receive && b.checked && addr+n > b.Hi && addr < b.Hi+PageSize:
		return &Finding{Class: ClassPastUserBuffer, Msg: fmt.Sprintf(
			"%s wrote %d bytes at %#x, past the end of the user's %d-byte buffer at %#x (%s): the frame was copied without bounding it by the length the user passed",
			b.Call, addr+n-b.Hi, b.Hi, b.Hi-b.Lo, b.Lo, site)}
	}
	return nil
}

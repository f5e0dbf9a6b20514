package qemu

import "time"

// Class is the kind of outcome of a run.
type Class string

// The verdict classes.
const (
	// Pass: the scenario completed; every expected echo reached the guest.
	Pass Class = "pass"
	// Panic: the guest printed "panic: " (xv6's panic, or a trap in the guest).
	Panic Class = "panic"
	// LostPacket: the console still answers, but expected frames are missing.
	LostPacket Class = "lost-packet"
	// Hang: the console is dead; the harts' pcs are in [Result.Harts].
	Hang Class = "hang"
)

// Verdict is the judgement of one run.
type Verdict struct {
	Class Class
	// Message says what happened, e.g. "panic: acquire (acquire <- e1000_transmit
	// <- net_rx <- e1000_recv <- e1000_intr)".
	Message string
}

func (v Verdict) String() string { return string(v.Class) + ": " + v.Message }

// Result is what one run produced.
type Result struct {
	Verdict Verdict
	// Console is everything the guest printed.
	Console string
	// Frames are the frames the guest transmitted, in order, as the peer saw them.
	Frames [][]byte
	// Injected are the frames the peer put on the wire toward the guest.
	Injected [][]byte
	// RxSeqs are the ping sequence numbers the guest reported receiving, in order.
	RxSeqs []uint32
	// Harts are the pcs of the harts when the verdict is Hang.
	Harts []Hart
	// PcapPath is the wire as QEMU's filter-dump saw it ("" without ArtifactDir).
	PcapPath string
	// Wall is the wall time of the run, build excluded.
	Wall time.Duration
	// BootWall is the wall time from QEMU's start to the guest's ready marker.
	BootWall time.Duration
}

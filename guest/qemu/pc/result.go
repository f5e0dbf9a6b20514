package pc

import "time"

// Class is the kind of outcome of a run.
type Class string

// The verdict classes.
const (
	// Pass: every echo came back, every non-zero command id was reported once
	// with success, id 0 never, and the frames received are the frames sent to
	// the guest, in order and intact (some may be dropped).
	Pass Class = "pass"
	// Panic: the guest printed "panic: " (an assert, _kpanic, or a CPU trap).
	Panic Class = "panic"
	// Hang: the console stopped answering (an interrupt storm, a spin with
	// interrupts off); [Result.EIP] says where the CPU was.
	Hang Class = "hang"
	// Missing: the guest finished or still answers, but echoes or command
	// callbacks are missing.
	Missing Class = "missing"
	// Wrong: the driver broke the eth API's contract: id 0 reported, an id
	// reported twice or never issued, a failed command, a frame received
	// twice, out of order or with other bytes than were sent.
	Wrong Class = "wrong"
)

// Verdict is the judgement of one run.
type Verdict struct {
	Class Class
	// Message says what happened, e.g. "command id 0 reported (status 0)".
	Message string
}

func (v Verdict) String() string { return string(v.Class) + ": " + v.Message }

// Tx is a "nicsim: tx" line: one call of _eth_tx or _eth_loadaddr.
type Tx struct {
	ID   int
	Kind string // "ias", "too-large", "arp-announce", "arp-request", "arp-reply", "ping"
	Seq  int    // ping sequence number, -1 otherwise
	Len  int
	RC   int // the call's return value (0 = ETH_SUCCESS)
}

// Cmd is a "nicsim: cmd" line: one command callback.
type Cmd struct {
	ID, Status int
}

// Rx is a "nicsim: rx" line: one receive callback.
type Rx struct {
	N, Status, Len int
	CRC            uint32 // IEEE CRC-32 of the bytes the callback got
	Kind           string // "arp-request", "arp-reply", "echo", "udp", "arp", "other", "error"
	Seq            int
}

// Result is what one run produced.
type Result struct {
	Verdict Verdict
	// Console is everything the guest printed.
	Console string
	// Tx, Cmds and Rx are the workload's lines, in console order.
	Tx   []Tx
	Cmds []Cmd
	Rx   []Rx
	// Frames are the frames the guest transmitted; Injected those the peer
	// sent toward the guest.
	Frames   [][]byte
	Injected [][]byte
	// Dropped counts injected frames that never reached the rx callback.
	Dropped int
	// EIP is the CPU's instruction pointer when the verdict is Hang, and Where
	// that address as function+offset.
	EIP   uint32
	Where string
	// PcapPath is the wire as QEMU saw it ("" without ArtifactDir).
	PcapPath string
	// Wall is the wall time of the run (build excluded); BootWall the part
	// until the guest said ready.
	Wall, BootWall time.Duration
}

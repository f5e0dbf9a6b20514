package jospc

import "time"

// Class is the kind of outcome of a run.
type Class string

// The verdict classes.
const (
	// Pass: the gateway's ARP reply and every echo came back through the
	// receive function, and every frame received is a frame the peer sent, in
	// order and byte for byte.
	Pass Class = "pass"
	// Panic: the guest printed JOS's "kernel panic" (PADDR of a bad address,
	// an assert, the driver's own panic) or "panic: trap" (a CPU exception,
	// such as a page fault in the driver).
	Panic Class = "panic"
	// Hang: the console stopped answering (the driver spins, for example on a
	// register value the compiler kept); [Result.Where] says where the CPU was.
	Hang Class = "hang"
	// Missing: the guest still answers, but the ARP reply or echoes never came
	// back (nothing on the wire, nothing received, a transmit refused for good).
	Missing Class = "missing"
	// Wrong: a received frame is no frame the peer sent (altered, longer,
	// duplicated, out of order), or the receive function returned more bytes
	// than the buffer holds.
	Wrong Class = "wrong"
)

// Verdict is the judgement of one run.
type Verdict struct {
	Class Class
	// Message says what happened.
	Message string
}

func (v Verdict) String() string { return string(v.Class) + ": " + v.Message }

// Tx is a "nicsim: tx" line: one frame handed to the transmit function.
type Tx struct {
	Kind    string // "arp-request", "arp-reply", "ping"
	Seq     int    // ping sequence number, -1 otherwise
	Len     int
	RC      int // the last call's return value (< 0: refused, given up)
	Retries int // calls that returned < 0 before it
}

// Rx is a "nicsim: rx" line: one frame the receive function returned.
type Rx struct {
	N, Len int
	Cap    int    // the buffer size the call was given
	CRC    uint32 // IEEE CRC-32 of the bytes received
	Kind   string // "arp-request", "arp-reply", "echo", "udp", "arp", "other"
	Seq    int
}

// Result is what one run produced.
type Result struct {
	Verdict Verdict
	// Console is everything the guest printed.
	Console string
	// AttachRC is the attach function's return value.
	AttachRC int
	// Tx and Rx are the workload's lines, in console order.
	Tx []Tx
	Rx []Rx
	// Frames are the frames the guest put on the wire; Injected those the
	// peer sent toward the guest.
	Frames, Injected [][]byte
	// EIP is the CPU's instruction pointer when the verdict is Hang, and
	// Where that address as function+offset.
	EIP   uint32
	Where string
	// PcapPath is the wire as QEMU saw it ("" without ArtifactDir).
	PcapPath string
	// Wall is the wall time of the run (build excluded); BootWall the part
	// until the guest said ready (QEMU's start, the firmware, the attach).
	Wall, BootWall time.Duration
}

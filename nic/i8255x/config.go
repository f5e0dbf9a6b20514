package i8255x

import "github.com/nicsim/nicsim/nic"

// Personality is the device's personality ([nic.Personality]): where
// QEMU's eepro100 and the 8255x manual disagree, [QEMU] runs every SCB
// command inside the register write that issues it (the CBL is walked
// there), clears the command byte at once, accepts CU resume from idle,
// checks no alignment and still writes a size-0 RFD; [Strict] accepts a
// command in a later scheduler step (a second command written before that
// is lost), ignores CU resume on an idle CU, fetches and writes back blocks
// in the CU's and RU's own steps, faults misaligned blocks and skips a
// size-0 RFD.
type Personality = nic.Personality

// The two personalities, as nic names them.
const (
	QEMU   = nic.QEMU
	Strict = nic.Strict
)

// DefaultMAC is QEMU's default MAC address, 52:54:00:12:34:56.
var DefaultMAC = [6]byte{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}

// DefaultRXFIFO is how many frames the strict receive FIFO holds (the
// 82557 has 3 KiB of receive FIFO: two full-size frames and change).
const DefaultRXFIFO = 4

// qemuQueueCap bounds the frames waiting for the qemu RU's step.
const qemuQueueCap = 256

// Verdict classes the device's oracles add (see also [sim.ClassConfig],
// [sim.ClassRingOwnership], [sim.ClassDMAFault] and [sim.ClassUseAfterFree]).
const (
	// ClassCommandLost: an SCB command was written before the previous one
	// was accepted (strict; catalogue row 28).
	ClassCommandLost = "scb-command-lost"
	// ClassIdleResume: the CU stalled because a CU resume was issued while
	// it was idle (strict; catalogue row 29).
	ClassIdleResume = "cu-resume-idle"
	// ClassStartActive: CU start was issued while the CU was active
	// (strict; catalogue row 29).
	ClassStartActive = "cu-start-active"
	// ClassAppendRace: the CU stopped on an EL or S bit the driver had
	// already cleared, because it fetched the block before the store, and
	// nothing restarted it (strict; catalogue row 30).
	ClassAppendRace = "cbl-append-race"
	// ClassMisaligned: a CB, RFD or dump area that is not aligned as the
	// manual requires (strict; catalogue row 33).
	ClassMisaligned = "misaligned-block"
)

// Config sets up a device. The zero value is a QEMU personality with
// [DefaultMAC].
type Config struct {
	Personality Personality
	// MAC is the EEPROM's MAC address and the individual address until an
	// IA setup command changes it (zero means [DefaultMAC]).
	MAC [6]byte
	// RXFIFO is how many frames the strict receive FIFO holds before
	// arriving frames are dropped as overruns (zero means [DefaultRXFIFO]).
	RXFIFO int
	// DeclareDMA, if set, is told of each block of memory the device
	// learns it will DMA: every CB and RFD it reaches through the SCB
	// general pointer and links (the header first, the whole block once
	// its size is known), and the dump area. A hosted driver's stores there
	// become scheduling points. It is called at most once per (addr, n).
	DeclareDMA func(addr, n uint64)
	// NoOracles turns off the checks nicsim adds and hardware does not make
	// (block ownership, DMA into freed pages), so that the qemu personality
	// shows only what a guest under QEMU would show.
	NoOracles bool
	_         struct{}
}

func (c Config) withDefaults() Config {
	if c.MAC == ([6]byte{}) {
		c.MAC = DefaultMAC
	}
	if c.RXFIFO <= 0 {
		c.RXFIFO = DefaultRXFIFO
	}
	return c
}

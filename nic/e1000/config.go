package e1000

import (
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// Personality is the device's personality ([nic.Personality]): where QEMU's
// e1000 and the 82540EM manual disagree, [QEMU] transmits synchronously
// inside the TDT (or TCTL) write, silently masks the low bits of ring bases
// and lengths, blocks reception for 1 s of virtual time after every RCTL
// write and queues frames it cannot take; [Strict] runs the DMA engines in
// separate scheduler steps, faults misaligned or mis-sized rings, lets head
// registers run ahead of write-back and drops what overflows the packet
// buffer with RXO.
type Personality = nic.Personality

// The two personalities, as nic names them.
const (
	QEMU   = nic.QEMU
	Strict = nic.Strict
)

// DefaultMAC is QEMU's default MAC address, 52:54:00:12:34:56.
var DefaultMAC = [6]byte{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}

// DefaultRXFIFO is the number of frames the strict packet buffer holds.
const DefaultRXFIFO = 8

// qemuQueueCap is how many frames the QEMU personality holds back while the
// device cannot receive: QEMU's net layer queue (net/queue.c, nq_maxlen
// 10000). A frame QEMU would queue is never dropped; beyond it frames drop.
const qemuQueueCap = 10000

// Config sets up a device. The zero value is a QEMU personality without
// interrupt mitigation; [DefaultConfig] gives each personality's defaults.
type Config struct {
	Personality Personality
	// MAC is the EEPROM's MAC address, also loaded into RAL0/RAH0 at reset
	// (zero means [DefaultMAC]).
	MAC [6]byte
	// Mitigation enables QEMU's interrupt mitigation: a rising edge of the
	// interrupt line is postponed until at least ~128 us after the previous
	// one (spec §3.4). QEMU has it on by default.
	Mitigation bool
	// RXFIFO is how many frames the strict packet buffer holds before
	// arriving frames are dropped with RXO (zero means [DefaultRXFIFO]).
	RXFIFO int
	// DelayDD (strict, fault injection) holds each TX write-back for up to
	// this long, drawn from the fault stream: slots stay device-owned longer.
	DelayDD sim.Time
	// NoOracles turns off the checks nicsim adds and hardware does not make
	// (descriptor ownership, DMA into freed pages), so that the qemu
	// personality shows what a guest under QEMU would show, for comparing
	// the two.
	NoOracles bool
	// HoldReset (strict) keeps CTRL.RST set for resetHold after the driver
	// sets it, as the manual allows, and fails a write that changes a
	// register before then; set for kernels whose drivers write their own
	// reset (nic.Config.DriverResets).
	HoldReset bool
	_         struct{}
}

// DefaultConfig is the configuration a personality has out of the box:
// mitigation on for QEMU, off for Strict.
func DefaultConfig(p Personality) Config {
	return Config{Personality: p, MAC: DefaultMAC, Mitigation: p == QEMU, RXFIFO: DefaultRXFIFO}
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

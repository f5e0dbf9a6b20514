package e1000

import (
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/ring"
	"github.com/nicsim/nicsim/sim"
)

// Wire is where the device puts transmitted frames.
type Wire = nic.Wire

// Device is one 82540EM: its register window, its two DMA engines (sim
// actors "nic.tx" and "nic.rx") and the ownership oracle of its rings.
type Device struct {
	m    *sim.Machine
	cfg  Config
	wire Wire
	zbuf []byte // zeros for reads of unmapped memory (qemu personality)

	src          sim.SourceID // "nic": interrupts
	txID, rxID   sim.ActorID
	txSrc, rxSrc sim.SourceID

	r       regFile
	eeprom  [eepromWords]uint16
	irq     irqState
	tx      txState
	txNotes txCmdNotes // TX descriptors seen without EOP or RS
	rx      rxState
	stats   Stats
	// dmaVisible is told of the rings as the driver programs them (see
	// [nic.Env]); decl holds TDBAL, TDLEN, RDBAL, RDLEN as last written.
	dmaVisible func(addr, n uint64)
	decl       [4]uint32
	// resetUntil is when the strict device's reset by CTRL.RST is done.
	resetUntil sim.Time
	// icrAcks counts the driver's ICR reads and writes.
	icrAcks uint64
}

// ICRAcks is how many times the driver read ICR or wrote it (both
// acknowledge interrupt causes) since the device was created.
func (d *Device) ICRAcks() uint64 { return d.icrAcks }

// Stats counts what the device did since it was created. Unlike the
// statistics registers, reading them clears nothing.
type Stats struct {
	TXFrames, TXBytes uint64 // frames put on the wire
	RXFrames, RXBytes uint64 // frames written into the RX ring
	RXDropped         uint64 // all RX drops, the reasons below included
	RXOverrun         uint64 // no descriptors or packet buffer full (MPC)
	RXFiltered        uint64 // rejected by the address filter
	RXOversize        uint64 // longer than RCTL allows
	RXDisabled        uint64 // arrived while the receiver was off (strict)
	RXQueueFull       uint64 // QEMU's hold-back queue was full
	Interrupts        uint64 // rising edges of the interrupt line
}

type txActor struct{ d *Device }

func (a txActor) Step(*sim.Machine) { a.d.stepTX() }

type rxActor struct{ d *Device }

func (a rxActor) Step(*sim.Machine) { a.d.stepRX() }

// New returns a device in its reset state, registers its DMA engines with m
// (disabled until they have work) and sends frames to w (nil discards them).
func New(m *sim.Machine, cfg Config, w Wire) *Device {
	d := &Device{m: m, cfg: cfg.withDefaults(), wire: w}
	d.txID = m.AddActor("nic.tx", txActor{d})
	d.rxID = m.AddActor("nic.rx", rxActor{d})
	d.txSrc, d.rxSrc = m.ActorSource(d.txID), m.ActorSource(d.rxID)
	d.src = m.Source("nic")
	d.eeprom = eepromImage(d.cfg.MAC)
	d.tx.own.init("TX", "TDH", "TDT")
	d.rx.own.init("RX", "RDH", "RDT")
	d.irq.mit = mitTimer{d}
	d.rx.flush = flushTimer{d}
	d.rx.delay = rxDelayTimer{d}
	d.reset()
	return d
}

// Personality is the personality the device was created with.
func (d *Device) Personality() Personality { return d.cfg.Personality }

func (d *Device) strict() bool { return d.cfg.Personality == Strict }

// reset puts every register in its power-on state, abandons DMA in flight
// and lowers the interrupt line (QEMU e1000_reset_hold; strict CTRL.RST).
func (d *Device) reset() {
	d.r = regFile{ctrl: ctrlReset}
	d.loadRA0()
	d.irq.reset(d.m)
	d.tx.reset()
	d.txNotes = txCmdNotes{}
	d.rx.reset(d.m)
	d.tx.own.disarm()
	d.rx.own.disarm()
	d.setLine(false)
	d.updateTX()
	d.updateRX()
}

// loadRA0 loads the EEPROM's MAC into RAL0/RAH0 with AV set.
func (d *Device) loadRA0() {
	mac := d.cfg.MAC
	d.r.ra[0] = uint32(mac[0]) | uint32(mac[1])<<8 | uint32(mac[2])<<16 | uint32(mac[3])<<24
	d.r.ra[1] = uint32(mac[4]) | uint32(mac[5])<<8 | rahAV
}

// TXRing reports the TX ring as the device sees it: the DMA address of
// descriptor 0, the number of descriptors, TDH and TDT.
func (d *Device) TXRing() (base uint64, size ring.Count, head, tail ring.Index) {
	t := &d.r.td
	return t.base(), ring.Count(t.size()), ring.Index(t.head), ring.Index(t.tail)
}

// RXRing reports the RX ring as the device sees it (see [Device.TXRing]).
func (d *Device) RXRing() (base uint64, size ring.Count, head, tail ring.Index) {
	r := &d.r.rd
	return r.base(), ring.Count(r.size()), ring.Index(r.head), ring.Index(r.tail)
}

// Stats returns the device's counters.
func (d *Device) Stats() Stats { return d.stats }

// IRQ reports the level of the device's interrupt line.
func (d *Device) IRQ() bool { return d.irq.line }

// Pending is the number of received frames the device holds (QEMU's queue
// or the strict packet buffer), the one in flight included.
func (d *Device) Pending() int { return d.rx.q.len() }

package i8255x

import (
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// Wire is where the device puts transmitted frames ([nic.Wire]).
type Wire = nic.Wire

// Device is one 82557: its CSR window, its command and receive units, the
// actors that move them ("nic.scb", "nic.cu", "nic.ru") and the ownership
// oracles of its block lists.
type Device struct {
	m    *sim.Machine
	cfg  Config
	wire Wire
	zbuf []byte // zeros for reads of unmapped memory (qemu personality)

	src                  sim.SourceID // "nic": interrupts, register side effects
	scbID, cuID, ruID    sim.ActorID
	scbSrc, cuSrc, ruSrc sim.SourceID

	csr      [csrSize]byte // the CSR bytes as last written (status computed)
	cus, rus uint8         // unit states
	irq      irqState
	blind    blindAck
	rawSite  string // the line of the last raw dword store at 0x00 (QEMU)
	scb      scbState
	cu       cuState
	ru       ruState
	conf     [configBytes]byte // configure command bytes
	ia       [6]byte           // individual address
	mult     [8]byte           // multicast hash
	ee       eeprom
	phy      [phyRegs]uint16
	counters [statsDwords]uint32 // dump-statistics counters
	dumpAddr uint32              // load dump-counters address
	declared map[uint64]uint64   // DeclareDMA calls made: addr -> largest n
	own      ownCache            // what the units own, per generation
	gen      uint64              // bumped whenever the units' state may have changed
	stats    Stats
}

// Stats counts what the device did since it was created. Reading them
// clears nothing.
type Stats struct {
	TXFrames, TXBytes uint64 // frames put on the wire
	RXFrames, RXBytes uint64 // frames written into RFDs
	RXDropped         uint64 // all RX drops, the reasons below included
	RXNoResources     uint64 // arrived while the RU was not ready
	RXFiltered        uint64 // rejected by the address filter or length rules
	RXOverrun         uint64 // the strict receive FIFO was full
	RXTruncated       uint64 // longer than the RFD's size
	RNR               uint64 // RNR causes raised
	Commands          uint64 // SCB commands accepted (non-zero command byte)
	CBs               uint64 // action commands completed
	IdleResumes       uint64 // CU resume on an idle CU (qemu: accepted; strict: ignored)
	StaleStops        uint64 // CU stopped on an EL/S bit cleared after its fetch
	Interrupts        uint64 // rising edges of the interrupt line
	Acks              uint64 // STAT/ACK writes that cleared a cause
}

type scbActor struct{ d *Device }

func (a scbActor) Step(*sim.Machine) { a.d.acceptCommand() }

type cuActor struct{ d *Device }

func (a cuActor) Step(*sim.Machine) { a.d.stepCU() }

type ruActor struct{ d *Device }

func (a ruActor) Step(*sim.Machine) { a.d.stepRU() }

// unitMaxWait bounds how long a unit with work (a pending SCB command, an
// active CU, frames for the RU) waits for a step: the 82557 runs on its own
// clock, so a driver polling the command byte or a C bit in a loop sees it
// move within microseconds, whatever the schedule (5 us: a few hundred of
// the driver's steps, far more than any race window of the model).
const unitMaxWait = 5 * sim.Microsecond

// New returns a device in its power-on state, registers its actors with m
// (disabled until they have work) and sends frames to w (nil discards
// them).
func New(m *sim.Machine, cfg Config, w Wire) *Device {
	d := &Device{m: m, cfg: cfg.withDefaults(), wire: w, declared: map[uint64]uint64{}}
	d.scbID = m.AddActor("nic.scb", scbActor{d})
	d.cuID = m.AddActor("nic.cu", cuActor{d})
	d.ruID = m.AddActor("nic.ru", ruActor{d})
	for _, id := range []sim.ActorID{d.scbID, d.cuID, d.ruID} {
		m.SetMaxWait(id, unitMaxWait)
	}
	d.scbSrc, d.cuSrc, d.ruSrc = m.ActorSource(d.scbID), m.ActorSource(d.cuID), m.ActorSource(d.ruID)
	d.src = m.Source("nic")
	d.ia = d.cfg.MAC
	d.powerOn()
	return d
}

// Personality is the personality the device was created with.
func (d *Device) Personality() Personality { return d.cfg.Personality }

func (d *Device) strict() bool { return d.cfg.Personality == Strict }

// Stats returns the device's counters.
func (d *Device) Stats() Stats { return d.stats }

// IRQ reports the level of the device's interrupt line.
func (d *Device) IRQ() bool { return d.irq.line }

// CU returns the command unit's state (CUIdle, CUSuspended, CUActive).
func (d *Device) CU() uint8 { return d.cus }

// RU returns the receive unit's state (RUIdle, RUSuspended,
// RUNoResources, RUReady).
func (d *Device) RU() uint8 { return d.rus }

// MAC is the address the EEPROM holds.
func (d *Device) MAC() [6]byte { return d.cfg.MAC }

// IA is the individual address the receive filter matches.
func (d *Device) IA() [6]byte { return d.ia }

// Pending is the number of received frames waiting for the RU.
func (d *Device) Pending() int { return d.ru.q.len() }

// powerOn is the hardware reset: everything idle and zero, the EEPROM image
// and PHY registers loaded, the line low.
func (d *Device) powerOn() {
	d.softReset(true)
	d.cu.base, d.ru.base, d.dumpAddr = 0, 0, 0
	d.cu.off, d.ru.off = 0, 0
	d.conf = [configBytes]byte{}
	d.ee.load(d.cfg.MAC)
	d.setLine(false)
	d.irq.qstat = 0
}

// softReset is PORT software reset (full) or selective reset: both units
// idle, CSRs cleared (interrupts unmasked), work in flight abandoned.
func (d *Device) softReset(full bool) {
	d.csr = [csrSize]byte{}
	le.PutUint32(d.csr[MDICtl:], 1<<21) // QEMU: PHY address 1
	d.cus, d.rus = CUIdle, RUIdle
	d.scb.reset()
	d.cu.reset()
	d.ru.reset()
	d.resetPHY()
	if full {
		d.mult = [8]byte{}
	}
	if d.strict() {
		d.cu.base, d.ru.base, d.dumpAddr = 0, 0, 0
		d.cu.off, d.ru.off = 0, 0
		d.conf = [configBytes]byte{}
		d.ia = d.cfg.MAC
		d.updateLine()
	}
	d.updateActors()
}

// updateActors enables each actor exactly when it has work. Every change
// of the units' state ends here, so it also starts a new ownership
// generation.
func (d *Device) updateActors() {
	d.gen++
	d.m.SetEnabled(d.scbID, d.strict() && d.csr[SCBCmd] != 0)
	d.m.SetEnabled(d.cuID, d.strict() && d.cus == CUActive)
	d.m.SetEnabled(d.ruID, d.ru.q.len() > 0)
}

package e1000

import (
	"fmt"

	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

func init() { nic.Register(model) }

// model is the 82540EM as it registers with [nic.Register]; nic/all imports
// the package for it.
var model = &nic.Model{
	Name:       "e1000",
	Title:      "Intel 82540EM Gigabit Ethernet",
	VendorID:   0x8086,
	DeviceID:   0x100E,
	QEMUDevice: "e1000",
	TraceID:    0,
	Windows:    []nic.Window{{Space: nic.MMIO, Size: barMask + 1, Align: 4}},
	Regs:       regTable,
	Arrays: []nic.RegArray{
		{Name: "MTA", Space: nic.MMIO, Off: MTA, Count: mtaWords, Stride: 4},
		{Name: "RA", Space: nic.MMIO, Off: RAL0, Count: raWords, Stride: 4},
	},
	Actors: []string{"nic.tx", "nic.rx"},
	Faults: []nic.FaultKind{
		{Name: "dd-delay", Choices: []int64{0, int64(20 * sim.Microsecond), int64(200 * sim.Microsecond)},
			Format: func(v int64) string { return "dd-delay<=" + sim.FormatTime(sim.Time(v)) }},
		{Name: "rx-fifo", Choices: []int64{0, 1}, Lossy: true,
			Format: func(int64) string { return fmt.Sprintf("rx-fifo=%d", smallFIFO) }},
	},
	Columns: []nic.Column{
		{Name: "TX", Head: "TDH", Tail: "TDT", Len: "TDLEN", HeadEvent: "tdh", Size: ringSlots, Index: ringIndex},
		{Name: "RX", Head: "RDH", Tail: "RDT", Len: "RDLEN", HeadEvent: "rdh", Size: ringSlots, Index: ringIndex},
	},
	Settle: settle,
	New:    build,
}

// settle is QEMU's receive blackout after init, with margin: QEMU's e1000
// receives nothing for 1 s after an RCTL write.
func settle(p nic.Personality) sim.Time {
	if p == QEMU {
		return 1100 * sim.Millisecond
	}
	return 0
}

func ringSlots(v uint32) int { return int(v&ringLenMask) / descSize }
func ringIndex(v uint32) int { return int(v & indexMask) }

// Fault kinds, by their index in model.Faults.
const (
	faultDelayDD = iota
	faultSmallFIFO
)

const (
	// scenarioFIFO approximates the 82540EM's 48 KiB receive packet buffer
	// for small frames, so a strict device drops only under a burst far
	// beyond what a scenario sends.
	scenarioFIFO = 512
	// smallFIFO is the packet buffer under the rx-fifo fault: bursts overrun.
	smallFIFO = 8
)

// build is the registered constructor: each personality's defaults, a
// packet buffer sized for scenarios, and the swarm's faults under strict.
func build(env nic.Env, cfg nic.Config) nic.Device {
	dc := DefaultConfig(cfg.Personality)
	dc.RXFIFO = scenarioFIFO
	dc.NoOracles = cfg.NoOracles
	dc.HoldReset = cfg.DriverResets
	if cfg.Personality == Strict {
		dc.DelayDD = sim.Time(cfg.Fault(faultDelayDD))
		if cfg.Fault(faultSmallFIFO) != 0 {
			dc.RXFIFO = smallFIFO
		}
	}
	d := New(env.M, dc, env.Wire)
	d.dmaVisible = env.DMAVisible
	return d
}

// regTable names every register the model implements, datasheet order.
var regTable = []nic.Reg{
	{Name: "CTRL", Off: CTRL, Width: 4}, {Name: "STATUS", Off: STATUS, Width: 4},
	{Name: "EECD", Off: EECD, Width: 4}, {Name: "EERD", Off: EERD, Width: 4},
	{Name: "ICR", Off: ICR, Width: 4}, {Name: "ITR", Off: ITR, Width: 4},
	{Name: "ICS", Off: ICS, Width: 4}, {Name: "IMS", Off: IMS, Width: 4},
	{Name: "IMC", Off: IMC, Width: 4}, {Name: "RCTL", Off: RCTL, Width: 4},
	{Name: "TCTL", Off: TCTL, Width: 4}, {Name: "TIPG", Off: TIPG, Width: 4},
	{Name: "RDBAL", Off: RDBAL, Width: 4}, {Name: "RDBAH", Off: RDBAH, Width: 4},
	{Name: "RDLEN", Off: RDLEN, Width: 4}, {Name: "RDH", Off: RDH, Width: 4},
	{Name: "RDT", Off: RDT, Width: 4}, {Name: "RDTR", Off: RDTR, Width: 4},
	{Name: "RADV", Off: RADV, Width: 4}, {Name: "TDBAL", Off: TDBAL, Width: 4},
	{Name: "TDBAH", Off: TDBAH, Width: 4}, {Name: "TDLEN", Off: TDLEN, Width: 4},
	{Name: "TDH", Off: TDH, Width: 4}, {Name: "TDT", Off: TDT, Width: 4},
	{Name: "TIDV", Off: TIDV, Width: 4}, {Name: "TADV", Off: TADV, Width: 4},
	{Name: "MPC", Off: MPC, Width: 4}, {Name: "GPRC", Off: GPRC, Width: 4},
	{Name: "GPTC", Off: GPTC, Width: 4}, {Name: "RNBC", Off: RNBC, Width: 4},
	{Name: "ROC", Off: ROC, Width: 4}, {Name: "TPR", Off: TPR, Width: 4},
	{Name: "TPT", Off: TPT, Width: 4}, {Name: "RAL0", Off: RAL0, Width: 4},
	{Name: "RAH0", Off: RAH0, Width: 4},
}

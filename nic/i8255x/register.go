package i8255x

import (
	"fmt"

	"github.com/nicsim/nicsim/nic"
)

func init() { nic.Register(model) }

// model is the 82557 as it registers with [nic.Register]; nic/all imports
// the package for it.
var model = &nic.Model{
	Name:       "i8255x",
	Title:      "Intel 82557 Fast Ethernet (QEMU i82557b)",
	VendorID:   0x8086,
	DeviceID:   0x1229,
	QEMUDevice: "i82557b",
	TraceID:    1,
	Windows: []nic.Window{
		{Space: nic.MMIO, Size: MMIOSize, Align: 1},
		{Space: nic.Port, Size: IOSize, Align: 1},
	},
	Regs:    append(regTable(nic.Port), regTable(nic.MMIO)...),
	Actors:  []string{"nic.scb", "nic.cu", "nic.ru"},
	Classes: []string{ClassCommandLost, ClassIdleResume, ClassStartActive, ClassAppendRace, ClassMisaligned},
	Faults: []nic.FaultKind{
		{Name: "rx-fifo", Choices: []int64{0, 1}, Lossy: true,
			Format: func(int64) string { return fmt.Sprintf("rx-fifo=%d", smallFIFO) }},
	},
	New: build,
}

// Fault kinds, by their index in model.Faults.
const faultSmallFIFO = 0

// smallFIFO is the strict receive FIFO under the rx-fifo fault: a burst
// overruns it.
const smallFIFO = 1

// build is the registered constructor.
func build(env nic.Env, cfg nic.Config) nic.Device {
	dc := Config{Personality: cfg.Personality, NoOracles: cfg.NoOracles, DeclareDMA: env.DMAVisible}
	if cfg.Personality == Strict && cfg.Fault(faultSmallFIFO) != 0 {
		dc.RXFIFO = smallFIFO
	}
	return New(env.M, dc, env.Wire)
}

// regTable names the CSR registers of one window, manual order (the SCB
// bytes separately, as drivers reach them).
func regTable(s nic.Space) []nic.Reg {
	return []nic.Reg{
		{Name: "SCB.STATUS", Space: s, Off: SCBStatus, Width: 1},
		{Name: "SCB.STATACK", Space: s, Off: SCBStatAck, Width: 1},
		{Name: "SCB.CMD", Space: s, Off: SCBCmd, Width: 1},
		{Name: "SCB.INTMASK", Space: s, Off: SCBIntMask, Width: 1},
		{Name: "SCB.POINTER", Space: s, Off: SCBPointer, Width: 4},
		{Name: "PORT", Space: s, Off: PORT, Width: 4},
		{Name: "FLASH", Space: s, Off: FlashCtl, Width: 2},
		{Name: "EEPROM", Space: s, Off: EEPROMCtl, Width: 2},
		{Name: "MDI", Space: s, Off: MDICtl, Width: 4},
		{Name: "RXDMA", Space: s, Off: RXDMACount, Width: 4},
	}
}

package i8255x

import (
	"encoding/binary"

	"github.com/nicsim/nicsim/nic"
)

var le = binary.LittleEndian

// Register windows. The CSR block decodes the same through the memory BAR
// (BAR0, 4 KiB in QEMU) and the I/O BAR (BAR1, 64 bytes).
const (
	SpaceMMIO = nic.MMIO // BAR0
	SpaceIO   = nic.Port // BAR1
	MMIOSize  = 0x1000
	IOSize    = 0x40
	csrSize   = 0x20 // bytes of CSR actually decoded
)

// CSR byte offsets (8255x manual names).
const (
	SCBStatus  = 0x00 // CUS (7:6) and RUS (5:2), read-only
	SCBStatAck = 0x01 // interrupt causes, write 1 to acknowledge
	SCBCmd     = 0x02 // CUC (7:4) and RUC (2:0)
	SCBIntMask = 0x03 // M, SI and (82558+) specific masks
	SCBPointer = 0x04 // general pointer (dword)
	PORT       = 0x08 // function (3:0) and address (31:4)
	FlashCtl   = 0x0C
	EEPROMCtl  = 0x0E
	MDICtl     = 0x10
	RXDMACount = 0x14
	GenStatus  = 0x1D // 82559 general status (QEMU: link, 100 Mb/s, FD)
)

// STAT/ACK bits (interrupt causes).
const (
	CX  = 0x80 // CU finished a command with I set
	FR  = 0x40 // RU finished a frame
	CNA = 0x20 // CU left the active state
	RNR = 0x10 // RU left the ready state
	MDI = 0x08 // MDI cycle completed
	SWI = 0x04 // software interrupt
)

// Interrupt-control byte bits.
const (
	IntM  = 0x01 // mask the pin
	IntSI = 0x02 // raise SWI
)

// CU commands (SCB command byte 7:4).
const (
	CUNop         = 0x00
	CUStart       = 0x10
	CUResume      = 0x20
	CULoadDumpAdr = 0x40
	CUDumpStats   = 0x50
	CULoadBase    = 0x60
	CUDumpReset   = 0x70
	CUStaticRes   = 0xA0 // 82558+
)

// RU commands (SCB command byte 2:0).
const (
	RUNop      = 0
	RUStart    = 1
	RUResume   = 2
	RUDMARedir = 3 // 82558+
	RUAbort    = 4
	RULoadHDS  = 5
	RULoadBase = 6
	RURBDRes   = 7
)

// CU states (SCB status bits 7:6).
const (
	CUIdle      = 0
	CUSuspended = 1
	CUActive    = 2
)

// RU states (SCB status bits 5:2).
const (
	RUIdle        = 0
	RUSuspended   = 1
	RUNoResources = 2
	RUReady       = 4
)

// PORT functions.
const (
	PortReset     = 0
	PortSelfTest  = 1
	PortSelective = 2
	PortDump      = 3
)

// EEPROM control bits (low byte of the register at 0x0E).
const (
	EESK = 0x01
	EECS = 0x02
	EEDI = 0x04
	EEDO = 0x08
)

// MDI control fields.
const (
	mdiOpWrite = 1
	mdiOpRead  = 2
	MDIReady   = 1 << 28
	MDIIE      = 1 << 29
)

// Block layout (CB and RFD share the 8-byte header).
const (
	offStatus  = 0
	offCommand = 2
	offLink    = 4
	offTBDArr  = 8  // TCB: TBD array address; RFD: RBD address
	offCount   = 12 // TCB byte count; RFD actual count
	offThresh  = 14 // TCB transmit threshold; RFD size (word)
	offTBDNum  = 15
	offData    = 16 // simplified-mode data
	hdrSize    = 16
)

// CB and RFD status and command bits.
const (
	StatC  = 0x8000
	StatOK = 0x2000
	StatU  = 0x1000 // TX underrun

	CmdEL = 0x8000
	CmdS  = 0x4000
	CmdI  = 0x2000
	CmdNC = 0x0010 // TX: no CRC insertion
	CmdSF = 0x0008 // flexible mode
	cmdH  = 0x0010 // RFD: header RFD

	countEOF  = 0x8000
	countF    = 0x4000
	countMask = 0x3FFF
	noTBD     = 0xFFFFFFFF
)

// Action command codes (CB command bits 2:0).
const (
	OpNOP       = 0
	OpIASetup   = 1
	OpConfigure = 2
	OpMulticast = 3
	OpTransmit  = 4
	OpMicrocode = 5
	OpDump      = 6
	OpDiagnose  = 7
)

// RFD status bits beyond C and OK.
const (
	rfdTooSmall = 0x0200 // frame longer than the buffer (strict)
	rfdType     = 0x0020 // type/length field > 1500 (strict)
	rfdNoAddr   = 0x0004 // accepted only because of promiscuous mode
	rfdNoIA     = 0x0002 // destination was not the individual address
)

var opNames = [8]string{"NOP", "IA-setup", "configure", "multicast", "transmit", "microcode", "dump", "diagnose"}

var cuNames = [4]string{"idle", "suspended", "active", "hpq-active"}

func cuName(s uint8) string { return cuNames[s&3] }

func ruName(s uint8) string {
	switch s {
	case RUIdle:
		return "idle"
	case RUSuspended:
		return "suspended"
	case RUNoResources:
		return "no-resources"
	case RUReady:
		return "ready"
	}
	return "reserved"
}

package e1000

import "encoding/binary"

var le = binary.LittleEndian

// TX descriptor CMD bits (byte 11) and STA bits (byte 12), legacy layout.
const (
	txCmdEOP  = 0x01
	txCmdIFCS = 0x02
	txCmdRS   = 0x08
	txCmdRPS  = 0x10
	txCmdDEXT = 0x20
	txCmdVLE  = 0x40
	txCmdIDE  = 0x80

	txStaDD = 0x1
	txStaEC = 0x2
	txStaLC = 0x4
	txStaTU = 0x8

	txDtypData = 0x10 // DTYP=0001 in byte 10 bits 7:4 (extended data descriptor)
)

// RX descriptor status bits (byte 12).
const (
	rxStaDD   = 0x01
	rxStaEOP  = 0x02
	rxStaIXSM = 0x04
)

// txDesc is the device's copy of a 16-byte transmit descriptor.
type txDesc [descSize]byte

func (t *txDesc) addr() uint64   { return le.Uint64(t[0:]) }
func (t *txDesc) length() uint64 { return uint64(le.Uint16(t[8:])) }
func (t *txDesc) cmd() uint8     { return t[11] }
func (t *txDesc) sta() uint8     { return t[12] }

// eop reports the end-of-packet bit.
func (t *txDesc) eop() bool { return t.cmd()&txCmdEOP != 0 }

// reportStatus reports whether DD is to be written back (RS, or RPS as
// QEMU also accepts).
func (t *txDesc) reportStatus() bool { return t.cmd()&(txCmdRS|txCmdRPS) != 0 }

// context reports an extended context descriptor (DEXT, DTYP=0): it
// carries offload parameters and no data.
func (t *txDesc) context() bool { return t.cmd()&txCmdDEXT != 0 && t[10]&0xF0 != txDtypData }

// doneStatus is the STA byte written back: DD set, EC/LC/TU cleared.
func (t *txDesc) doneStatus() byte { return (t.sta() | txStaDD) &^ (txStaEC | txStaLC | txStaTU) }

// rxDesc is the device's copy of a 16-byte receive descriptor.
type rxDesc [descSize]byte

func (r *rxDesc) addr() uint64         { return le.Uint64(r[0:]) }
func (r *rxDesc) setLength(n uint16)   { le.PutUint16(r[8:], n) }
func (r *rxDesc) status() uint8        { return r[12] }
func (r *rxDesc) setStatus(s uint8)    { r[12] = s }
func (r *rxDesc) setSpecial(v uint16)  { le.PutUint16(r[14:], v) }
func (r *rxDesc) setChecksum(v uint16) { le.PutUint16(r[10:], v) }
func (r *rxDesc) setErrors(v uint8)    { r[13] = v }

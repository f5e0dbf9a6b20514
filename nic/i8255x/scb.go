package i8255x

import "github.com/nicsim/nicsim/sim"

// scbState is the strict command byte's pending command.
type scbState struct {
	at   sim.Time // when the pending command was written
	site string   // the driver line that wrote it (" at eth.c:96 (scb_cmd)")
}

func (s *scbState) reset() { *s = scbState{} }

// pointer is the SCB general pointer.
func (d *Device) pointer() uint32 { return le.Uint32(d.csr[SCBPointer:]) }

// writeCommand is a write of the SCB command byte. QEMU runs the RU and CU
// commands inside the write and clears the byte. Strict holds the command
// until the "nic.scb" actor accepts it; a second command written before
// then is lost, which fails the run.
func (d *Device) writeCommand(v uint8) {
	if !d.strict() {
		d.noteStart(v)
		d.csr[SCBCmd] = v
		d.m.Emit(d.src, kindSCBCmd, uint64(v), uint64(d.pointer()), 0)
		d.runCommand(v)
		d.csr[SCBCmd] = 0
		d.updateActors()
		return
	}
	if v == 0 {
		return // no command: a pending one stays pending
	}
	if old := d.csr[SCBCmd]; old != 0 {
		d.m.Fail(ClassCommandLost, "SCB command written before the previous one was accepted: %s written at t=%s while %s, written at t=%s, was still pending (the command byte read %#02x, not 0); the 82557 loses it. Wait until the SCB command byte reads 0 before writing the next command (QEMU accepts commands at once, so this never shows there)",
			cmdName(v), sim.FormatTime(d.m.Now()), cmdName(old), sim.FormatTime(d.scb.at), old)
	}
	d.csr[SCBCmd] = v
	d.scb.at = d.m.Now()
	d.noteStart(v)
	d.m.Emit(d.src, kindSCBCmd, uint64(v), uint64(d.pointer()), 0)
	d.declarePending(v)
	d.updateActors()
}

// declarePending declares the block a pending CU or RU start names (strict),
// so that a driver polling its status word from the moment it wrote the
// command yields to the device from the first read on, as it would wait
// on silicon, instead of spinning through its poll budget in no time.
func (d *Device) declarePending(v uint8) {
	if v&0xF0 == CUStart {
		d.declareBlock(uint64(d.cu.base+d.pointer()), false)
	}
	if v&7 == RUStart {
		d.declareBlock(uint64(d.ru.base+d.pointer()), true)
	}
}

// noteStart remembers the driver line of a command written now (and of a
// CU or RU start, for findings about the list it names).
func (d *Device) noteStart(v uint8) {
	if v != 0 {
		d.scb.site = d.m.At(d.m.Site())
	}
	if v&0xF0 == CUStart {
		d.cu.startAt = d.m.At(d.m.Site())
	}
	if v&7 == RUStart {
		d.ru.startAt = d.m.At(d.m.Site())
	}
}

// checkPointerWrite (strict) fails the run when a write of n bytes of v at
// off changes the general pointer while a command that takes it is
// pending: the command would use the new value (the same bug as a lost
// command, row 28).
func (d *Device) checkPointerWrite(off, v uint32, n int) {
	pending := d.csr[SCBCmd]
	if !d.strict() || !takesPointer(pending) || off >= SCBPointer+4 || off+uint32(n) <= SCBPointer {
		return
	}
	var p [4]byte
	copy(p[:], d.csr[SCBPointer:SCBPointer+4])
	for i := 0; i < n; i++ {
		if o := off + uint32(i); o >= SCBPointer && o < SCBPointer+4 {
			p[o-SCBPointer] = uint8(v >> (8 * i))
		}
	}
	if le.Uint32(p[:]) == d.pointer() {
		return
	}
	d.m.Fail(ClassCommandLost, "SCB command written before the previous one was accepted: the general pointer was rewritten (%#x -> %#x) at t=%s while %s, written at t=%s, was still pending; the 82557 reads the pointer when it accepts a command, so that command would take the new value. Wait until the SCB command byte reads 0 before writing the pointer for the next command (QEMU accepts commands at once, so this never shows there)",
		d.pointer(), le.Uint32(p[:]), sim.FormatTime(d.m.Now()), cmdName(pending), sim.FormatTime(d.scb.at))
}

// takesPointer reports whether a command byte has a part that reads the
// general pointer.
func takesPointer(c uint8) bool {
	switch c & 0xF0 {
	case CUStart, CULoadDumpAdr, CULoadBase:
		return true
	}
	switch c & 7 {
	case RUStart, RULoadHDS, RULoadBase:
		return true
	}
	return false
}

// acceptCommand is the "nic.scb" step (strict): the pending command is
// accepted, the byte reads 0, and the command takes effect.
func (d *Device) acceptCommand() {
	v := d.csr[SCBCmd]
	d.csr[SCBCmd] = 0
	d.m.Emit(d.scbSrc, kindSCBAccept, uint64(v), uint64(d.pointer()), 0)
	d.runCommand(v)
	d.updateActors()
}

// runCommand performs an accepted command: RU part first, then CU part (the
// order of QEMU's eepro100_write_command).
func (d *Device) runCommand(v uint8) {
	if v != 0 {
		d.stats.Commands++
	}
	if d.strict() {
		d.ruCommand(v & 7)
	} else {
		d.ruCommand(v & 0x0F)
	}
	d.cuCommand(v & 0xF0)
}

func (d *Device) cuCommand(c uint8) {
	switch c {
	case CUNop:
	case CUStart:
		d.cuStart()
	case CUResume:
		d.cuResume()
	case CUStaticRes:
		if d.strict() {
			d.unknownCommand(c) // 82558+ only
			return
		}
		d.cuResume()
	case CULoadDumpAdr:
		d.loadDumpAddr(d.pointer())
	case CUDumpStats:
		d.dumpStats(false)
	case CUDumpReset:
		d.dumpStats(true)
	case CULoadBase:
		d.cu.base = d.pointer()
	default:
		d.unknownCommand(c)
	}
}

func (d *Device) ruCommand(c uint8) {
	switch c {
	case RUNop:
	case RUStart:
		d.ru.off = d.pointer()
		d.ru.start = d.ruAddr()
		d.declareBlock(d.ru.start, true)
		d.ru.phase = phaseFetch
		d.setRU(RUReady)
	case RUResume:
		if d.strict() && d.rus != RUSuspended {
			d.m.Emit(d.src, kindIgnored, uint64(c), uint64(d.rus), 1)
			return
		}
		d.setRU(RUReady) // QEMU: from any state
	case RUAbort:
		if d.rus == RUReady {
			d.raise(RNR)
		}
		d.ru.phase = phaseFetch
		d.setRU(RUIdle)
	case RULoadBase:
		d.ru.base = d.pointer()
	default:
		d.unknownCommand(c)
	}
}

// unknownCommand traces a command the 82557 (or QEMU) does not implement.
func (d *Device) unknownCommand(c uint8) {
	d.m.Emit(d.src, kindIgnored, uint64(c), 0, 0)
}

// setRU changes the RU state, tracing the change.
func (d *Device) setRU(s uint8) {
	if s != d.rus {
		d.m.Emit(d.ruSrc, kindRUState, uint64(s), uint64(d.rus), d.ruAddr())
	}
	d.rus = s
	d.updateActors()
}

// setCU changes the CU state, tracing the change.
func (d *Device) setCU(s uint8) {
	if s != d.cus {
		d.m.Emit(d.cuSrc, kindCUState, uint64(s), uint64(d.cus), d.cuAddr())
	}
	d.cus = s
	d.updateActors()
}

// cmdName renders a command byte for messages: "CU start", "RU start",
// "CU resume + RU start".
func cmdName(v uint8) string {
	cu, ru := cuCmdName(v&0xF0), ruCmdName(v&7)
	switch {
	case cu != "" && ru != "":
		return cu + " + " + ru
	case cu != "":
		return cu
	case ru != "":
		return ru
	}
	return "NOP"
}

func cuCmdName(c uint8) string {
	switch c {
	case CUNop:
		return ""
	case CUStart:
		return "CU start"
	case CUResume:
		return "CU resume"
	case CULoadDumpAdr:
		return "load dump-counters address"
	case CUDumpStats:
		return "dump statistics"
	case CULoadBase:
		return "load CU base"
	case CUDumpReset:
		return "dump and reset statistics"
	case CUStaticRes:
		return "CU static resume"
	}
	return "CU command " + hex8(c)
}

func ruCmdName(c uint8) string {
	switch c {
	case RUNop:
		return ""
	case RUStart:
		return "RU start"
	case RUResume:
		return "RU resume"
	case RUAbort:
		return "RU abort"
	case RULoadBase:
		return "load RU base"
	}
	return "RU command " + hex8(c)
}

func hex8(v uint8) string {
	const digits = "0123456789abcdef"
	return "0x" + string([]byte{digits[v>>4], digits[v&15]})
}

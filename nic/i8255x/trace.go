package i8255x

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/sim"
)

// Trace event kinds the device emits. Register accesses are traced by the
// kernel model; these are the device's side. Names are shared with the
// e1000 where the meaning is the same (dma.read, tx.frame, irq).
var (
	kindDMARead     = sim.RegisterKind("dma.read", fmtDMA)
	kindDMAWrite    = sim.RegisterKind("dma.write", fmtDMA)
	kindDMAUnmapped = sim.RegisterKind("dma.unmapped", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("addr=%#x len=%d (outside RAM: QEMU moves nothing)", e.A, e.B)
	})
	kindTXFrame = sim.RegisterKind("tx.frame", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("len=%d cb=%#x", e.A, e.B)
	})
	kindTXDrop = sim.RegisterKind("tx.drop", func(e *sim.Event, _ func(uint64) string) string {
		reason := "no-crc-insertion-unsupported"
		if e.B == 1 {
			reason = "empty"
		}
		return fmt.Sprintf("reason=%s cb=%#x", reason, e.A)
	})
	kindRXFrame = sim.RegisterKind("rx.frame", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("len=%d rfd=%#x of=%d", e.A, e.B, e.C)
	})
	kindRXDrop = sim.RegisterKind("rx.drop", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("reason=%s len=%d queued=%d", e.S, e.A, e.B)
	})
	kindRFDSkip = sim.RegisterKind("rfd.skip", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("rfd=%#x size=0 command=%s", e.A, cmdFlags(uint16(e.B)))
	})
	kindCBDone = sim.RegisterKind("cb.done", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("cb=%#x op=%s command=%s status=%#04x", e.A, opNames[e.B&7], cmdFlags(uint16(e.B)), e.C)
	})
	kindCBLRace = sim.RegisterKind("cbl.race", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("cb=%#x fetched=%s memory=%s (stop bit cleared after the fetch)", e.A, cmdFlags(uint16(e.B)), cmdFlags(uint16(e.C)))
	})
	kindCULimit = sim.RegisterKind("cu.limit", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("stopped after %d CBs without EL or S, next=%#x (QEMU's loop guard; CU stays active)", e.B, e.A)
	})
	kindCUState = sim.RegisterKind("cu.state", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("%s -> %s next=%#x", cuName(uint8(e.B)), cuName(uint8(e.A)), e.C)
	})
	kindRUState = sim.RegisterKind("ru.state", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("%s -> %s next=%#x", ruName(uint8(e.B)), ruName(uint8(e.A)), e.C)
	})
	kindSCBCmd = sim.RegisterKind("scb.cmd", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("cmd=%#02x (%s) pointer=%#x", e.A, cmdName(uint8(e.A)), e.B)
	})
	kindSCBAccept = sim.RegisterKind("scb.accept", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("cmd=%#02x (%s) pointer=%#x", e.A, cmdName(uint8(e.A)), e.B)
	})
	kindSCBRaw = sim.RegisterKind("scb.raw", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("dword %#08x stored at 0x00 without acting (QEMU)", e.A)
	})
	kindResumeIdle = sim.RegisterKind("cu.resume-idle", func(e *sim.Event, _ func(uint64) string) string {
		what := "ignored"
		if e.A == 1 {
			what = "accepted as from suspended (QEMU)"
		}
		return fmt.Sprintf("%s next=%#x", what, e.B)
	})
	kindResumeLatched = sim.RegisterKind("cu.resume-latched", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("cb=%#x: S ignored, a resume arrived while active", e.A)
	})
	kindIgnored = sim.RegisterKind("scb.ignored", func(e *sim.Event, _ func(uint64) string) string {
		if e.A >= 0x100 {
			return fmt.Sprintf("PORT function %d not modelled", e.A&0xFF)
		}
		if e.C == 1 {
			return fmt.Sprintf("RU resume while RU %s", ruName(uint8(e.B)))
		}
		return fmt.Sprintf("command %#02x not implemented", e.A)
	})
	kindStatAck = sim.RegisterKind("statack", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("%s (was %s)", causes(uint8(e.A)), causes(uint8(e.B)))
	})
	kindIRQ = sim.RegisterKind("irq", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("line=%d statack=%s mask=%#02x", e.A, causes(uint8(e.B)), e.C)
	})
	kindPORT = sim.RegisterKind("port", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("function=%s addr=%#x", portNames[e.A&3], e.B)
	})
	kindEEPROM = sim.RegisterKind("eeprom.read", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("word=%d value=%#04x", e.A, e.B)
	})
	kindMDI = sim.RegisterKind("mdi", func(e *sim.Event, _ func(uint64) string) string {
		if e.C == 0xFFFF {
			return fmt.Sprintf("op=%d phy=%d reg=%d not answered", e.A, e.B>>8, e.B&0xFF)
		}
		return fmt.Sprintf("op=%s phy=%d reg=%d data=%#04x", mdiOps[e.A&3], e.B>>8, e.B&0xFF, e.C)
	})
	kindIA = sim.RegisterKind("ia", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("individual address %012x", e.A)
	})
)

var (
	portNames = [4]string{"reset", "self-test", "selective-reset", "dump"}
	mdiOps    = [4]string{"0", "write", "read", "3"}
)

func fmtDMA(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("addr=%#x len=%d what=%q", e.A, e.B, obj(e.C).String())
}

var causeNames = [8]string{7: "CX", 6: "FR", 5: "CNA", 4: "RNR", 3: "MDI", 2: "SWI", 1: "ER", 0: "FCP"}

// causes renders STAT/ACK bits: 0xa0(CX|CNA).
func causes(v uint8) string {
	if v == 0 {
		return "0"
	}
	var names []string
	for i := 7; i >= 0; i-- {
		if v&(1<<i) != 0 {
			names = append(names, causeNames[i])
		}
	}
	return fmt.Sprintf("%#02x(%s)", v, strings.Join(names, "|"))
}

// cmdFlags renders a CB or RFD command word: EL|S|I transmit.
func cmdFlags(c uint16) string {
	var names []string
	for _, f := range []struct {
		bit  uint16
		name string
	}{{CmdEL, "EL"}, {CmdS, "S"}, {CmdI, "I"}, {CmdSF, "SF"}} {
		if c&f.bit != 0 {
			names = append(names, f.name)
		}
	}
	if len(names) == 0 {
		return fmt.Sprintf("%#04x", c)
	}
	return fmt.Sprintf("%#04x(%s)", c, strings.Join(names, "|"))
}

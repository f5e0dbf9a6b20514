package e1000

import (
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/sim"
)

// Trace event kinds the device emits. Register accesses are traced by the
// kernel model (mmio.read, mmio.write); these are the device's side.
var (
	kindDMARead  = sim.RegisterKind("dma.read", fmtDMA)
	kindDMAWrite = sim.RegisterKind("dma.write", fmtDMA)
	// kindDMAUnmapped: the qemu personality let a DMA outside RAM pass as
	// QEMU does (reads zeros, writes vanish).
	kindDMAUnmapped = sim.RegisterKind("dma.unmapped", func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("addr=%#x len=%d (outside RAM: QEMU moves nothing)", e.A, e.B)
	})
	kindTXFrame = sim.RegisterKind("tx.frame", fmtFrame)
	kindTXDrop  = sim.RegisterKind("tx.drop", fmtTXDrop)
	kindRXFrame = sim.RegisterKind("rx.frame", fmtFrame)
	kindRXDrop  = sim.RegisterKind("rx.drop", fmtDrop)
	kindRXHold  = sim.RegisterKind("rx.hold", fmtDrop)
	kindTDH     = sim.RegisterKind("tdh", fmtHeadTail("TDH", "TDT"))
	kindRDH     = sim.RegisterKind("rdh", fmtHeadTail("RDH", "RDT"))
	kindIRQ     = sim.RegisterKind("irq", fmtIRQ)
	kindICR     = sim.RegisterKind("icr", fmtICR)
	kindWrap    = sim.RegisterKind("tx.wraparound", fmtWrap)
)

// access says what a DMA is for: ring, object and descriptor slot, packed
// into an event argument so that tracing it allocates nothing.
type access uint64

const (
	ringTX = 0
	ringRX = 1

	objDesc   = 0 // the whole descriptor
	objBuf    = 1 // the buffer it points at
	objStatus = 2 // the write-back of its status
)

func mkAccess(ringID, obj uint64, slot uint32) access {
	return access(ringID<<40 | obj<<32 | uint64(slot))
}

func (a access) ring() string {
	if a>>40 == ringRX {
		return "RX"
	}
	return "TX"
}

func (a access) slot() uint32 { return uint32(a) }

func (a access) obj() string {
	switch a >> 32 & 0xFF {
	case objBuf:
		return "buf"
	case objStatus:
		return "status"
	}
	return "desc"
}

func (a access) String() string { return fmt.Sprintf("%s %s %d", a.ring(), a.obj(), a.slot()) }

func fmtDMA(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("addr=%#x len=%d what=%q", e.A, e.B, access(e.C).String())
}

func fmtFrame(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("len=%d desc=%d", e.A, e.B)
}

func fmtTXDrop(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("reason=empty-packet desc=%d", e.B)
}

func fmtDrop(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("reason=%s len=%d queued=%d", e.S, e.A, e.B)
}

func fmtHeadTail(head, tail string) func(*sim.Event, func(uint64) string) string {
	return func(e *sim.Event, _ func(uint64) string) string {
		return fmt.Sprintf("%s=%d %s=%d", head, e.A, tail, e.B)
	}
}

func fmtIRQ(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("line=%d icr=%s ims=%s", e.A, causes(uint32(e.B)), causes(uint32(e.C)))
}

func fmtICR(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("icr=%s ims=%s", causes(uint32(e.A)), causes(uint32(e.B)))
}

func fmtWrap(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("TDH wraparound start=%d TDT=%d TDLEN=%d", e.A, e.B, e.C)
}

var causeNames = [...]string{0: "TXDW", 1: "TXQE", 2: "LSC", 4: "RXDMT0", 6: "RXO", 7: "RXT0"}

// causes renders interrupt cause bits: 0x83(TXDW|TXQE|RXT0).
func causes(v uint32) string {
	if v == 0 {
		return "0"
	}
	var names []string
	for i, n := range causeNames {
		if n != "" && v&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return fmt.Sprintf("%#x", v)
	}
	return fmt.Sprintf("%#x(%s)", v, strings.Join(names, "|"))
}

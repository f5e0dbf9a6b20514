package eth

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

// rxSkipMarker is in the message of the receive oracle's lost frame (a
// frame handed up after others that never came up); keyRxSkip is its row.
const (
	rxSkipMarker = "before it never came up"
	keyRxSkip    = sim.ClassLostPacket + "/rx-skip"
	// rxStatusMarker is in the message of a frame handed up with an
	// error status the device did not give it; keyRxStatus is its row.
	rxStatusMarker = "the rx callback got status"
	// stormMarker is in the message of an interrupt storm (a handler that
	// never acknowledges); keyStorm is its row.
	stormMarker = "interrupt storm:"
	// blindMarker is in the device summary of a stall when the driver
	// acknowledged causes it had not read; keyBlind is its row.
	blindMarker = "which arrived after the interrupt handler had read STAT/ACK"
	keyBlind    = sim.ClassLostPacket + "/blind-ack"
	// Stalls by what the quiescence message shows: the slave PIC still
	// waiting for an EOI, the RU left without RFDs, or suspended.
	noEOIMarker     = "still being serviced by the slave PIC"
	noISRMarker     = "no interrupt handler was installed at vector"
	keyNoISR        = sim.ClassLostPacket + "/no-isr"
	keyNoEOI        = sim.ClassLostPacket + "/no-eoi"
	ruStopMarker    = "RU no-resources next RFD"
	keyRUStop       = sim.ClassLostPacket + "/ru-stopped"
	ruSuspendMarker = "RU suspended next RFD"
	keyRUSuspend    = sim.ClassLostPacket + "/ru-suspended"
	keyStorm        = sim.ClassLivelock + "/storm"
	keyRxStatus     = ClassCallback + "/rx-status"
)

// The explanations of the verdicts the eth workload's oracles give, in the
// eth API's terms; see diag.Text for the placeholders.
func init() {
	name := Kernel.Name
	diag.Register(name, ClassCallback, diag.Text{
		Title: "callback contract broken",
		What:  "{at} called the command or receive callback against the eth API (see the message: id 0, an id never issued or reported twice, a failure status for a command the device completed OK)",
		Why:   "every command with a non-zero id is reported once, with ETH_SUCCESS when the device set OK; id 0 marks kernel-internal commands, which are never reported; a block is complete only when the device has set its C bit",
		Shows: "QEMU shows it: the guest's callbacks see the same",
		Hides: "QEMU completes every command inside the SCB write, so a block is always complete by the time the handler looks",
		Fix:   "at {loc}, report only blocks whose C bit is set, with their own id, and skip id 0",
	})
	diag.RegisterMarker(sim.ClassLostPacket, noISRMarker, keyNoISR)
	diag.RegisterMarker(sim.ClassLostPacket, noEOIMarker, keyNoEOI)
	diag.RegisterMarker(sim.ClassLostPacket, blindMarker, keyBlind)
	diag.Register(name, keyBlind, diag.Text{
		Title: "interrupt causes acknowledged unseen",
		What:  "the STAT/ACK write {at} acknowledged causes that arrived after the handler had read STAT/ACK, and then the workload stalled: those causes (a command done, a frame received) were never handled",
		Why:   "writing 1s to STAT/ACK clears those causes whether or not the driver has seen them, and the 82557 raises no interrupt for them again; a handler must acknowledge exactly the bits it read (write back the value read), before it handles them",
		Shows: "QEMU shows it: QEMU raises CX and CNA inside the handler's own CU start, before the handler's blanket acknowledgement",
		Hides: "it needs a cause to arrive while the handler runs, which the 82557's own timing gives",
		Fix:   "at {loc}, acknowledge the value the handler read (stat, or st & 0xFF00 for the status word) instead of 0xFF, and do it before handling the causes",
	})
	registerStalls(name)
	diag.RegisterMarker(sim.ClassLivelock, stormMarker, keyStorm)
	diag.Register(name, keyStorm, diag.Text{
		Title: "interrupt never acknowledged",
		What:  "the interrupt handler {at} returns without acknowledging the causes in SCB STAT/ACK, so it is entered again at once, for ever",
		Why:   "the 82557 keeps its interrupt line asserted while any STAT/ACK bit is set; only writing 1s to STAT/ACK (byte 0x01, or the high byte of the status word) clears them (QEMU stores a dword write at 0x00 as it is, acknowledging nothing)",
		Shows: "QEMU shows it: the real guest hangs in the handler",
		Hides: "it needs the 82557's own timing to raise a cause the handler does not acknowledge",
		Fix:   "in {func}, write the STAT/ACK byte you read back to SCB STAT/ACK (__outb(base + 1, stat)) before handling the causes",
	})
	diag.RegisterMarker(ClassCallback, rxStatusMarker, keyRxStatus)
	diag.Register(name, keyRxStatus, diag.Text{
		Title: "frame handed up before the 82557 finished it",
		What:  "{at} handed a frame up with an error status, though the 82557 received it OK",
		Why:   "an RFD's status word means something only once its C bit is set: the 82557 writes the data, then the actual count (EOF, F), and the status (C, OK) last, so a driver that takes a non-zero count or EOF for a finished frame reads a status without OK",
		Shows: "QEMU shows it: the guest's receive callback gets the same status",
		Hides: "QEMU writes an RFD's status before its count, so the status is there whenever the count is",
		Fix:   "at {loc}, test the RFD's C bit before reading its count and status, and pass ETH_SUCCESS when OK (bit 13) is set",
	})
	diag.RegisterMarker(sim.ClassLostPacket, rxSkipMarker, keyRxSkip)
	diag.Register(name, keyRxSkip, diag.Text{
		Title: "received frame lost",
		What:  "{at} handed a frame up, but frames the 82557 had received before it never came up: their RFDs were written again, or skipped, before the driver handed them up",
		Why:   "the RU fills the RFDs in list order and never looks at their C bits; an RFD may be given back (status cleared, EL or S moved onto it, or named by RU start) only after its frame went up, so restarting the RU at an RFD that still holds a frame, or recycling one out of order, has the 82557 write a new frame over it",
		Shows: "QEMU shows it: the guest's receive callback skips the same frames",
		Hides: "it needs the 82557's receive timing (the RU filling an RFD while the handler runs); QEMU writes each frame at once, between two guest instructions",
		Fix:   "at {loc}, hand up every RFD whose C bit is set before giving any back; restart the RU only when SCB status says it left the ready state (read with no RU start pending: SCB command byte 0) and read that state before draining the list, then RU start at the first RFD not yet handed up",
	})
	diag.Register(name, sim.ClassLostPacket, diag.Text{
		Title: "transmit or receive stalled",
		What:  "the workload stopped with commands unreported or pings unanswered (nicsim saw: which, and the 82557's CU and RU states)",
		Why:   "after each completed frame the RU must be given an RFD again (RU start after No Resources), and every command must reach the CU (CU start when idle, resume when suspended); frames the 82557 drops while the RU is not ready are losses Ethernet allows, so the workload retries three times before it calls it a stall",
		Shows: "QEMU shows it: the real guest's workload stalls the same way",
		Hides: "it needs the 82557's own timing (command acceptance, CU and RU steps) that QEMU does not have",
		Fix:   "if the RU is not ready, restart it (RU start at the next RFD) once the frames are handed up; if a command was never reported, make sure every new block reaches the CU (CU start when idle, CU resume when suspended) and that the handler reaps blocks by their C bit",
	})
	diag.Register(name, sim.ClassLivelock, diag.Text{
		Title: "driver never finishes",
		What:  "{at} runs without end (no progress within the step budget)",
		Why:   "most often the interrupt handler looping on STAT/ACK: the 82557 keeps its interrupt line asserted while any STAT/ACK bit is set, so the handler must write the bits it read back, or it sees the same causes for ever",
		Shows: "QEMU shows it: the real guest hangs in the handler",
		Hides: "it needs the device timing of real hardware",
		Fix:   "at {loc}, make the loop end; in a handler, write the STAT/ACK byte you read back to SCB STAT/ACK",
	})
	diag.Register(name, sim.ClassCrash, diag.Text{
		Title: "crash",
		What:  "the driver crashed at {at}",
		Why:   "a fault in the kernel takes the whole baseline kernel down (a page fault or general protection fault panics it)",
		Shows: "QEMU shows it: the real guest stops with a trap",
		Hides: "the faulting path runs only with the 82557's own timing",
		Fix:   "at {loc}, check the pointer or index before using it (a CB or RFD pointer past its array, a callback not set yet)",
	})
	diag.Register(name, sim.ClassPanic, diag.Text{
		Title: "kernel panic",
		What:  "the kernel panicked at {at} (an assert or __panic of the driver)",
		Why:   "a driver must handle what the 82557 and the API allow (a full command area, a frame with an error status) without panicking",
		Shows: "QEMU shows it: the real guest panics",
		Hides: "the path runs only with the 82557's own timing",
		Fix:   "at {loc}, return an error code (ETH_NO_MEM, ETH_RECV_ERR) instead of panicking",
	})
	diag.Register(name, sim.ClassCorrupt, diag.Text{
		Title: "corrupt frame",
		What:  "a frame was changed between the wire and the receive callback, or between _eth_tx and the wire ({at})",
		Why:   "the receive callback must get the frame the 82557 stored (the RFD's data, actual count & 0x3FFF bytes), once; a transmit must send the bytes _eth_tx was given",
		Shows: "QEMU shows it: the guest's callback sees the same bytes",
		Hides: "it needs the 82557's own timing (an RFD reused while its frame is still handed up)",
		Fix:   "at {loc}, hand up the RFD's data with its actual count masked with 0x3FFF, and give the RFD back only after the callback returned",
	})
	diag.Register(name, sim.ClassDuplicate, diag.Text{
		Title: "reported twice",
		What:  "{at} reported a command or handed up a frame a second time",
		Why:   "each completed block is reported once: its slot must be freed (and its C bit cleared) when it is reaped, and an RFD cleared when its frame goes up",
		Shows: "QEMU shows it: the guest's callbacks see the same",
		Hides: "it needs the 82557's own timing",
		Fix:   "at {loc}, clear the block's status (or advance past it) when reaping it, before calling the callback",
	})
}

// registerStalls explains the stalls the quiescence message tells apart:
// no EOI (its marker comes first of all), an RU out of RFDs, an RU left
// suspended (their markers after the acknowledgement of unseen causes).
func registerStalls(name string) {
	diag.Register(name, keyNoISR, diag.Text{
		Title: "interrupt handler never installed",
		What:  "the driver installed no handler at the vector of the 82557's interrupt line, so no interrupt was ever delivered and the workload stalled (nicsim saw: which vector it used)",
		Why:   "the baseline kernel's 8259s deliver IRQ n at vector n + 0x20: __install_isr(int_line + 0x20, handler), with int_line from PCI configuration offset 0x3C",
		Shows: "QEMU shows it: the real guest never runs the handler",
		Hides: "it needs the 82557's own timing",
		Fix:   "in _eth_init, read the interrupt line from PCI configuration (offset 0x3C) and call __install_isr(line + 0x20, your handler)",
	})
	diag.Register(name, keyNoEOI, diag.Text{
		Title: "interrupt never ended (no EOI)",
		What:  "the interrupt handler returned without an EOI to the slave 8259 (port 0xA0), so IRQ 11 stayed in service and no interrupt was delivered again; the workload stalled",
		Why:   "the 82557's line (IRQ 8-15) goes through the slave PIC, which masks it and everything below it until it gets an EOI; the baseline kernel leaves the EOIs to the handler",
		Shows: "QEMU shows it: the real guest never takes another interrupt",
		Hides: "it needs the 82557's own timing",
		Fix:   "end the handler with __outb(PIC2, EOI) and __outb(PIC1, EOI) (x86pic.h), on every path out of it",
	})
	diag.RegisterMarker(sim.ClassLostPacket, ruStopMarker, keyRUStop)
	diag.Register(name, keyRUStop, diag.Text{
		Title: "receive unit never restarted",
		What:  "the RU ran out of RFDs (No Resources) and the driver never restarted it: every frame after that was dropped, and the workload stalled (nicsim saw: the device line)",
		Why:   "an RFD with EL, or a full list, stops the RU and raises RNR; only RU start brings it back, so the handler must restart it at the first free RFD once it has handed the finished frames up",
		Shows: "QEMU's eepro100 shows it once more frames arrive than the RU has RFDs (here the eth scenario's receive burst; the real guest's peer sends none, so replay --qemu shows it only if its own traffic fills the RFDs)",
		Hides: "it needs the 82557's own receive timing to run out of RFDs",
		Fix:   "in the handler, when RNR is set or SCB status shows the RU in No Resources, hand up every finished RFD and then RU start at the first free one",
	})
	diag.RegisterMarker(sim.ClassLostPacket, ruSuspendMarker, keyRUSuspend)
	diag.Register(name, keyRUSuspend, diag.Text{
		Title: "receive unit left suspended",
		What:  "the RU suspended on an RFD with S and the driver never resumed it: frames after that were dropped, and the workload stalled (nicsim saw: the device line)",
		Why:   "an RFD with S suspends the RU after it is filled (QEMU raises no RNR then, silicon does); RU resume continues at its link, so the handler must resume a suspended RU once it has moved S forward",
		Shows: "QEMU's eepro100 shows it once the RU reaches the RFD with S (replay --qemu shows it if the real guest's traffic gets that far)",
		Hides: "it needs the 82557's own receive timing to reach the RFD with S",
		Fix:   "in the handler, after handing up the finished RFDs and moving S, read SCB status and RU resume when the RU is suspended",
	})
}

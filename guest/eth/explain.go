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
}

package i8255x

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

// The explanations of the findings of this model's own oracles (SCB command
// acceptance, the CU's stalls, alignment), in the 82557's terms and with
// what QEMU's eepro100 does instead; see diag.Text for the placeholders.
func init() {
	diag.Register(model.Name, ClassCommandLost, diag.Text{
		Title: "SCB command lost",
		What:  "{at} writes an SCB command (or the general pointer) while the previous command is still pending",
		Why:   "the 82557 accepts a command some time after the write and clears the SCB command byte when it has; a command written before the byte reads 0 is lost (8255x manual, SCB command word)",
		Shows: "QEMU shows it only if its timing loses the command, which it never does",
		Hides: "QEMU executes each command inside the SCB write and clears the byte at once",
		Fix:   "before {loc}, poll the SCB command byte until it reads 0",
	})
	diag.Register(model.Name, ClassIdleResume, diag.Text{
		Title: "CU resume on an idle CU",
		What:  "{at} resumed the CU while it was idle, and the new command block never ran",
		Why:   "CU resume continues a suspended CU only; an idle CU (after a block with EL) ignores it and needs CU start with the block's address",
		Shows: "QEMU shows it only where its resume-from-idle workaround reads a stale link",
		Hides: "QEMU turns a resume on an idle CU into a start at the CU's last link (a workaround for Linux's old driver)",
		Fix:   "at {loc}, read the CU state from SCB status: CU start when idle, CU resume only when suspended",
	})
	diag.Register(model.Name, ClassStartActive, diag.Text{
		Title: "CU start while active",
		What:  "{at} issued CU start while the CU was still running a block",
		Why:   "the 82557 accepts CU start only when the CU is idle or suspended; a busy CU must be given new blocks by appending with S and CU resume",
		Shows: "QEMU shows it: its CU restarts at the new pointer",
		Hides: "QEMU runs the whole list inside the SCB write, so the CU is never busy when the driver looks",
		Fix:   "at {loc}, wait for CNA (or the CU state) before CU start, or append and resume",
	})
	diag.Register(model.Name, ClassAppendRace, diag.Text{
		Title: "EL/S append race",
		What:  "the CU fetched a block with EL or S before {at} cleared that bit, stopped on it, and nothing restarted it",
		Why:   "the CU reads a block's command word when it fetches it; clearing EL or S afterwards changes nothing, so the driver must check the CU state after appending and resume (S) or start (EL) a CU that already stopped",
		Shows: "QEMU shows it: its CU stopped before the bit was cleared too",
		Hides: "QEMU walks the list inside the SCB write, after every store the driver made before it",
		Fix:   "after the store at {loc}, read the CU state and resume or start the CU if it has stopped",
	})
	diag.Register(model.Name, ClassMisaligned, diag.Text{
		Title: "misaligned block",
		What:  "the list {at} handed the 82557 holds a command block, RFD or dump area at an address the 82557 cannot use (the message names it)",
		Why:   "the 82557 needs command blocks and RFDs word aligned and dump areas dword aligned (8255x manual, linear addressing)",
		Shows: "QEMU shows it: never, QEMU does not check alignment",
		Hides: "QEMU reads and writes guest memory at any address",
		Fix:   "align every block of the list handed over at {loc}: __attribute__((aligned(4))) on the structure, its size rounded to 4, never packed",
	})
	diag.Register(model.Name, sim.ClassRingOwnership, diag.Text{
		Title: "block written while the 82557 owns it",
		What:  "{at} wrote into a command block or RFD the 82557 owns: one it was handed and has not completed, or the next block a unit reaches through a link without EL or S",
		Why:   "a CB belongs to the CU from the moment it can be reached (named by CU start, or linked from a block without EL or S) until the CU sets its C bit, and an RFD to the RU likewise; a new block must be complete, with its own EL or S, before EL or S is cleared on the block before it (Linux e100's order)",
		Shows: "QEMU shows it when a frame arrives (or a command runs) between the driver's stores, as QEMU receives between any two guest instructions; replay --qemu runs it on the real guest, whose lockstep peer may not hit that window",
		Hides: "QEMU runs the whole list inside the SCB write and receives between two guest instructions, so a unit never reads a block the driver is still writing",
		Fix:   "at {loc}, fill the new block (status 0, its own EL or S, link) before clearing EL or S on the one before it, and write only blocks whose C bit is set",
	})
	diag.Register(model.Name, sim.ClassDMAFault, diag.Text{
		Title: "DMA outside RAM",
		What:  "the 82557 was handed an address outside RAM ({at}): a CB, RFD, link or buffer address",
		Why:   "with CU and RU base 0, every CB and RFD address and link is a physical address of RAM the driver owns: (uint32_t) of a static array in an identity-mapped kernel",
		Shows: "QEMU shows it as garbage or nothing on the wire",
		Hides: "QEMU reads unassigned memory as zeros and drops writes to it",
		Fix:   "at {loc}, store the physical address of the block or buffer (and load CU and RU base with 0 first)",
	})
	diag.Register(model.Name, sim.ClassConfig, diag.Text{
		Title: "82557 set up wrong",
		What:  "{at} set the 82557 up in a way nicsim's model does not allow (see the message)",
		Why:   "the 82557 in simplified mode takes frames in the block itself: SF clear, TBD array 0xFFFFFFFF, the RFD's data right after its header",
		Shows: "QEMU shows it: its eepro100 takes the same setting",
		Hides: "QEMU ignores SF and the RBD pointer",
		Fix:   "at {loc}, use simplified mode: SF clear and TBD array 0xFFFFFFFF in each TCB, SF clear in each RFD",
	})
}

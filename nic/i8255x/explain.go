package i8255x

import "github.com/nicsim/nicsim/diag"

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
		What:  "{at} handed the device a command block, RFD or dump area at an address the 82557 cannot use",
		Why:   "the 82557 needs command blocks and RFDs word aligned and dump areas dword aligned (8255x manual, linear addressing)",
		Shows: "QEMU shows it: never, QEMU does not check alignment",
		Hides: "QEMU reads and writes guest memory at any address",
		Fix:   "align the area at {loc} (__attribute__((aligned(4))) and sizes rounded to 4)",
	})
}

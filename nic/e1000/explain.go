package e1000

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

// The explanations of the verdicts this model's oracles give (descriptor
// publication and ownership, DMA, register settings), in the 82540EM's
// terms and with what QEMU's e1000 does instead; see diag.Text for the
// placeholders.
// The explanation rows of a lost packet whose device summary names the
// cause: TX descriptors without EOP, or without RS (txcmd.go).
const (
	keyNoEOP = sim.ClassLostPacket + "/no-eop"
	keyNoRS  = sim.ClassLostPacket + "/no-rs"
)

func init() {
	diag.Register(model.Name, sim.ClassUnpublished, diag.Text{
		Title: "missing fence",
		What:  "{func} fills a {ring} descriptor and publishes it with the {reg} write at {publish} with no __sync_synchronize() in between, so the NIC may fetch the old descriptor",
		Why:   "RISC-V (RVWMO) lets the device observe MMIO and memory stores out of order; the 82540EM manual has software make descriptors visible before it moves the tail (xv6's solution fences there)",
		Shows: "QEMU shows it only if its emulated stores reorder, which they do not",
		Hides: "QEMU reads the ring inside the {reg} write, after every store of the same CPU, so a missing fence never shows",
		Fix:   "add __sync_synchronize(); before {publish}",
	})
	diag.Register(model.Name, diag.KeyBack, diag.Text{
		Title: "ring full lap",
		What:  "{func} filled every slot of the {ring} ring: {reg} caught up with the head while descriptors were still pending, so the device sees an empty ring and {n} frames are never sent",
		Why:   "the 82540EM ring holds at most N-1 descriptors: TDT == TDH means empty, so software must keep one slot free (check DD on the next slot, not only the one at {reg})",
		Shows: "QEMU shows it: the ring laps with QEMU's device too",
		Hides: "QEMU transmits inside the {reg} write, so its ring is empty again before the driver can fill it",
		Fix:   "at {publish}, refuse to send (return -1) when the slot after {reg} is still owned by the device, i.e. keep one slot free",
	})
	diag.RegisterMarker(sim.ClassLostPacket, MarkNoEOP, keyNoEOP)
	diag.Register(model.Name, keyNoEOP, diag.Text{
		Title: "TX descriptor without EOP",
		What:  "{func} hands the device TX descriptors whose cmd lacks EOP (E1000_TXD_CMD_EOP), so the device keeps gathering their bytes into one frame that never ends, and nothing reaches the wire",
		Why:   "the 82540EM sends a frame at the descriptor whose cmd has EOP (end of packet); every xv6 frame fits one descriptor, so each needs EOP (and RS, to get DD back)",
		Shows: "QEMU shows it: QEMU's e1000 gathers descriptors until one has EOP, so no frame is ever sent and make grade's first test fails",
		Hides: "QEMU sent the frame in this schedule",
		Fix:   "set cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS in the descriptor {func} fills before the TDT write ({loc})",
	})
	diag.RegisterMarker(sim.ClassLostPacket, MarkNoRS, keyNoRS)
	diag.Register(model.Name, keyNoRS, diag.Text{
		Title: "TX descriptor without RS",
		What:  "{func} hands the device TX descriptors whose cmd lacks RS (E1000_TXD_CMD_RS), so the device never writes DD back; once every slot has been used, the driver, which waits for DD before reusing a slot, refuses every frame",
		Why:   "the 82540EM writes the status (DD) of a descriptor back only when its cmd has RS (report status); a driver that reuses a slot only after DD must ask for it",
		Shows: "QEMU shows it: QEMU writes DD back only for RS too, so after one lap of the ring every e1000_transmit returns -1",
		Hides: "the ring did not go round in this schedule",
		Fix:   "set cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS in the descriptor {func} fills before the TDT write ({loc})",
	})
	diag.RegisterRXTail("RDT")
	diag.Register(model.Name, diag.KeyBackRX, diag.Text{
		Title: "RX ring handed over whole (RDT off by one)",
		What:  "{func} moved RDT onto RDH with the write at {loc}: it gave the device one descriptor too many, so the device sees no free descriptor and stops receiving",
		Why:   "RDT is one past the last descriptor the device may fill, so RDT == RDH means the device owns none; the driver gives back the descriptor it just processed by setting RDT to that index, and looks for the next frame at (RDT + 1) % RX_RING_SIZE",
		Shows: "QEMU shows it: the device stops receiving once RDT meets RDH, and the replies never arrive",
		Hides: "QEMU's device still had a free descriptor in this schedule",
		Fix:   "at {loc}, write RDT = the index of the descriptor you just processed (not one past it), so that one slot always stays with the driver",
	})
	diag.Register(model.Name, sim.ClassRingOwnership, diag.Text{
		Title: "descriptor written while the NIC owns it",
		What:  "{at} writes a {ring} descriptor the device still owns (handed over by the tail write and not yet written back with DD)",
		Why:   "a descriptor belongs to the NIC from the tail write until it sets DD; the driver may touch it only after DD is set",
		Shows: "QEMU shows it: the device still owned the descriptor under QEMU's timing",
		Hides: "QEMU processes descriptors inside the tail write, so they come back before the driver looks again",
		Fix:   "at {loc}, check the descriptor's DD bit (and stop) before writing it",
	})
	diag.Register(model.Name, sim.ClassDMAFault, diag.Text{
		Title: "DMA outside RAM",
		What:  "the device was told to DMA {ring} data at an address outside RAM ({at})",
		Why:   "descriptor and buffer addresses must be physical addresses of RAM the driver owns",
		Shows: "QEMU shows it as garbage or zeros on the wire",
		Hides: "QEMU reads unassigned memory as zeros and drops writes to it",
		Fix:   "at {loc}, store the buffer's physical address (the mbuf's head or the kalloc'd page) in the descriptor",
	})
	diag.Register(model.Name, sim.ClassUseAfterFree, diag.Text{
		Title: "buffer freed while the NIC owns it",
		What:  "the device DMAs a {ring} buffer the driver already freed ({at})",
		Why:   "a buffer belongs to the NIC until its descriptor's DD is set; free a TX mbuf only when DD says it was sent",
		Shows: "QEMU shows it: the freed page is reused and corrupts frames",
		Hides: "QEMU transmits inside the TDT write, before the driver can free the buffer",
		Fix:   "free the old buffer of a slot when you reuse the slot after DD is set, not right after the tail write ({loc})",
	})
	diag.Register(model.Name, sim.ClassConfig, diag.Text{
		Title: "bad register setting",
		What:  "{reg} is programmed outside what the 82540EM allows ({at})",
		Why:   "the manual requires 16-byte aligned ring bases, lengths that are multiples of 128 bytes and head/tail inside the ring",
		Shows: "QEMU shows it as confusing garbage: it silently masks the value",
		Hides: "QEMU silently masks the low bits of bases and lengths",
		Fix:   "at {loc}, program {reg} with a legal value",
	})
	diag.RegisterMarker(sim.ClassConfig, markResetting, KeyResetAccess)
	diag.Register(model.Name, KeyResetAccess, diag.Text{
		Title: "register access during reset",
		What:  "{at} accessed a register while the device was still resetting after CTRL.RST was set",
		Why:   "CTRL.RST resets the whole MAC; the manual asks software to wait about 1 µs, until CTRL.RST reads back 0, before it reads or writes any other register, which the device may ignore until then",
		Shows: "QEMU shows nothing: it clears RST at once and resets nothing",
		Hides: "QEMU clears CTRL.RST in the same write and resets nothing, so every access after it works",
		Fix:   "after setting CTRL.RST, wait until it reads back 0 (through a volatile register pointer) before the next register access, at {loc}",
	})
}

// KeyResetAccess is the table key of a register access while the strict
// device is still resetting after CTRL.RST.
const KeyResetAccess = sim.ClassConfig + "/reset"

// markResetting is in the message of every such verdict.
const markResetting = "while the device was still resetting"

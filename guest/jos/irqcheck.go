package jos

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// irqE1000 is the e1000's interrupt line on QEMU's PC (pci_func's irq_line).
const irqE1000 = 11

// icrAcker is a device that counts the driver's acknowledgements of its
// interrupt causes (the 82540EM's ICR reads and writes).
type icrAcker interface{ ICRAcks() uint64 }

// markUnacked is in the message of every verdict of checkIRQ.
const markUnacked = "interrupts enabled but never acknowledged"

// checkIRQ fails the run, once the workload is done, when the driver
// enabled interrupt causes (IMS) that came but never acknowledged one (no
// ICR read or write): JOS lab 6's kernel has no handler for the e1000's
// interrupt (the lab polls), so the line stays asserted for good; a
// kernel that unmasks IRQ 11 takes it again and again.
func (w *workload) checkIRQ() {
	ack, ok := w.env.K.Dev.(icrAcker)
	if !ok || ack.ICRAcks() > 0 {
		return
	}
	regs := map[string]uint32{}
	for _, r := range w.env.K.Dev.State().Registers {
		regs[r.Name] = r.Value
	}
	pending := regs["IMS"] & regs["ICR"]
	if pending == 0 {
		return
	}
	pic := fmt.Sprintf("IRQ %d stays masked at the 8259A, so nothing shows yet", irqE1000)
	if w.svc.irqMask&(1<<irqE1000) == 0 {
		pic = fmt.Sprintf("the driver unmasked IRQ %d at the 8259A, so JOS takes the interrupt with no handler for it (an unhandled trap)", irqE1000)
	}
	w.fail(sim.ClassConfig, "%s: the driver set IMS = %#x and causes %#x are pending, but it never read or wrote ICR during the whole run, and JOS lab 6 has no e1000 interrupt handler (the lab polls): the device's interrupt line stays asserted for good; %s",
		markUnacked, regs["IMS"], pending, pic)
}

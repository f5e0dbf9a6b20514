package xv6

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/xv6/netc"
	"github.com/nicsim/nicsim/sim"
)

// The explanations of the verdicts the kernel's services and the workload
// give (locks, allocation, delivery, hangs, panics), in xv6's terms; see
// diag.Text for the placeholders.
func init() {
	for _, k := range []*guest.KernelModel{gen2020, gen2024} {
		registerExplanations(k.Name)
	}
	netc.Register(gen2024.Name)
	diag.RegisterMarker(sim.ClassCrash, guest.MarkStackOverrun, keyStackOverrun)
}

// keyStackOverrun is the explanation row of a crash in which the driver
// wrote past the top of its stack (guest.MarkStackOverrun).
const keyStackOverrun = sim.ClassCrash + "/stack-overrun"

// registerExplanations registers the explanations for the kernel named
// kernel.
func registerExplanations(kernel string) {
	diag.Register(kernel, sim.ClassLockReentry, diag.Text{
		Title: "lock re-entry",
		What:  "{at} acquires {lock} while the same CPU already holds it",
		Why:   "xv6's acquire panics when a CPU takes a spinlock it holds (\"panic: acquire\"); net_rx answers ARP by calling e1000_transmit from inside the receive path",
		Shows: "QEMU shows it: the kernel panics with panic: acquire",
		Hides: "it needs a receive interrupt at a moment QEMU's timing does not give",
		Fix:   "in {holder}, release {lock} before calling net_rx (hand each frame up with the lock dropped), or use separate TX and RX locks",
	})
	diag.Register(kernel, sim.ClassLockRelease, diag.Text{
		Title: "release of a lock not held",
		What:  "{at} releases {lock}, which this CPU does not hold",
		Why:   "xv6's release panics when the CPU does not hold the lock (\"panic: release\")",
		Shows: "QEMU shows it: the kernel panics with panic: release",
		Hides: "the path runs only with the device timing of real hardware",
		Fix:   "at {loc}, pair every release with an acquire on the same path",
	})
	diag.Register(kernel, sim.ClassDeadlock, diag.Text{
		Title: "deadlock",
		What:  "every CPU that could run waits for a lock ({lock}) another waiting CPU holds",
		Why:   "spinlocks taken in a cycle never release; xv6 hangs",
		Shows: "QEMU shows it: the kernel hangs",
		Hides: "the interleaving needs the device timing of real hardware",
		Fix:   "take {lock} in one order everywhere, and never with interrupts enabled where the interrupt handler takes it ({at})",
	})
	diag.Register(kernel, sim.ClassLockOrder, diag.Text{
		Title: "lock order inversion",
		What:  "the locks {lock} are taken in both orders ({at}), so two CPUs on these paths deadlock",
		Why:   "locks must be acquired in one global order (xv6 book, locking chapter)",
		Shows: "QEMU shows it only when two harts hit the window at once",
		Hides: "the two paths need real concurrency to meet",
		Fix:   "take {lock} in one order everywhere; at {loc}, release the first before taking the second",
	})
	diag.Register(kernel, sim.ClassLivelock, diag.Text{
		Title: "hang",
		What:  "{at} runs without progress: no frame moves and the run never finishes",
		Why:   "the driver must make progress: rings drain, every transmit completes, the interrupt is acknowledged (ICR read) and the handler returns",
		Shows: "QEMU shows it: the kernel hangs (make grade times out)",
		Hides: "the hang needs the device timing of real hardware",
		Fix:   "at {loc}, bound the loop by the descriptors' DD bits and acknowledge the interrupt by reading ICR",
	})
	diag.Register(kernel, sim.ClassLostPacket, diag.Text{
		Title: "lost packet",
		What:  "a datagram the {dir} path carried never arrived (or came out of order)",
		Why:   "every frame handed to e1000_transmit must reach the wire once, and every received frame must reach net_rx once, in order",
		Shows: "QEMU shows it: the lab's tests miss a reply",
		Hides: "frames are lost only with the device timing of real hardware",
		Fix:   "look at the {ring} ring's handling up to the {reg} write at {publish}: process every descriptor with DD set in each interrupt, and advance {reg} to the last one processed (modulo the ring size)",
	})
	diag.Register(kernel, sim.ClassDuplicate, diag.Text{
		Title: "duplicate packet",
		What:  "a datagram on the {dir} path was delivered twice",
		Why:   "each descriptor carries a frame once: the driver must clear DD (RX) or not re-post a sent slot (TX)",
		Shows: "QEMU shows it: the lab's tests see a repeated datagram",
		Hides: "it needs the device timing of real hardware",
		Fix:   "at {publish} and before it, clear each descriptor's status after consuming it and wrap {reg} modulo the ring size",
	})
	diag.Register(kernel, sim.ClassDoubleFree, diag.Text{
		Title: "double free",
		What:  "a page is freed twice ({at})",
		Why:   "xv6's kfree of a free page corrupts the free list (nicsim panics as a checked kfree would)",
		Shows: "QEMU shows it: kalloc later hands the same page out twice",
		Hides: "the second free happens only with the device timing of real hardware",
		Fix:   "at {loc}, free a buffer in one place only and clear the slot's pointer after freeing",
	})
	diag.Register(kernel, sim.ClassBadFree, diag.Text{
		Title: "free of a non-page",
		What:  "{at} frees an address kalloc never returned",
		Why:   "kfree panics on an address that is not a page start",
		Shows: "QEMU shows it: the kernel panics in kfree",
		Hides: "the path runs only with the device timing of real hardware",
		Fix:   "at {loc}, free the mbuf (mbuffree) you stored, not the descriptor's buffer address",
	})
	diag.Register(kernel, sim.ClassLeak, diag.Text{
		Title: "buffer leak",
		What:  "pages stay allocated at quiescence beyond what the rings can hold: buffers are lost instead of freed",
		Why:   "every mbuf or page the driver takes must be freed or handed on (net_rx, or the next use of the slot)",
		Shows: "QEMU shows it only in long runs, when kalloc runs dry",
		Hides: "the lab's runs are too short to exhaust memory",
		Fix:   "free the previous mbuf of a TX slot when you reuse it, and in the receive path hand up or free every mbuf you take ({at})",
	})
	diag.Register(kernel, sim.ClassCrash, diag.Text{
		Title: "crash",
		What:  "the driver crashed at {at}",
		Why:   "a kernel fault panics xv6",
		Shows: "QEMU shows it: the kernel panics (scause/stval)",
		Hides: "the faulting path runs only with the device timing of real hardware",
		Fix:   "at {loc}, check the pointer (for example a NULL from kalloc or mbufalloc) before using it",
	})
	diag.Register(kernel, keyStackOverrun, diag.Text{
		Title: "local array overrun",
		What:  "{at} wrote past the end of a local array, up through its callers' stack frames",
		Why:   "an index past an array's end overwrites what lies above the array; on the stack that is the callers' saved registers and return addresses, so the kernel returns into garbage",
		Shows: "QEMU shows it: the kernel faults (scause/stval) or hangs once a return address is overwritten",
		Hides: "the index runs past the end only with the device timing of real hardware (more frames arrive while the loop runs)",
		Fix:   "at {loc}, bound the index by the array's size (a receive loop that collects frames must stop after RX_RING_SIZE of them, or hand each one up as it takes it)",
	})
	diag.Register(kernel, sim.ClassPanic, diag.Text{
		Title: "kernel panic",
		What:  "the kernel panicked at {at}",
		Why:   "a driver must handle what the device and the kernel may do (a full ring, an allocation failure) without panicking",
		Shows: "QEMU shows it: the kernel panics",
		Hides: "the path runs only with the device timing of real hardware",
		Fix:   "at {loc}, return an error (drop the frame, keep the old buffer) instead of panicking",
	})
	diag.Register(kernel, sim.ClassCorrupt, diag.Text{
		Title: "corrupt frame",
		What:  "a frame was corrupted between the driver and the socket or the wire ({at})",
		Why:   "frames must go out and come in exactly as sent",
		Shows: "QEMU shows it: the lab's tests see a bad datagram",
		Hides: "it needs the device timing of real hardware",
		Fix:   "check the length and buffer address set at {loc}",
	})
}

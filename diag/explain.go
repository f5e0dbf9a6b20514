package diag

import (
	"strings"

	"github.com/nicsim/nicsim/sim"
)

// Explanation is a finding told in the user's terms.
type Explanation struct {
	Title string // "missing fence"
	What  string // what happened, in the driver's own names
	Why   string // the datasheet's or the kernel's rule it breaks
	QEMU  string // whether QEMU shows it, and why not
	Fix   string // the fix, at a line
}

// text is one row of the table: templates filled from a verdict's sites
// ({at} {loc} {func} {lock} {holder} {reg} {publish} {dir}).
type text struct {
	title, what, why string
	shows, hides     string // what QEMU does: shows (lab) / how it hides it (hardware)
	fix              string
}

// table holds the explanations, keyed by verdict class (ring-ownership has
// two rows: a tail moved back over pending descriptors, and a descriptor
// written while the device owns it).
var table = map[string]text{
	sim.ClassUnpublished: {
		title: "missing fence",
		what:  "{func} fills a {ring} descriptor and publishes it with the {reg} write at {publish} with no __sync_synchronize() in between, so the NIC may fetch the old descriptor",
		why:   "RISC-V (RVWMO) lets the device observe MMIO and memory stores out of order; the 82540EM manual has software make descriptors visible before it moves the tail (xv6's solution fences there)",
		shows: "QEMU shows it only if its emulated stores reorder, which they do not",
		hides: "QEMU reads the ring inside the {reg} write, after every store of the same CPU, so a missing fence never shows",
		fix:   "add __sync_synchronize(); before {publish}",
	},
	sim.ClassRingOwnership + "/back": {
		title: "ring full lap",
		what:  "{func} filled every slot of the {ring} ring: {reg} caught up with the head while descriptors were still pending, so the device sees an empty ring and {n} frames are never sent",
		why:   "the 82540EM ring holds at most N-1 descriptors: TDT == TDH means empty, so software must keep one slot free (check DD on the next slot, not only the one at {reg})",
		shows: "QEMU shows it: the ring laps with QEMU's device too",
		hides: "QEMU transmits inside the {reg} write, so its ring is empty again before the driver can fill it",
		fix:   "at {publish}, refuse to send (return -1) when the slot after {reg} is still owned by the device, i.e. keep one slot free",
	},
	sim.ClassRingOwnership: {
		title: "descriptor written while the NIC owns it",
		what:  "{at} writes a {ring} descriptor the device still owns (handed over by the tail write and not yet written back with DD)",
		why:   "a descriptor belongs to the NIC from the tail write until it sets DD; the driver may touch it only after DD is set",
		shows: "QEMU shows it: the device still owned the descriptor under QEMU's timing",
		hides: "QEMU processes descriptors inside the tail write, so they come back before the driver looks again",
		fix:   "at {loc}, check the descriptor's DD bit (and stop) before writing it",
	},
	sim.ClassLockReentry: {
		title: "lock re-entry",
		what:  "{at} acquires {lock} while the same CPU already holds it",
		why:   "xv6's acquire panics when a CPU takes a spinlock it holds (\"panic: acquire\"); net_rx answers ARP by calling e1000_transmit from inside the receive path",
		shows: "QEMU shows it: the kernel panics with panic: acquire",
		hides: "it needs a receive interrupt at a moment QEMU's timing does not give",
		fix:   "in {holder}, release {lock} before calling net_rx (hand each frame up with the lock dropped), or use separate TX and RX locks",
	},
	sim.ClassLockRelease: {
		title: "release of a lock not held",
		what:  "{at} releases {lock}, which this CPU does not hold",
		why:   "xv6's release panics when the CPU does not hold the lock (\"panic: release\")",
		shows: "QEMU shows it: the kernel panics with panic: release",
		hides: "the path runs only with the device timing of real hardware",
		fix:   "at {loc}, pair every release with an acquire on the same path",
	},
	sim.ClassDeadlock: {
		title: "deadlock",
		what:  "every CPU that could run waits for a lock ({lock}) another waiting CPU holds",
		why:   "spinlocks taken in a cycle never release; xv6 hangs",
		shows: "QEMU shows it: the kernel hangs",
		hides: "the interleaving needs the device timing of real hardware",
		fix:   "take {lock} in one order everywhere, and never with interrupts enabled where the interrupt handler takes it ({at})",
	},
	sim.ClassLockOrder: {
		title: "lock order inversion",
		what:  "the locks {lock} are taken in both orders ({at}), so two CPUs on these paths deadlock",
		why:   "locks must be acquired in one global order (xv6 book, locking chapter)",
		shows: "QEMU shows it only when two harts hit the window at once",
		hides: "the two paths need real concurrency to meet",
		fix:   "take {lock} in one order everywhere; at {loc}, release the first before taking the second",
	},
	sim.ClassLivelock: {
		title: "hang",
		what:  "{at} runs without progress: no frame moves and the run never finishes",
		why:   "the driver must make progress: rings drain, every transmit completes, the interrupt is acknowledged (ICR read) and the handler returns",
		shows: "QEMU shows it: the kernel hangs (make grade times out)",
		hides: "the hang needs the device timing of real hardware",
		fix:   "at {loc}, bound the loop by the descriptors' DD bits and acknowledge the interrupt by reading ICR",
	},
	sim.ClassLostPacket: {
		title: "lost packet",
		what:  "a datagram the {dir} path carried never arrived (or came out of order)",
		why:   "every frame handed to e1000_transmit must reach the wire once, and every received frame must reach net_rx once, in order",
		shows: "QEMU shows it: the lab's tests miss a reply",
		hides: "frames are lost only with the device timing of real hardware",
		fix:   "check {at}: process every descriptor with DD set in each interrupt, and advance the tail to the last one processed",
	},
	sim.ClassDuplicate: {
		title: "duplicate packet",
		what:  "a datagram on the {dir} path was delivered twice",
		why:   "each descriptor carries a frame once: the driver must clear DD (RX) or not re-post a sent slot (TX)",
		shows: "QEMU shows it: the lab's tests see a repeated datagram",
		hides: "it needs the device timing of real hardware",
		fix:   "clear the descriptor's status after consuming it and wrap the tail index modulo the ring size ({at})",
	},
	sim.ClassDMAFault: {
		title: "DMA outside RAM",
		what:  "the device was told to DMA {ring} data at an address outside RAM ({at})",
		why:   "descriptor and buffer addresses must be physical addresses of RAM the driver owns",
		shows: "QEMU shows it as garbage or zeros on the wire",
		hides: "QEMU reads unassigned memory as zeros and drops writes to it",
		fix:   "at {loc}, store the buffer's physical address (the mbuf's head or the kalloc'd page) in the descriptor",
	},
	sim.ClassUseAfterFree: {
		title: "buffer freed while the NIC owns it",
		what:  "the device DMAs a {ring} buffer the driver already freed ({at})",
		why:   "a buffer belongs to the NIC until its descriptor's DD is set; free a TX mbuf only when DD says it was sent",
		shows: "QEMU shows it: the freed page is reused and corrupts frames",
		hides: "QEMU transmits inside the TDT write, before the driver can free the buffer",
		fix:   "free the old buffer of a slot when you reuse the slot after DD is set, not right after the tail write ({loc})",
	},
	sim.ClassDoubleFree: {
		title: "double free",
		what:  "a page is freed twice ({at})",
		why:   "xv6's kfree of a free page corrupts the free list (nicsim panics as a checked kfree would)",
		shows: "QEMU shows it: kalloc later hands the same page out twice",
		hides: "the second free happens only with the device timing of real hardware",
		fix:   "at {loc}, free a buffer in one place only and clear the slot's pointer after freeing",
	},
	sim.ClassBadFree: {
		title: "free of a non-page",
		what:  "{at} frees an address kalloc never returned",
		why:   "kfree panics on an address that is not a page start",
		shows: "QEMU shows it: the kernel panics in kfree",
		hides: "the path runs only with the device timing of real hardware",
		fix:   "at {loc}, free the mbuf (mbuffree) you stored, not the descriptor's buffer address",
	},
	sim.ClassLeak: {
		title: "buffer leak",
		what:  "pages stay allocated at quiescence beyond what the rings can hold: buffers are lost instead of freed",
		why:   "every mbuf or page the driver takes must be freed or handed on (net_rx, or the next use of the slot)",
		shows: "QEMU shows it only in long runs, when kalloc runs dry",
		hides: "the lab's runs are too short to exhaust memory",
		fix:   "free the previous mbuf of a TX slot when you reuse it, and in the receive path hand up or free every mbuf you take ({at})",
	},
	sim.ClassCrash: {
		title: "crash",
		what:  "the driver crashed at {at}",
		why:   "a kernel fault panics xv6",
		shows: "QEMU shows it: the kernel panics (scause/stval)",
		hides: "the faulting path runs only with the device timing of real hardware",
		fix:   "at {loc}, check the pointer (for example a NULL from kalloc or mbufalloc) before using it",
	},
	sim.ClassPanic: {
		title: "kernel panic",
		what:  "the kernel panicked at {at}",
		why:   "a driver must handle what the device and the kernel may do (a full ring, an allocation failure) without panicking",
		shows: "QEMU shows it: the kernel panics",
		hides: "the path runs only with the device timing of real hardware",
		fix:   "at {loc}, return an error (drop the frame, keep the old buffer) instead of panicking",
	},
	sim.ClassCorrupt: {
		title: "corrupt frame",
		what:  "a frame was corrupted between the driver and the socket or the wire ({at})",
		why:   "frames must go out and come in exactly as sent",
		shows: "QEMU shows it: the lab's tests see a bad datagram",
		hides: "it needs the device timing of real hardware",
		fix:   "check the length and buffer address set at {loc}",
	},
	sim.ClassConfig: {
		title: "bad register setting",
		what:  "{reg} is programmed outside what the 82540EM allows ({at})",
		why:   "the manual requires 16-byte aligned ring bases, lengths that are multiples of 128 bytes and head/tail inside the ring",
		shows: "QEMU shows it as confusing garbage: it silently masks the value",
		hides: "QEMU silently masks the low bits of bases and lengths",
		fix:   "at {loc}, program {reg} with a legal value",
	},
	sim.ClassInternal: {
		title: "nicsim internal error",
		what:  "nicsim itself failed ({at})",
		why:   "this is a bug in nicsim, not in the driver",
		shows: "QEMU does not run nicsim's code",
		hides: "QEMU does not run nicsim's code",
		fix:   "report it to nicsim with the replay file",
	},
}

// generic explains a class the table does not know yet.
var generic = text{
	title: "failure",
	what:  "the run failed at {at}",
	why:   "the driver broke one of nicsim's oracles (see the message)",
	shows: "QEMU shows it: it happened with QEMU's device behaviour",
	hides: "it needs the device behaviour of real hardware",
	fix:   "look at {loc}",
}

// Explain tells a finding of the given class and tier in four parts, filled
// from its sites; faults names the injected faults of a faults-tier run.
func Explain(v *sim.Verdict, s Sites, tier Tier, faults string) Explanation {
	row, ok := table[rowKey(v)]
	if !ok {
		row = generic
	}
	fill := filler(v, s)
	e := Explanation{Title: row.title, What: fill(row.what), Why: fill(row.why), Fix: fill(row.fix)}
	switch tier {
	case Lab:
		e.QEMU = fill(row.shows) + " (replay --qemu runs it on the real guest)"
	case Hardware:
		e.QEMU = "QEMU hides this: " + fill(row.hides)
	default:
		e.QEMU = "QEMU shows it only if the injected fault happens there too (here: " + faults + "), for example a kalloc that fails when memory runs out"
		if w := faultWords(faults); w != "" {
			e.What = w + ", and then " + e.What
		}
	}
	return e
}

func rowKey(v *sim.Verdict) string {
	if v.Class == sim.ClassRingOwnership && reBack.MatchString(v.Message) {
		return v.Class + "/back"
	}
	return v.Class
}

// filler substitutes a verdict's sites into a template.
func filler(v *sim.Verdict, s Sites) func(string) string {
	or := func(a, b string) string {
		if a == "" {
			return b
		}
		return a
	}
	ring := or(ringOf(v.Message), "TX")
	reg := s.Reg
	if m := reBack.FindStringSubmatch(v.Message); m != nil {
		reg = m[1]
	}
	if v.Class == sim.ClassUnpublished || reg == "" || reg == "TX" || reg == "RX" {
		reg = tailReg(ring)
	}
	publish := "the " + reg + " write"
	if s.Publish.Known() {
		publish = s.Publish.Loc()
	}
	dir := map[string]string{"tx": "transmit", "rx": "receive"}[s.Dir]
	r := strings.NewReplacer(
		"{at}", or(s.At.String(), "the driver"),
		"{loc}", or(s.At.Loc(), or(s.Publish.Loc(), "the driver")),
		"{func}", or(s.At.Func, or(s.Publish.Func, "the driver")),
		"{lock}", or(s.Lock, "the driver's lock"),
		"{holder}", or(s.Holder.String(), "the function that holds it"),
		"{reg}", reg, "{ring}", ring, "{publish}", publish,
		"{dir}", or(dir, "transmit or receive"), "{n}", "the pending",
	)
	return r.Replace
}

// faultWords says in words what a run's injected faults (as harness
// renders them: "kalloc-fails=1/16 dup-irq") did.
func faultWords(faults string) string {
	words := map[string]string{
		"kalloc-fails": "kalloc returned 0", "spurious-irq": "a spurious interrupt arrived",
		"dup-irq": "an interrupt was delivered twice", "rx-burst": "a burst of frames arrived",
		"dd-delay<": "the device wrote DD back late", "rx-fifo": "the receive FIFO overran",
	}
	var out []string
	for _, f := range strings.Fields(faults) {
		name, _, _ := strings.Cut(f, "=")
		name, _, _ = strings.Cut(name, "/")
		if w, ok := words[name]; ok {
			out = append(out, w)
		}
	}
	return strings.Join(out, ", ")
}

package jos

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

// keyUserPanic is the row of a panic of a user environment.
const keyUserPanic = sim.ClassPanic + "/jos-user"

// The explanations of the environment oracles (netserver.go) in JOS's
// terms; see diag.Text for the placeholders. They belong to the kernel
// named ABI ("jos"), whichever package registers its model.
func init() {
	diag.RegisterMarker(sim.ClassPanic, "user panic in ", keyUserPanic)
	diag.Register(ABI, keyUserPanic, diag.Text{
		Title: "user environment panicked",
		What:  "a network server environment called panic ({at})",
		Why:   "lib/panic.c prints the message and destroys the environment: the output or input environment is gone, so no frame goes out or comes up any more",
		Shows: "QEMU shows it: 'user panic in ns_output at ...' on the console, and the grader's packets never come",
		Hides: "it needs the device behaviour of real hardware (a driver error code the environment did not expect)",
		Fix:   "at {loc}, handle the error the system call returned (retry on the driver's full or empty code) instead of panicking",
	})
	diag.Register(ABI, ClassInputPageReuse, diag.Text{
		Title: "input environment reuses its page",
		What:  "the input environment received a frame into the page it had just sent to the core network server as NSREQ_INPUT ({at}), before the server read it",
		Why:   "ipc_send maps the same physical page into the core server, which reads it only when it runs (jif_input copies the frame out later) and sends no reply; until then the page is the server's, so the next receive overwrites a frame the server has not read (the lab's hint: do not receive into the same physical page at once)",
		Shows: "QEMU shows it sometimes: frames handed to lwIP are corrupted or repeated when the input environment runs before the server",
		Hides: "on a uniprocessor JOS the server usually runs right after the IPC, so the overwrite lands after the read",
		Fix:   "at {loc}, sys_page_alloc a fresh page at nsipcbuf (or REQVA) before each receive: the server's mapping keeps the old page alive; or receive into a local buffer and copy into a fresh page",
	})
	diag.Register(ABI, ClassOutputDrop, diag.Text{
		Title: "output environment drops a frame when the ring is full",
		What:  "the output environment took its next NSREQ_OUTPUT request ({at}) although the transmit system call never accepted the frame before it",
		Why:   "a full transmit ring is a reason to wait, not to drop: the driver returns its 'full' error until the device frees a descriptor, and the core server sends each page once",
		Shows: "QEMU rarely shows it: its e1000 sends each frame inside the TDT write, so the ring is full only with more frames in flight than descriptors",
		Hides: "QEMU's transmit is synchronous, so the ring almost never fills",
		Fix:   "at {loc}, retry the transmit system call while it returns the ring-full error, with sys_yield() in between",
	})
	diag.Register(ABI, ClassUncheckedPointer, diag.Text{
		Title: "system call passes an unchecked user pointer",
		What:  "a net system call let the kernel touch the user's buffer ({at}) before user_mem_assert checked it",
		Why:   "a user environment can pass any address: unmapped, read-only, or inside the kernel; JOS checks every user pointer with user_mem_assert(curenv, va, len, perm), which destroys a bad environment, before the kernel dereferences it",
		Shows: "QEMU shows it with a bad pointer: a page fault in kernel mode panics JOS, or kernel memory goes out on the wire",
		Hides: "the lab's environments always pass good pointers",
		Fix:   "at {loc}, call user_mem_assert(curenv, buf, len, PTE_U) (PTE_U | PTE_W for a receive buffer) before handing the pointer to the driver",
	})
	diag.Register(ABI, ClassPastUserBuffer, diag.Text{
		Title: "frame copied past the user's buffer",
		What:  "the receive system call wrote past the end of the buffer the user passed ({at})",
		Why:   "a received frame may be longer than the user's buffer; the driver must copy at most the length the user gave (and report what it copied)",
		Shows: "QEMU shows it with a frame longer than the buffer: the environment's memory after the buffer is overwritten",
		Hides: "the lab's input environment passes a whole page, longer than any frame",
		Fix:   "at {loc}, copy MIN(descriptor length, len) bytes",
	})
}

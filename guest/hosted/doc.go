// Package hosted runs a real, unmodified C driver file (a student's xv6
// kernel/e1000.c) under nicsim's deterministic scheduler.
//
// [Build] compiles the driver with gcc's ThreadSanitizer instrumentation
// (every load and store calls a hook; volatile ones are told apart) and
// trace-pc coverage (every basic block calls a hook), links it with
// nicsim's own C runtime into a static image at 0x80000000 (xv6's
// KERNBASE), and caches the image by the SHA-256 of its inputs. The image
// calls no function of the host process.
//
// [Image.Load] maps the image's RAM at 0x80000000 and the register window
// at 0x40000000. The RAM is the simulated machine's memory
// ([Host.Config]), so descriptor addresses and TDBAL read the same as in
// the real kernel and the device's DMA sees what the driver wrote.
//
// Each entry point (e1000_init, e1000_transmit, e1000_intr) runs as a C
// coroutine on its own stack. It runs until the next event (a register
// access, an access to DMA-visible memory, a lock operation, a barrier, a
// kernel call), stores it in the runtime's control block and switches back,
// so the cgo call that resumed it returns. Go is never called from C. The
// context's Step performs the pending event through the [guest.Kernel]
// (device registers, memory oracle, locks, kalloc), then resumes the
// coroutine to its next scheduling point.
//
// A driver that faults (NULL dereference, wild write) becomes a crash
// verdict: a signal handler redirects a fault inside the image to a landing
// function that reports it; the coroutine is abandoned and the next run
// starts from a pristine image. A loop that reaches no event for
// [DefaultHangBlocks] basic blocks is a livelock verdict.
//
// Typical use:
//
//	img, err := hosted.Build(src, "kernel/e1000.c", hosted.Options{ABI: guest.ABIXV6})
//	h, err := img.Load()
//	defer h.Close()
//	for each run {
//		m := sim.New(h.Config(sim.Config{}), tape)
//		h.Attach(m)
//		k := &guest.Kernel{M: m, Dev: dev, Model: model, Net: net, ABI: img.ABI()}
//		k.Svc = kern.New(k) // the xv6 kernel's buffer services
//		drv := h.Driver() // its contexts run against k
//	}
package hosted

// Package hosted runs a real, unmodified C driver (a student's xv6
// kernel/e1000.c, an eth.c with its pci.c, a JOS lab's kern/e1000.c) under
// nicsim's deterministic scheduler. It is kernel-independent: every kernel
// brings its headers and services as a kit ([guest.HostedKit]); this
// package holds the runtime they share (coroutines, the instrumentation
// hooks, printf formatting, the memory functions) and builds and loads
// images.
//
// [Build] compiles the driver with gcc's ThreadSanitizer instrumentation
// (every load and store calls a hook; volatile ones are told apart) and
// trace-pc coverage (every basic block calls a hook), links it with
// nicsim's own C runtime and the kernel's kit into a static image at
// 0x80000000 (xv6's KERNBASE; a kit's layout may place it elsewhere), and
// caches the image by the SHA-256 of its inputs. The image
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
// Every kernel brings a kit ([guest.HostedKit], Options.Kit, required):
// the headers its drivers include (xv6's in guest/xv6/include), C runtime
// files with its services (compiled against those headers and linked with
// nicsim's own in name order: xv6's guest/xv6/hosted/rt_kernel.c and
// rt_net.c), and fallback driver files. Its runtime files may stop a coroutine with port
// I/O events (a port and a width, performed through the kernel model's
// [guest.PortBus]) and kernel calls ([guest.KernelCalls]), and define
// nicsim_kernel_entry, through which the kernel's workload calls the driver
// ([guest.Caller]). A driver may come in several files (Options.Files).
//
// Typical use:
//
//	km, _ := guest.LookupKernel("xv6")
//	img, err := hosted.Build(src, "kernel/e1000.c", hosted.Options{Kit: km.Hosted})
//	h, err := img.Load()
//	defer h.Close()
//	for each run {
//		m := sim.New(h.Config(sim.Config{}), tape)
//		h.Attach(m)
//		k := &guest.Kernel{M: m, Dev: dev, Model: model, Net: net}
//		k.Svc = km.NewServices(k) // the kernel's buffer services
//		drv := h.Driver() // its contexts run against k
//	}
package hosted

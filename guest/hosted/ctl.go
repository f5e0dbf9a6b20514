package hosted

// Mirror of struct nicsim_ctl and struct nicsim_coro in runtime/rt.h. Load
// checks that the sizes agree with the image's symbol sizes.

const (
	ctlMagic  = 0x215f6d697363696e // "nicsim_!"
	nCoro     = 16
	shadowMax = 32
	msgMax    = 512
)

// Events reported by the runtime. Kinds below evInline are scheduling points.
const (
	evNone = iota
	evMMIORead
	evMMIOWrite
	evMem
	evFence
	evAcquire
	evRelease
	evPushOff
	evPopOff
	evSleep
)

// Events of a kernel's runtime files ([guest.HostedKit]): port I/O and
// kernel calls, all scheduling points (rt.h leaves 10-31 to kernels).
const (
	evPortIn  = 24 // a=port b=width; reply the value
	evPortOut = 25 // a=port b=width c=value
	evKCall   = 26 // a=call b, c=arguments; reply the result
)

const (
	evInline = iota + 32
	evInitLock
	evHolding
	evKalloc
	evKfree
	evMbufAlloc
	evMbufFree
	evNetRx
	evCpuid
	evPrintf
	evPanic
	evReturn
	evCrash
	evHang
	evUnprovided
)

// Entry points and coroutine states.
const (
	entryInit = iota + 1
	entryTransmit
	entryIntr
	entryKernel // | op<<8: nicsim_kernel_entry(op, arg0, arg1)
)

const (
	coroFree = iota
	coroNew
	coroRunning
	coroDone
)

type coroT struct {
	Magic, SP, State, Entry, Arg0, Arg1 uint64
	Ret                                 int64
	StackLo, StackHi, Depth             uint64
	Shadow                              [shadowMax]uint64
}

type ctlT struct {
	Magic, HostSP, Cur, InCoro uint64
	Ev, A, B, C, PC            uint64
	Reply, Reply2              uint64
	Budget                     uint64
	DMALo, DMASpan             uint64
	ScratchSP                  uint64
	Msg                        [msgMax]byte
	Coro                       [nCoro]coroT
	HeapLo                     uint64
	DMAMap                     [dmaMapBytes]byte
	Magic2                     uint64
}

// dmaMapBytes is NICSIM_DMA_MAP: one bit per 16-byte granule of the
// driver's data and bss.
const dmaMapBytes = 4096

// markDMA makes [addr, addr+n) of the driver's data DMA-visible: its
// accesses become events and scheduling points.
func (x *ctlT) markDMA(addr, n uint64) {
	if n == 0 || addr < x.DMALo {
		return
	}
	for g := (addr - x.DMALo) >> 4; g <= (addr+n-1-x.DMALo)>>4 && g < dmaMapBytes*8; g++ {
		x.DMAMap[g>>3] |= 1 << (g & 7)
	}
}

// event is what stopped a coroutine.
type event struct {
	kind, a, b, c, pc uint64
}

// sched reports whether the event is a scheduling point.
func (e event) sched() bool { return e.kind < evInline }

// msg returns the NUL-terminated text in the control block.
func (x *ctlT) msg() string {
	for i, b := range x.Msg {
		if b == 0 {
			return string(x.Msg[:i])
		}
	}
	return string(x.Msg[:])
}

package sim

import "fmt"

// Verdict classes shared by every layer. Layers may add their own.
const (
	ClassPass          = "pass"
	ClassLockReentry   = "lock-reentry"
	ClassLockRelease   = "lock-release"
	ClassDeadlock      = "deadlock"
	ClassLivelock      = "livelock"
	ClassLostPacket    = "lost-packet"
	ClassDuplicate     = "duplicate-packet"
	ClassRingOwnership = "ring-ownership"
	ClassDMAFault      = "dma-fault"
	ClassDoubleFree    = "double-free"
	ClassUseAfterFree  = "use-after-free"
	ClassLeak          = "leak"
	ClassLockOrder     = "lock-order"
	ClassUnpublished   = "unpublished-store"
	ClassBadFree       = "bad-free"
	ClassCrash         = "crash"
	ClassPanic         = "panic"
	ClassCorrupt       = "corrupt-frame"
	ClassConfig        = "config-fault"
	ClassInternal      = "internal-error"
)

// Classes are the classes of findings sim's own oracles report (every
// class above but pass and internal-error), in a fixed order. Device and
// kernel models add theirs ([nic.Model.Classes], guest.KernelModel.Classes).
func Classes() []string {
	return []string{
		ClassLockReentry, ClassLockRelease, ClassDeadlock, ClassLivelock, ClassLostPacket, ClassDuplicate,
		ClassRingOwnership, ClassDMAFault, ClassDoubleFree, ClassBadFree, ClassUseAfterFree, ClassLeak,
		ClassLockOrder, ClassUnpublished, ClassCrash, ClassPanic, ClassCorrupt, ClassConfig,
	}
}

// Verdict is the outcome of a run: ClassPass, or what broke, when and why.
type Verdict struct {
	Class   string
	Message string
	T       Time
	Step    uint64
}

// Pass reports whether the run found nothing.
func (v *Verdict) Pass() bool { return v == nil || v.Class == ClassPass }

func (v *Verdict) Error() string {
	if v.Pass() {
		return "pass"
	}
	return fmt.Sprintf("%s: %s", v.Class, v.Message)
}

// Fail stops the run with a verdict. It does not return.
func (m *Machine) Fail(class, format string, args ...any) {
	panic(&Verdict{Class: class, Message: fmt.Sprintf(format, args...), T: m.Clock.now, Step: m.steps})
}

// Catch runs f, which may fail the run the way simulated code does (with
// Machine.Fail), and returns that verdict, or nil if f returned. Other
// panics pass through. It is for code that steps a machine by hand.
func Catch(f func()) (v *Verdict) {
	defer func() {
		if x := recover(); x != nil {
			vv, ok := x.(*Verdict)
			if !ok {
				panic(x)
			}
			v = vv
		}
	}()
	f()
	return nil
}

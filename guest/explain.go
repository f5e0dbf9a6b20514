package guest

import (
	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/sim"
)

// MarkUnprovided is in the message of the verdict of a driver that calls a
// kernel function nicsim's kernel model does not provide (the hosting
// layer links a stand-in for it, HostedKit.StubUndefined, which stops the
// run when called).
const MarkUnprovided = "which nicsim's kernel model does not provide"

// KeyUnprovided is the explanation row of [MarkUnprovided]'s verdicts.
const KeyUnprovided = sim.ClassInternal + "/unprovided"

func init() {
	diag.RegisterMarker(sim.ClassInternal, MarkUnprovided, KeyUnprovided)
	diag.Register("", KeyUnprovided, diag.Text{
		Title: "kernel function nicsim does not provide",
		What:  "{at} calls a function of the kernel that nicsim's model of the kernel does not provide, so the run stops there and nothing after it is judged",
		Why:   "nicsim runs your driver's files with its own model of the rest of the kernel; a call outside that model cannot be simulated (this is not a bug in the driver)",
		Shows: "QEMU runs your whole kernel, where the function exists",
		Hides: "QEMU runs your whole kernel, where the function exists",
		Fix:   "at {loc}, remove the call while you hunt (debugging output, statistics), or ask nicsim's authors to model the function",
	})
}

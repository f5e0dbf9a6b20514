package hosted

import (
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// kernelEvent performs a port access or a kernel call of a kernel's runtime
// files through the kernel model's services ([guest.PortBus],
// [guest.KernelCalls]). It returns false while the context sleeps.
func (x *hctx) kernelEvent(m *sim.Machine, c *sim.CPU, p event) bool {
	if p.kind == evKCall {
		return x.kernelCall(m, c, p)
	}
	bus, ok := x.k.Svc.(guest.PortBus)
	if !ok {
		m.Fail(sim.ClassInternal, "hosted: the driver does port I/O, but its kernel model has no port space")
		return true
	}
	m.SetSite(x.where(p.pc - 1)) // a device check may name the caller's line
	defer m.SetSite(sim.Where{})
	if p.kind == evPortIn {
		x.reply(uint64(bus.PortIn(c, uint16(p.a), int(p.b))))
	} else {
		bus.PortOut(c, uint16(p.a), int(p.b), uint32(p.c))
	}
	return true
}

// kernelCall performs a kernel call once; a call that sleeps leaves the
// context pending until the CPU wakes (or, parked, until the kernel model
// unparks it).
func (x *hctx) kernelCall(m *sim.Machine, c *sim.CPU, p event) bool {
	if x.slept {
		x.slept = false
		return true
	}
	kc, ok := x.k.Svc.(guest.KernelCalls)
	if !ok {
		m.Fail(sim.ClassInternal, "hosted: kernel call %d, but the kernel model has no kernel calls", p.a)
		return true
	}
	m.SetSite(x.where(p.pc - 1)) // the kernel model may name the caller's line
	r, d := kc.KernelCall(c, p.a, p.b, p.c)
	m.SetSite(sim.Where{})
	x.reply(r)
	if d == guest.Park {
		x.slept = true
		c.Block()
		return false
	}
	if d > 0 {
		x.slept = true
		c.Sleep(d)
		return false
	}
	return true
}

package harness

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// Faults is a swarm of fault parameters (TigerBeetle's VOPR idea): one seed
// picks which faults are on and how hard, so that different seeds stress
// different things. Every draw is a decision on the fault stream; 0 means
// "off", so shrinking removes faults.
type Faults struct {
	AllocFail int      // each kalloc fails with probability 1/AllocFail (0: never)
	Spurious  sim.Time // a spurious interrupt every this often (0: none)
	DupIRQ    bool     // every real interrupt is delivered twice
	Burst     int      // frames of a broadcast burst injected mid-run (0: none)
	// Device holds the values of the device model's fault kinds
	// ([nic.Model.Faults]), drawn after the kernel's.
	Device []int64
	model  *nic.Model
}

// drawFaults picks the run's swarm: the kernel's faults, then the device's.
func drawFaults(m *sim.Machine, dev *nic.Model) Faults {
	f := Faults{model: dev}
	f.AllocFail = [4]int{0, 64, 16, 4}[m.Intn(sim.StreamFault, 4)]
	f.Spurious = [3]sim.Time{0, 100 * sim.Microsecond, 20 * sim.Microsecond}[m.Intn(sim.StreamFault, 3)]
	f.DupIRQ = m.Intn(sim.StreamFault, 2) == 1
	f.Burst = [3]int{0, 16, 64}[m.Intn(sim.StreamFault, 3)]
	for _, k := range dev.Faults {
		f.Device = append(f.Device, k.Choices[m.Intn(sim.StreamFault, len(k.Choices))])
	}
	return f
}

// deviceLossy reports whether an active device fault excuses drops.
func (f *Faults) deviceLossy() bool {
	for i, v := range f.Device {
		if v != 0 && f.model.Faults[i].Lossy {
			return true
		}
	}
	return false
}

func (f Faults) String() string {
	var b []string
	if f.AllocFail > 0 {
		b = append(b, fmt.Sprintf("kalloc-fails=1/%d", f.AllocFail))
	}
	if f.Spurious > 0 {
		b = append(b, "spurious-irq/"+sim.FormatTime(f.Spurious))
	}
	if f.DupIRQ {
		b = append(b, "dup-irq")
	}
	if f.Burst > 0 {
		b = append(b, fmt.Sprintf("rx-burst=%d", f.Burst))
	}
	for i, v := range f.Device {
		if v != 0 {
			b = append(b, f.model.Faults[i].Format(v))
		}
	}
	if len(b) == 0 {
		return "none"
	}
	return strings.Join(b, " ")
}

// applyFaults switches the machine-level faults on; allocation failures
// start with the workload (armWorkloadFaults), since an init that cannot get
// memory may rightly panic.
func (w *world) applyFaults(f Faults) {
	m := w.m
	m.Intc.Duplicate = f.DupIRQ
	if f.Spurious > 0 {
		m.Clock.After(f.Spurious, spurious{w, f.Spurious})
	}
	if f.Burst > 0 {
		w.burstAt = sim.Time(1+m.Intn(sim.StreamFault, 8)) * 10 * sim.Microsecond
	}
}

// spurious raises a spurious interrupt now and then while work remains.
type spurious struct {
	w     *world
	every sim.Time
}

func (s spurious) Fire(m *sim.Machine) {
	if b, ok := s.w.wl.(guest.Busy); !ok || !b.Busy() {
		return
	}
	m.SpuriousIRQ()
	m.Clock.After(s.every, s)
}

// burst puts a storm of broadcast ARP requests for another host on the wire.
func (w *world) burst(n int) {
	req := stack.ARPWhoHas(stack.GatewayMAC, stack.GatewayIP, otherHost)
	for i := 0; i < n; i++ {
		w.wire.send(stack.AppendARP(nil, stack.BroadcastMAC, stack.GatewayMAC, req), 0)
	}
}

var otherHost = netip.AddrFrom4([4]byte{10, 0, 2, 99})

type burstTimer struct{ w *world }

func (b burstTimer) Fire(*sim.Machine) { b.w.burst(b.w.faults.Burst) }

// lossy reports whether the run lost packets legitimately: an injected
// allocation failure happened (the driver may drop what it cannot refill),
// or the device dropped frames under an injected burst or small packet
// buffer. Exactly-once then weakens to at-most-once, in order; every other
// oracle stays on. Other drops are excused only on the receive side of the
// strict device (see overran), and then the device must still be drained.
func (w *world) lossy() bool {
	f := &w.faults
	if f.AllocFail > 0 && w.m.Heap.Failed > 0 {
		return true
	}
	return (f.Burst > 0 || f.deviceLossy()) && w.dev.Overran()
}

// overran reports whether the strict device dropped received frames because
// its packet buffer was full: the manual's behaviour when the driver is not
// scheduled for a while, which UDP tolerates. Delivery to the guest socket
// then weakens to at-most-once, in order; the device must still be drained
// at quiescence, and the transmit side stays exactly-once.
func (w *world) overran() bool { return w.pers == nic.Strict && w.dev.Overran() }

// armWorkloadFaults arms the faults that wait for the workload
// ([guest.WorkloadEnv.ArmFaults]): the swarm's receive burst, settle plus
// its drawn offset from now, and allocation failures.
func (w *world) armWorkloadFaults(settle sim.Time) {
	if w.burstAt > 0 {
		w.m.Clock.After(settle+w.burstAt, burstTimer{w})
	}
	w.m.Heap.FailOneIn = w.faults.AllocFail
}

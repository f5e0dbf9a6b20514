package harness

import (
	"fmt"
	"github.com/nicsim/nicsim/nic/e1000"
	"net/netip"
	"strings"

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
	DelayDD   sim.Time // strict: TX write-back held back up to this long
	SmallFIFO bool     // strict: an 8-frame packet buffer, so bursts overrun
}

// drawFaults picks the run's swarm.
func drawFaults(m *sim.Machine) Faults {
	var f Faults
	f.AllocFail = [4]int{0, 64, 16, 4}[m.Intn(sim.StreamFault, 4)]
	f.Spurious = [3]sim.Time{0, 100 * sim.Microsecond, 20 * sim.Microsecond}[m.Intn(sim.StreamFault, 3)]
	f.DupIRQ = m.Intn(sim.StreamFault, 2) == 1
	f.Burst = [3]int{0, 16, 64}[m.Intn(sim.StreamFault, 3)]
	f.DelayDD = [3]sim.Time{0, 20 * sim.Microsecond, 200 * sim.Microsecond}[m.Intn(sim.StreamFault, 3)]
	f.SmallFIFO = m.Intn(sim.StreamFault, 2) == 1
	return f
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
	if f.DelayDD > 0 {
		b = append(b, "dd-delay<="+sim.FormatTime(f.DelayDD))
	}
	if f.SmallFIFO {
		b = append(b, "rx-fifo=8")
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
	m.PLIC.Duplicate = f.DupIRQ
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
	if s.w.ping.done() {
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
// oracle stays on. Drops without injected faults are never excused: they
// come from a driver that stopped draining its ring.
func (w *world) lossy() bool {
	f := &w.faults
	if f.AllocFail > 0 && w.m.Heap.Failed > 0 {
		return true
	}
	s := w.dev.Stats()
	return (f.Burst > 0 || f.SmallFIFO) && (s.RXOverrun > 0 || s.RXQueueFull > 0)
}

// overran reports whether the strict device dropped received frames because
// its packet buffer was full: the manual's behaviour when the driver is not
// scheduled for a while, which UDP tolerates. Delivery to the guest socket
// then weakens to at-most-once, in order; the device must still be drained
// at quiescence, and the transmit side stays exactly-once.
func (w *world) overran() bool {
	return w.dev.Personality() == e1000.Strict && w.dev.Stats().RXOverrun > 0
}

func (w *world) armWorkloadFaults() { w.m.Heap.FailOneIn = w.faults.AllocFail }

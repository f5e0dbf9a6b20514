package e1000

import (
	"hash/crc32"

	"github.com/nicsim/nicsim/sim"
)

// QEMU blocks reception for this long after every RCTL write
// (set_rx_control arms flush_queue_timer).
const rctlBlackout = 1 * sim.Second

// rxDelayUnit is the unit of RDTR and RADV.
const rxDelayUnit = 1024 * sim.Nanosecond

// rxState is the receive engine.
type rxState struct {
	q       frameQueue // frames held back (QEMU) or the packet buffer (strict)
	flushOn bool       // QEMU: the RCTL blackout timer (flushID) is pending
	flushID sim.TimerID
	flush   flushTimer

	// strict: the frame at the front of q is being moved
	phase phase
	desc  rxDesc
	off   int    // bytes of the frame already placed
	chunk int    // bytes placed by the descriptor in flight
	first uint32 // its first descriptor

	// strict RX interrupt delay: packet timer (RDTR) and absolute (RADV)
	delay        rxDelayTimer
	pktOn, absOn bool
	pktID, absID sim.TimerID

	own owner
}

func (r *rxState) reset(m *sim.Machine) {
	r.q.clear()
	r.phase, r.off, r.chunk = phaseFetch, 0, 0
	cancel(m, &r.flushOn, r.flushID)
	cancel(m, &r.pktOn, r.pktID)
	cancel(m, &r.absOn, r.absID)
}

func cancel(m *sim.Machine, on *bool, id sim.TimerID) {
	if *on {
		m.Clock.Cancel(id)
		*on = false
	}
}

func (r *rxState) inFlight(i uint32, rr *ringRegs) bool { return r.phase != phaseFetch && i == rr.head }

type flushTimer struct{ d *Device }

// Fire ends the RCTL blackout.
func (t flushTimer) Fire(*sim.Machine) {
	t.d.rx.flushOn = false
	t.d.updateRX()
}

// Receive hands the device a frame from the wire (without FCS). The device
// copies it. QEMU holds it back while it cannot receive; strict takes it
// into the packet buffer or drops it.
func (d *Device) Receive(frame []byte) {
	if d.strict() {
		d.receiveStrict(frame)
	} else {
		d.receiveQEMU(frame)
	}
	d.updateRX()
}

func (d *Device) receiveQEMU(frame []byte) {
	if d.rx.q.len() >= qemuQueueCap {
		d.dropArrival(reasonQueueFull, len(frame))
		d.stats.RXQueueFull++
		return
	}
	d.rx.q.push(frame)
	if why := d.whyHeldQEMU(); why != "" {
		d.m.EmitS(d.rxSrc, kindRXHold, why, uint64(len(frame)), uint64(d.rx.q.len()), 0)
	}
}

// dropArrival counts and traces a dropped frame of n bytes.
func (d *Device) dropArrival(reason string, n int) {
	d.stats.RXDropped++
	d.m.EmitS(d.rxSrc, kindRXDrop, reason, uint64(n), uint64(d.rx.q.len()), 0)
}

// dropFront drops the frame at the front of the queue.
func (d *Device) dropFront(reason string) {
	n := len(*d.rx.q.front())
	d.rx.q.pop()
	d.dropArrival(reason, n)
}

// padFrame zero-pads a stored frame to the 60-byte minimum.
func padFrame(f *[]byte) {
	for len(*f) < minFrame {
		*f = append(*f, 0)
	}
}

// appendFCS appends the frame's Ethernet CRC, as the device stores it in
// the buffer when RCTL.SECRC is clear.
func appendFCS(f *[]byte) {
	*f = le.AppendUint32(*f, crc32.ChecksumIEEE(*f))
}

func (d *Device) writeRCTL(v uint32) {
	d.r.rctl = v
	d.rearmRX()
	d.judgeRing(&d.r.rd, &rxNames, v&rctlEN != 0)
	if !d.strict() {
		cancel(d.m, &d.rx.flushOn, d.rx.flushID)
		d.rx.flushID = d.m.Clock.After(rctlBlackout, d.rx.flush)
		d.rx.flushOn = true
	}
	d.updateRX()
}

func (d *Device) writeRDT(v uint32) {
	old := d.r.rd.tail
	d.r.rd.tail = v
	d.judgeRing(&d.r.rd, &rxNames, d.r.rctl&rctlEN != 0)
	d.moveTail(&d.rx.own, &d.r.rd, old, v)
	d.updateRX()
}

// writeRDH: like TDH, strict reports a change while the receiver is on. A
// frame in flight restarts from its first byte.
func (d *Device) writeRDH(v uint32) {
	if d.strict() && d.r.rctl&rctlEN != 0 && v != d.r.rd.head {
		d.m.Fail(sim.ClassConfig, "RDH written (%d -> %d) while RCTL.EN=1: the 82540EM manual allows writing RDH only after a reset and before enabling the receiver",
			d.r.rd.head, v)
	}
	d.r.rd.head = v
	d.rx.phase, d.rx.off = phaseFetch, 0
	d.rearm(&d.rx.own, &d.r.rd, d.r.rctl&rctlEN != 0, true)
	d.updateRX()
}

// updateRX enables the "nic.rx" actor exactly when it can move a frame.
func (d *Device) updateRX() {
	on := d.rx.q.len() > 0
	if d.strict() {
		rd := &d.r.rd
		on = on && d.r.rctl&rctlEN != 0 && (d.rx.phase != phaseFetch || rd.head != rd.tail)
	} else {
		on = on && d.whyHeldQEMU() == ""
	}
	d.m.SetEnabled(d.rxID, on)
}

// stepRX is one step of the receive engine.
func (d *Device) stepRX() {
	if d.strict() {
		d.stepRXStrict()
	} else {
		d.deliverQEMU()
	}
	d.updateRX()
}

// advanceRDH moves RDH past a written descriptor (wrapping when RDH*16
// reaches RDLEN) and gives the slot back to the driver.
func (d *Device) advanceRDH() {
	rd := &d.r.rd
	d.rx.own.complete(rd.head)
	rd.head++
	if rd.head*descSize >= rd.len&ringLenMask {
		rd.head = 0
	}
	d.m.Emit(d.rxSrc, kindRDH, uint64(rd.head), uint64(rd.tail), 0)
}

// frameDone counts a frame written into the ring.
func (d *Device) frameDone(n int, first uint32) {
	d.stats.RXFrames++
	d.stats.RXBytes += uint64(n)
	incSat(&d.r.gprc)
	incSat(&d.r.tpr)
	d.m.Emit(d.rxSrc, kindRXFrame, uint64(n), uint64(first), 0)
	d.rx.q.pop()
}

// lowOnDescriptors reports whether the descriptors left to hardware have
// fallen to the RCTL.RDMTS threshold (1/2, 1/4 or 1/8 of the ring), which
// raises RXDMT0.
func (d *Device) lowOnDescriptors() bool {
	rd := &d.r.rd
	shift := (d.r.rctl>>rctlRDMTSSh)&3 + 1
	return rd.avail()*descSize <= (rd.len&ringLenMask)>>shift
}

// overrun drops the frame at the front for lack of descriptors (QEMU
// e1000_receiver_overrun): RNBC, MPC, RXO.
func (d *Device) overrun() {
	incSat(&d.r.rnbc)
	incSat(&d.r.mpc)
	d.stats.RXOverrun++
	d.dropFront(reasonOverrun)
	d.raise(RXO)
}

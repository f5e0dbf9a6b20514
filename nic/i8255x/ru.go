package i8255x

// minFrame is the shortest Ethernet frame without FCS; shorter arrivals
// are zero-padded (QEMU nic_receive) and short transmits padded on request.
const minFrame = 60

// maxFrame is the longest frame without FCS accepted unless configure
// byte 18 bit 3 (long receive OK) is set.
const maxFrame = 1518

// Drop reasons in the trace.
const (
	reasonNotReady = "ru-not-ready"
	reasonFiltered = "filtered"
	reasonLong     = "too-long"
	reasonOverrun  = "fifo-full"
	reasonCSMA     = "csma-disabled"
	reasonCRCXfer  = "crc-transfer"
)

// ruState is the receive unit.
type ruState struct {
	base, off uint32     // RU base and the offset of the next RFD
	q         frameQueue // frames waiting for the RU
	phase     phase
	addr      uint64        // the RFD in flight
	hdr       [hdrSize]byte // its header as fetched
	n         int           // bytes of the frame placed in it
	status    uint16        // filter bits for its status
	start     uint64        // the RFD the last RU start named (State)
	startAt   string        // the driver line of that RU start
}

func (r *ruState) reset() {
	r.q.clear()
	r.phase = phaseFetch
}

func (r *ruState) cmd() uint16  { return le.Uint16(r.hdr[offCommand:]) }
func (r *ruState) link() uint32 { return le.Uint32(r.hdr[offLink:]) }
func (r *ruState) size() int    { return int(le.Uint16(r.hdr[offThresh:])) }

// ruAddr is the address of the next RFD: RU base + offset, in 32 bits.
func (d *Device) ruAddr() uint64 { return uint64(d.ru.base + d.ru.off) }

// Receive hands the device a frame from the wire (without FCS). The device
// copies it into its queue; the "nic.ru" actor takes it in its own steps.
// Frames beyond the strict FIFO (or QEMU's bound) are dropped at once.
func (d *Device) Receive(frame []byte) {
	limit := qemuQueueCap
	if d.strict() {
		limit = d.cfg.RXFIFO
	}
	if d.ru.q.len() >= limit {
		d.stats.RXOverrun++
		d.dropped(reasonOverrun, len(frame))
		return
	}
	padded := d.ru.q.push(frame)
	for len(*padded) < minFrame {
		*padded = append(*padded, 0)
	}
	d.updateActors()
}

// dropped counts and traces a dropped frame of n bytes.
func (d *Device) dropped(reason string, n int) {
	d.stats.RXDropped++
	d.m.EmitS(d.ruSrc, kindRXDrop, reason, uint64(n), uint64(d.ru.q.len()), 0)
}

// dropFront drops the frame at the front of the queue.
func (d *Device) dropFront(reason string) {
	n := len(*d.ru.q.front())
	d.ru.q.pop()
	d.dropped(reason, n)
}

// stepRU is one step of the receive unit.
func (d *Device) stepRU() {
	if d.strict() {
		d.stepRUStrict()
	} else {
		d.receiveQEMU()
	}
	d.updateActors()
}

// receiveQEMU is QEMU's nic_receive for the frame at the front, all in one
// step: filter, drop with RNR if the RU is not ready, then write status,
// count and data into the RFD (whatever its C bit or size), raise FR and
// follow the link, stopping on EL (no resources, RNR) or S (suspended).
func (d *Device) receiveQEMU() {
	f := *d.ru.q.front()
	st, why := d.filter(f)
	if why != "" {
		d.dropFront(why)
		return
	}
	if d.rus != RUReady {
		d.stats.RXNoResources++
		d.counters[statRXResource]++
		d.dropFront(reasonNotReady)
		d.raise(RNR) // QEMU: one RNR per dropped frame
		return
	}
	addr := d.ruAddr()
	d.fetchRFD(addr)
	n := min(len(f), d.ru.size())
	if n < len(f) {
		d.stats.RXTruncated++
	}
	d.dmaWrite16(d.ruSrc, addr+offStatus, StatC|StatOK|st, objRFDStatus)
	d.dmaWrite16(d.ruSrc, addr+offCount, uint16(n), objRFDCount)
	if d.conf[18]&0x04 != 0 {
		d.dropFront(reasonCRCXfer) // QEMU: CRC transfer unsupported
		return
	}
	d.dmaWrite(d.ruSrc, addr+offData, f[:n], objRFDData)
	d.frameDone(addr, n)
	d.ru.off = d.ru.link()
	cmd := d.ru.cmd()
	if cmd&CmdEL != 0 {
		d.setRU(RUNoResources)
		d.raise(RNR)
	}
	if cmd&CmdS != 0 {
		d.setRU(RUSuspended)
	}
}

// fetchRFD reads the RFD header at addr.
func (d *Device) fetchRFD(addr uint64) {
	d.ru.addr = addr
	d.declare(addr, hdrSize)
	copy(d.ru.hdr[:], d.dmaRead(d.ruSrc, addr, hdrSize, objRFD))
	d.declare(addr, hdrSize+uint64(d.ru.size()))
	if d.ru.cmd()&CmdEL == 0 {
		d.declareBlock(uint64(d.ru.base+d.ru.link()), true) // the RU's next RFD
	}
}

// frameDone counts a frame written into the RFD at addr, raises FR and
// drops it from the queue.
func (d *Device) frameDone(addr uint64, n int) {
	d.stats.RXFrames++
	d.stats.RXBytes += uint64(n)
	d.counters[statRXGood]++
	d.m.Emit(d.ruSrc, kindRXFrame, uint64(n), addr, uint64(len(*d.ru.q.front())))
	d.ru.q.pop()
	d.raise(FR)
}

package report

// e1000 (82540EM) ring registers the timeline follows, by BAR0 offset.
const (
	regRDLEN = 0x2808
	regRDH   = 0x2810
	regRDT   = 0x2818
	regTDLEN = 0x3808
	regTDH   = 0x3810
	regTDT   = 0x3818

	ringLenMask = 0xFFF80 // RDLEN/TDLEN bits 19:7
	indexMask   = 0xFFFF  // RDH/RDT/TDH/TDT bits 15:0
	descSize    = 16
)

// register applies a driver's access to register off with value v. A write
// sets the register; a read only fills in a value not known yet, because
// the device's own tdh/rdh events are the truth and a strict device's head
// registers are not reliable.
func (f *folder) register(off, v uint32, write bool) {
	g, reg := f.ringOf(off)
	if g == nil {
		return
	}
	switch reg {
	case regRDLEN:
		if write {
			g.Size = int32(v&ringLenMask) / descSize
		}
	case regRDH:
		set(&g.Head, v, write)
	case regRDT:
		set(&g.Tail, v, write)
	}
}

func set(p *int32, v uint32, write bool) {
	if write || *p < 0 {
		*p = int32(v & indexMask)
	}
}

// ringOf maps a TX or RX ring register to its ring and the matching RX
// offset, so that both rings share one switch.
func (f *folder) ringOf(off uint32) (*Ring, uint32) {
	switch off {
	case regRDLEN, regRDH, regRDT:
		return &f.rx, off
	case regTDLEN, regTDH, regTDT:
		return &f.tx, off - regTDLEN + regRDLEN
	}
	return nil, 0
}

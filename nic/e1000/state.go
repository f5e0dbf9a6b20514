package e1000

import "github.com/nicsim/nicsim/nic"

// State describes the device for people (see [nic.State]): its registers by
// datasheet name, read without the side effects of an MMIO read (ICR is not
// cleared), and both descriptor rings slot by slot, read from RAM without
// any DMA event or ownership check. A slot between head and tail belongs to
// the device. A ring whose length register is zero has no slots.
func (d *Device) State() nic.State {
	return nic.State{
		Device:    "e1000",
		Registers: d.stateRegs(),
		Rings: []nic.RingView{
			d.ringView("TX", "TDH", "TDT", &d.r.td, txFields, txFlags),
			d.ringView("RX", "RDH", "RDT", &d.r.rd, rxFields, rxFlags),
		},
	}
}

func (d *Device) stateRegs() []nic.RegValue {
	r := &d.r
	regs := []struct {
		name string
		v    uint32
	}{
		{"CTRL", r.ctrl}, {"STATUS", statusReset}, {"ICR", r.icr}, {"IMS", r.ims}, {"ITR", r.itr},
		{"RCTL", r.rctl}, {"TCTL", r.tctl}, {"TIPG", r.tipg},
		{"RDBAL", r.rd.bal}, {"RDBAH", r.rd.bah}, {"RDLEN", r.rd.len}, {"RDH", r.rd.head}, {"RDT", r.rd.tail},
		{"RDTR", r.rdtr}, {"RADV", r.radv},
		{"TDBAL", r.td.bal}, {"TDBAH", r.td.bah}, {"TDLEN", r.td.len}, {"TDH", r.td.head}, {"TDT", r.td.tail},
		{"TIDV", r.tidv}, {"TADV", r.tadv},
		{"RAL0", r.ra[0]}, {"RAH0", r.ra[1]},
		{"MPC", r.mpc}, {"GPRC", r.gprc}, {"GPTC", r.gptc}, {"RNBC", r.rnbc}, {"TPR", r.tpr}, {"TPT", r.tpt},
	}
	out := make([]nic.RegValue, len(regs))
	for i, g := range regs {
		out[i] = nic.RegValue{Name: g.name, Value: g.v, Width: 4}
	}
	return out
}

// descField is a field of a legacy descriptor.
type descField struct {
	name       string
	off, width int
}

// Legacy TX and RX descriptor layouts (82540EM SDM 3.3.3 and 3.2.3).
var (
	txFields = []descField{{"addr", 0, 8}, {"length", 8, 2}, {"cso", 10, 1}, {"cmd", 11, 1},
		{"status", 12, 1}, {"css", 13, 1}, {"special", 14, 2}}
	rxFields = []descField{{"addr", 0, 8}, {"length", 8, 2}, {"csum", 10, 2}, {"status", 12, 1},
		{"errors", 13, 1}, {"special", 14, 2}}
)

// descFlag is a named bit of a descriptor byte.
type descFlag struct {
	name string
	off  int
	bit  byte
}

var (
	txFlags = []descFlag{{"EOP", 11, txCmdEOP}, {"IFCS", 11, txCmdIFCS}, {"RS", 11, txCmdRS},
		{"RPS", 11, txCmdRPS}, {"DEXT", 11, txCmdDEXT}, {"VLE", 11, txCmdVLE}, {"IDE", 11, txCmdIDE},
		{"DD", 12, txStaDD}, {"EC", 12, txStaEC}, {"LC", 12, txStaLC}, {"TU", 12, txStaTU}}
	rxFlags = []descFlag{{"DD", 12, rxStaDD}, {"EOP", 12, rxStaEOP}, {"IXSM", 12, rxStaIXSM}}
)

func (d *Device) ringView(name, head, tail string, rr *ringRegs, fields []descField, flags []descFlag) nic.RingView {
	v := nic.RingView{Name: name, Base: rr.base(), Head: int(rr.head), Tail: int(rr.tail),
		HeadName: head, TailName: tail}
	n := rr.size()
	for i := uint32(0); i < n; i++ {
		v.Slots = append(v.Slots, d.slotView(rr, i, fields, flags))
	}
	return v
}

func (d *Device) slotView(rr *ringRegs, i uint32, fields []descField, flags []descFlag) nic.Slot {
	addr := rr.slotAddr(i)
	s := nic.Slot{Index: int(i), Addr: addr}
	n := rr.size()
	if n > 0 && (i+n-rr.head)%n < (rr.tail+n-rr.head)%n {
		s.Owner = nic.OwnerDevice
	}
	if i == rr.head {
		s.Note = "head"
	}
	b, err := d.m.Mem.Slice(addr, descSize)
	if err != nil {
		s.Note = "outside RAM"
		return s
	}
	for _, f := range fields {
		var v uint64
		for k := f.width - 1; k >= 0; k-- {
			v = v<<8 | uint64(b[f.off+k])
		}
		s.Fields = append(s.Fields, nic.Field{Name: f.name, Off: f.off, Width: f.width, Value: v})
	}
	for _, f := range flags {
		if b[f.off]&f.bit != 0 {
			s.Flags = append(s.Flags, f.name)
		}
	}
	return s
}

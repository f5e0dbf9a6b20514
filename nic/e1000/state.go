package e1000

import "github.com/nicsim/nicsim/nic"

// State implements [nic.Device]: the named registers (read without side
// effects) and both rings slot by slot, each descriptor as it is in RAM.
func (d *Device) State() nic.State {
	st := nic.State{Device: "e1000"}
	for _, r := range model.Regs {
		st.Registers = append(st.Registers, nic.RegValue{Name: r.Name, Value: d.peek(r.Off), Width: r.Width})
	}
	st.Rings = []nic.RingView{
		d.ringView("TX", "TDH", "TDT", &d.r.td, txFields, txFlags),
		d.ringView("RX", "RDH", "RDT", &d.r.rd, rxFields, rxFlags),
	}
	return st
}

// peek reads a register as Read does, without clearing ICR or statistics.
func (d *Device) peek(off uint32) uint32 {
	switch off {
	case ICR:
		return d.r.icr
	case EERD:
		return d.r.eerd
	case MPC:
		return d.r.mpc
	case GPRC:
		return d.r.gprc
	case GPTC:
		return d.r.gptc
	case RNBC:
		return d.r.rnbc
	case ROC:
		return d.r.roc
	case TPR:
		return d.r.tpr
	case TPT:
		return d.r.tpt
	}
	return d.read((off & barMask) &^ 3)
}

// descField is one field of the legacy descriptor layout.
type descField struct {
	name       string
	off, width int
}

var (
	txFields = []descField{{"addr", 0, 8}, {"length", 8, 2}, {"cso", 10, 1}, {"cmd", 11, 1},
		{"status", 12, 1}, {"css", 13, 1}, {"special", 14, 2}}
	rxFields = []descField{{"addr", 0, 8}, {"length", 8, 2}, {"csum", 10, 2}, {"status", 12, 1},
		{"errors", 13, 1}, {"special", 14, 2}}
)

// txFlags and rxFlags name the set command and status bits of a descriptor.
func txFlags(b []byte) []string {
	out := bitNames(nil, b[11], "EOP", "IFCS", "IC", "RS", "RPS", "DEXT", "VLE", "IDE")
	return bitNames(out, b[12], "DD", "EC", "LC", "TU")
}

func rxFlags(b []byte) []string {
	return bitNames(nil, b[12], "DD", "EOP", "IXSM", "VP", "", "TCPCS", "IPCS", "PIF")
}

func bitNames(out []string, v byte, names ...string) []string {
	for i, n := range names {
		if n != "" && v&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// ringView reads a ring's descriptors from RAM (slots outside RAM have no
// fields). Slots in [head, tail) are the device's.
func (d *Device) ringView(name, head, tail string, r *ringRegs, fields []descField, flags func([]byte) []string) nic.RingView {
	v := nic.RingView{Name: name, Base: r.base(), Head: int(r.head), Tail: int(r.tail), HeadName: head, TailName: tail}
	n := r.size()
	for i := uint32(0); i < n; i++ {
		s := nic.Slot{Index: int(i), Addr: r.slotAddr(i), Owner: nic.OwnerDriver}
		if (i-r.head+n)%n < r.avail() {
			s.Owner = nic.OwnerDevice
		}
		if b, err := d.m.Mem.Slice(s.Addr, descSize); err == nil {
			for _, f := range fields {
				s.Fields = append(s.Fields, nic.Field{Name: f.name, Off: f.off, Width: f.width, Value: leN(b[f.off:], f.width)})
			}
			s.Flags = flags(b)
		}
		if i == r.head {
			s.Note = "next to fetch"
		}
		v.Slots = append(v.Slots, s)
	}
	return v
}

// leN reads a little-endian field of n bytes.
func leN(b []byte, n int) uint64 {
	var v uint64
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

package i8255x

import "github.com/nicsim/nicsim/nic"

// State describes the device now: the CSR and unit registers by their
// manual names, the CBL (from the CB the last CU start named) and the RFA
// (from the RFD the last RU start named) slot by slot with their status and
// command bits and owner, and the CU and RU states.
func (d *Device) State() nic.State {
	return nic.State{
		Device:    "i8255x",
		Registers: d.registers(),
		Rings:     []nic.RingView{d.listView("CBL"), d.listView("RFA")},
		Units: []nic.Unit{
			{Name: "CU", State: cuName(d.cus)},
			{Name: "RU", State: ruName(d.rus)},
		},
	}
}

func (d *Device) registers() []nic.RegValue {
	r := func(name string, v uint32, w int) nic.RegValue { return nic.RegValue{Name: name, Value: v, Width: w} }
	return []nic.RegValue{
		r("SCB.STATUS", d.Read(SpaceIO, SCBStatus, 1), 1),
		r("SCB.STATACK", uint32(d.csr[SCBStatAck]), 1),
		r("SCB.CMD", uint32(d.csr[SCBCmd]), 1),
		r("SCB.INTMASK", uint32(d.csr[SCBIntMask]), 1),
		r("SCB.POINTER", d.pointer(), 4),
		r("EEPROM", uint32(le.Uint16(d.csr[EEPROMCtl:])), 2),
		r("MDI", le.Uint32(d.csr[MDICtl:]), 4),
		r("CU.BASE", d.cu.base, 4),
		r("CU.OFFSET", d.cu.off, 4),
		r("RU.BASE", d.ru.base, 4),
		r("RU.OFFSET", d.ru.off, 4),
		r("DUMP.ADDR", d.dumpAddr, 4),
	}
}

// listView walks a list from its start for people: up to maxWalk blocks,
// until a link loops back or EL ends it.
func (d *Device) listView(name string) nic.RingView {
	start, base, owned, next := d.cu.start, d.cu.base, d.ownedCBL(nil), d.cuAddr()
	if name == "RFA" {
		start, base, owned, next = d.ru.start, d.ru.base, d.ownedRFA(nil), d.ruAddr()
	}
	v := nic.RingView{Name: name, Base: start, Head: -1, Tail: -1}
	seen := map[uint64]bool{}
	for addr := start; len(v.Slots) < maxWalk && !seen[addr]; {
		b, ok := d.peek(addr, hdrSize)
		if !ok {
			break
		}
		seen[addr] = true
		s := d.slot(name, len(v.Slots), addr, [hdrSize]byte(b), owned, next)
		v.Slots = append(v.Slots, s)
		if le.Uint16(b[offCommand:])&CmdEL != 0 {
			break
		}
		addr = uint64(base + le.Uint32(b[offLink:]))
	}
	return v
}

func (d *Device) slot(list string, i int, addr uint64, h [hdrSize]byte, owned []block, next uint64) nic.Slot {
	st, cmd := le.Uint16(h[offStatus:]), le.Uint16(h[offCommand:])
	s := nic.Slot{Index: i, Addr: addr, Link: uint64(le.Uint32(h[offLink:]))}
	s.Fields = []nic.Field{
		{Name: "status", Off: offStatus, Width: 2, Value: uint64(st)},
		{Name: "command", Off: offCommand, Width: 2, Value: uint64(cmd)},
		{Name: "link", Off: offLink, Width: 4, Value: s.Link},
	}
	if list == "RFA" {
		s.Fields = append(s.Fields,
			nic.Field{Name: "count", Off: offCount, Width: 2, Value: uint64(le.Uint16(h[offCount:]))},
			nic.Field{Name: "size", Off: offThresh, Width: 2, Value: uint64(le.Uint16(h[offThresh:]))})
	} else {
		s.Flags = append(s.Flags, opNames[cmd&7])
		if cmd&7 == OpTransmit {
			s.Fields = append(s.Fields,
				nic.Field{Name: "tbd_array", Off: offTBDArr, Width: 4, Value: uint64(le.Uint32(h[offTBDArr:]))},
				nic.Field{Name: "count", Off: offCount, Width: 2, Value: uint64(le.Uint16(h[offCount:]))})
		}
	}
	s.Flags = append(s.Flags, blockFlags(st, cmd)...)
	for _, b := range owned {
		if b.addr == addr {
			s.Owner = nic.OwnerDevice
			if b.inFlight {
				s.Note = "in flight"
			}
		}
	}
	if s.Note == "" && addr == next {
		s.Note = "next to fetch"
	}
	return s
}

func blockFlags(st, cmd uint16) []string {
	var f []string
	for _, b := range []struct {
		on   bool
		name string
	}{{st&StatC != 0, "C"}, {st&StatOK != 0, "OK"}, {cmd&CmdEL != 0, "EL"}, {cmd&CmdS != 0, "S"}, {cmd&CmdI != 0, "I"}} {
		if b.on {
			f = append(f, b.name)
		}
	}
	return f
}
